// Global setup of the unit-test run: the tests write scratch sessions and scenes under
// os.tmpdir(), so the run gets a folder of its own there (TMPDIR, inherited by the test workers)
// and removes it at the end instead of leaving dozens of folders in /tmp.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function unitScratch(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-unit-'));
  process.env.TMPDIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
