// Global setup of the unit-test run: the tests write scratch sessions and scenes under
// os.tmpdir(), so the run gets a folder of its own there (TMPDIR, inherited by the test workers)
// and removes it at the end instead of leaving dozens of folders in /tmp.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function unitScratch(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-unit-'));
  // As root, initdb runs as the `postgres` user and reads a password file the library writes
  // into TMPDIR: mkdtemp's 0700 would lock it out.
  fs.chmodSync(dir, 0o755);
  process.env.TMPDIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
