// The shared sandbox wrapper (services/shared/src/sandbox.ts) as the heavy worker uses it: the
// command line it builds, the fallbacks it detects, and a real contained child on this machine.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { deathSignalPrefix, detectSandbox, permissionFlag, sandboxCommand, sandboxSupport, type SandboxSupport } from '../../../shared/src/sandbox.ts';

const full: SandboxSupport = { unshare: ['unshare', '--net', '--pid', '--fork', '--kill-child', '--'], prlimit: true, isolation: 'namespaces' };

test('the command line: namespaces, then the memory cap, then node with its permission flags before the entry', () => {
  const c = sandboxCommand({ command: '/usr/bin/node', args: ['--max-old-space-size=64', 'entry.mjs'], read: ['/s', '/lib'], write: ['/tmp/run'], memoryBytes: 1024 }, full);
  expect([c.command, ...c.args]).toEqual([
    'unshare', '--net', '--pid', '--fork', '--kill-child', '--',
    'prlimit', '--data=1024', '--',
    '/usr/bin/node', permissionFlag(), '--allow-fs-read=/s', '--allow-fs-read=/lib', '--allow-fs-write=/tmp/run', '--max-old-space-size=64', 'entry.mjs',
  ]);
  expect(c).toMatchObject({ isolation: 'namespaces', memoryCapped: true });
  // Other programs get the OS layer only; relative allow-list paths are a programming error.
  expect(sandboxCommand({ command: 'python3', args: ['x.py'] }, full).args.slice(-3)).toEqual(['--', 'python3', 'x.py']);
  expect(() => sandboxCommand({ command: 'node', args: [], read: ['relative'] }, full)).toThrow(/must be absolute/);
});

test('expected failure: without unshare/prlimit the child still gets the permission model, and a warning says what is missing', () => {
  const none = detectSandbox(() => false, 'linux', false);
  expect(none).toMatchObject({ unshare: [], prlimit: false, isolation: 'permission-only' });
  expect(none.warning).toMatch(/unshare.*network/);
  const c = sandboxCommand({ command: 'node', args: ['e.mjs'], read: ['/s'], memoryBytes: 1 }, none);
  expect([c.command, ...c.args]).toEqual(['node', permissionFlag(), '--allow-fs-read=/s', 'e.mjs']);
  expect(c.memoryCapped).toBe(false);
  // Non-root tries unprivileged user namespaces; root tries plain namespaces first.
  const tried: string[] = [];
  detectSandbox((cmd, args) => (tried.push([cmd, ...args].join(' ')), false), 'linux', false);
  expect(tried[0]).toMatch(/^unshare --map-root-user --net --pid/);
  tried.length = 0;
  detectSandbox((cmd, args) => (tried.push([cmd, ...args].join(' ')), cmd === 'unshare'), 'linux', true);
  expect(tried[0]).toMatch(/^unshare --net --pid/);
  expect(detectSandbox(() => true, 'darwin', true).isolation).toBe('permission-only');
  // The lifeline (child dies with its parent) is optional too.
  expect(deathSignalPrefix(() => true)).toEqual(['setpriv', '--pdeathsig', 'KILL', '--']);
  expect(deathSignalPrefix(() => false)).toEqual([]);
});

test('a real contained node child: no network, no host PIDs, reads and writes only where allowed', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sandbox-unit-')));
  const code = `
    import fs from 'node:fs';
    const out = {};
    try { fs.readFileSync('/etc/hostname'); out.read = 'ok'; } catch (e) { out.read = e.code; }
    try { fs.writeFileSync(${JSON.stringify(path.join(dir, 'w.txt'))}, 'x'); out.write = 'ok'; } catch (e) { out.write = e.code; }
    try { await fetch('http://127.0.0.1:39999/'); out.net = 'ok'; } catch (e) { out.net = e.cause?.code; }
    out.pid = process.pid;
    console.log(JSON.stringify(out));`;
  fs.writeFileSync(path.join(dir, 'probe.mjs'), code);
  const c = sandboxCommand({ command: process.execPath, args: ['--disable-warning=ExperimentalWarning', path.join(dir, 'probe.mjs')], read: [dir], write: [dir], memoryBytes: 512 * 2 ** 20 });
  const r = spawnSync(c.command, c.args, { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.read).toBe('ERR_ACCESS_DENIED');
  expect(out.write).toBe('ok');
  if (sandboxSupport().unshare.length) {
    expect(out.net).toBe('ENETUNREACH');
    expect(out.pid).toBe(1); // first process of its own PID namespace
  } else {
    expect(out.net).toBe('ECONNREFUSED');
  }
});
