import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { permissionFlag, type SandboxSupport } from '../../shared/src/sandbox.ts';
import { DATA_CAP_MB, executeCommand, executeSandbox, HEAP_CAP_MB, sandboxState } from './sandbox.ts';

const full: SandboxSupport = { unshare: ['unshare', '--net', '--pid', '--fork', '--kill-child', '--'], prlimit: true, isolation: 'namespaces' };
const none: SandboxSupport = { unshare: [], prlimit: false, isolation: 'permission-only', warning: '`unshare` (network and PID namespaces) does not work here' };
const lifeline = ['setpriv', '--pdeathsig', 'KILL', '--'];

test('the command line: lifeline, namespaces, memory cap, then node confined to the session root', () => {
  const { command, args } = executeCommand('/s/abc', { support: full, lifeline });
  expect([command, ...args]).toEqual([
    ...lifeline,
    ...full.unshare,
    'prlimit', `--data=${DATA_CAP_MB * 1024 * 1024}`, '--',
    process.execPath, permissionFlag(), '--allow-fs-read=/s/abc', '--allow-fs-write=/s/abc',
    `--max-old-space-size=${HEAP_CAP_MB}`, '--disable-warning=ExperimentalWarning', '--input-type=module', '-',
  ]);
  expect(args.some((a) => a.startsWith('--allow-child-process') || a.startsWith('--allow-worker') || a.startsWith('--allow-addons'))).toBe(false);
  expect(sandboxState({ support: full, lifeline })).toEqual({
    isolation: 'namespaces', network_isolated: true, pid_isolated: true, memory_cap_mb: DATA_CAP_MB, heap_cap_mb: HEAP_CAP_MB, dies_with_worker: true,
  });
});

test('expected failure: without the OS tools the run keeps the permission model and the state says what is missing', () => {
  const { command, args } = executeCommand('/s/abc', { support: none, lifeline: [] });
  expect(command).toBe(process.execPath);
  expect(args.slice(0, 3)).toEqual([permissionFlag(), '--allow-fs-read=/s/abc', '--allow-fs-write=/s/abc']);
  const state = sandboxState({ support: none, lifeline: [] });
  expect(state).toMatchObject({ isolation: 'permission-only', network_isolated: false, pid_isolated: false, memory_cap_mb: null, dies_with_worker: false });
  expect(state.warning).toMatch(/unshare.*; `setpriv --pdeathsig` is unavailable/);
});

test('a real run on this host: no network, no host processes, Buffers count against the memory cap', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wb-light-sandbox-unit-')));
  const state = sandboxState();
  const code = `
    const out = {};
    try { await fetch('http://127.0.0.1:39999/'); out.net = 'ok'; } catch (e) { out.net = e.cause?.code; }
    try { process.kill(${process.pid}, 0); out.signal = 'ok'; } catch (e) { out.signal = e.code; }
    try { Buffer.alloc(64 * 2 ** 20, 1); out.small = 'ok'; } catch (e) { out.small = e.name; }
    // Untouched 256 MiB chunks: without a cap this costs address space, not memory.
    const held = [];
    try { for (let i = 0; i < 16; i++) held.push(Buffer.allocUnsafeSlow(256 * 2 ** 20)); out.big = 'ok'; } catch (e) { out.big = e.name; }
    console.log(JSON.stringify(out));`;
  const { command, args } = executeCommand(root);
  const r = spawnSync(command, args, { input: code, cwd: root, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.small).toBe('ok');
  if (state.network_isolated) expect(out).toMatchObject({ net: 'ENETUNREACH', signal: 'ESRCH' });
  if (state.memory_cap_mb) expect(out.big).toBe('RangeError');
  expect(executeSandbox().support.isolation).toBe(state.isolation);
  fs.rmSync(root, { recursive: true, force: true });
});
