import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';

test.describe('runtime/execute', () => {
  test('INT-003 executed code runs in its session root and cannot reach outside it', { tag: ['@p0', '@INT-003'] }, async ({
    workerLight,
    stack,
    sessionId,
  }) => {
    const run = async (code: string, timeout = 20) => {
      const res = await workerLight.post('/runtime/execute', { headers: sessionHeaders(sessionId), data: { code, timeout } });
      expect(res.status()).toBe(200);
      return res.json();
    };

    await test.step('code runs as an ES module in the session root and its files are visible to the file API', async () => {
      const out = await run(`
        import fs from 'node:fs';
        import { box, volume } from './utils/units.mjs';
        fs.writeFileSync('made-by-code.txt', 'volume ' + volume(box([0, 0, 0], [2, 3, 4])));
        console.log(process.cwd().endsWith('/${sessionId}'));
        console.error('to stderr');`);
      expect(out).toMatchObject({ stdout: 'true\n', stderr: 'to stderr\n', exit_code: 0, timed_out: false });
      const read = await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: '/made-by-code.txt' } });
      expect((await read.json()).content).toBe('volume 24');
    });

    await test.step('events appended to events.jsonl during the run come back in the response, earlier ones do not', async () => {
      await run(`import { emit } from './utils/events.mjs'; emit('before');`);
      const out = await run(`
        import { emit } from './utils/events.mjs';
        emit('run_command_tool', { step: 1 });
        emit('simulation_request', { step: 2 });`);
      expect(out.events.map((e: { event_type: string }) => e.event_type)).toEqual(['run_command_tool', 'simulation_request']);
      expect(out.events[0]).toMatchObject({ step: 1, timestamp: expect.any(String) });
    });

    await test.step('the environment is scrubbed: none of the worker\'s variables leak in', async () => {
      const out = await run(`console.log(JSON.stringify(Object.keys(process.env).sort()))`);
      const keys: string[] = JSON.parse(out.stdout);
      expect(keys).not.toContain('SESSIONS_DIR');
      expect(keys).not.toContain('PORT');
      expect(keys.every((k) => ['HOME', 'LANG', 'NODE_ENV', 'PATH', 'TMPDIR'].includes(k))).toBe(true);
    });

    await test.step('expected failure: reading /etc/passwd or writing outside the root is denied', async () => {
      const out = await run(`
        import fs from 'node:fs';
        try { fs.readFileSync('/etc/passwd', 'utf8'); console.log('READ'); } catch (e) { console.log(e.code); }
        try { fs.writeFileSync('../escaped-${sessionId}.txt', 'x'); console.log('WROTE'); } catch (e) { console.log(e.code); }
        try { fs.writeFileSync('/tmp/escaped-${sessionId}.txt', 'x'); console.log('WROTE'); } catch (e) { console.log(e.code); }`);
      expect(out.stdout).toBe('ERR_ACCESS_DENIED\nERR_ACCESS_DENIED\nERR_ACCESS_DENIED\n');
    });

    await test.step('expected failure: no child processes, no worker threads', async () => {
      const out = await run(`
        import { execSync } from 'node:child_process';
        import { Worker } from 'node:worker_threads';
        try { execSync('id'); console.log('SPAWNED'); } catch (e) { console.log(e.code); }
        try { new Worker('1', { eval: true }); console.log('WORKER'); } catch (e) { console.log(e.code); }`);
      expect(out.stdout).toBe('ERR_ACCESS_DENIED\nERR_ACCESS_DENIED\n');
    });

    await test.step('expected failure: code cannot plant a symlink to / (or a hard link to /etc/passwd) for the file API to follow', async () => {
      const out = await run(`
        import fs from 'node:fs';
        try { fs.symlinkSync('/', 'root-link'); console.log('LINKED'); } catch (e) { console.log(e.code); }
        try { fs.linkSync('/etc/passwd', 'passwd'); console.log('LINKED'); } catch (e) { console.log(e.code); }`);
      expect(out.stdout).toBe('ERR_ACCESS_DENIED\nERR_ACCESS_DENIED\n');
      for (const p of ['/root-link/etc/passwd', '/passwd']) {
        const res = await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: p } });
        expect(res.status(), p).toBe(404);
      }
    });

    await test.step('expected failure: a while(true) is killed at the timeout and reported as timed out', async () => {
      // An endless loop only returns if it was killed: no wall-clock threshold needed.
      const out = await run(`console.log('spinning'); while (true) {}`, 1);
      expect(out).toMatchObject({ timed_out: true, exit_code: null, stdout: 'spinning\n' });
    });

    await test.step('expected failure: a runaway print is capped at 1 MiB and marked truncated', async () => {
      const out = await run(`const line = 'x'.repeat(1023) + '\\n'; for (let i = 0; i < 3000; i++) process.stdout.write(line);`);
      expect(out.stdout_truncated).toBe(true);
      expect(out.stdout.length).toBeLessThan(1024 * 1024 + 100);
      expect(out.stdout).toContain('output truncated');
    });

    await test.step('expected failure: a Buffer allocation far over the memory cap fails, a small one succeeds', async () => {
      const { sandbox } = await (await workerLight.get('/health?detail=true')).json();
      expect(sandbox.memory_cap_mb, 'the host enforces a memory cap on runs').toEqual(expect.any(Number));
      const far = sandbox.memory_cap_mb * 2;
      // Untouched 256 MiB chunks: without a cap they take address space, not the host's memory.
      const out = await run(`
        try { Buffer.alloc(64 * 2 ** 20, 1); console.log('small ok'); } catch (e) { console.log('small', e.name); }
        const held = [];
        try { while (held.length * 256 < ${far}) held.push(Buffer.allocUnsafeSlow(256 * 2 ** 20)); console.log('ALLOCATED ${far} MB'); }
        catch (e) { console.log('far', e.name, held.length * 256 < ${far}); }`);
      expect(out).toMatchObject({ stdout: 'small ok\nfar RangeError true\n', exit_code: 0 });
    });

    await test.step('expected failure: code cannot signal the worker, nor reach it through its own process group', async () => {
      const before = await (await workerLight.get('/health?detail=true')).json();
      expect(before.pid).toEqual(expect.any(Number));
      const out = await run(`try { process.kill(${before.pid}, 0); console.log('REACHED'); } catch (e) { console.log(e.code); }`);
      expect(out.stdout).toBe('ESRCH\n');
      // A signal to "my process group" must end only the run: the worker answers after it, unchanged.
      await run(`process.kill(0, 'SIGTERM'); await new Promise((r) => setTimeout(r, 2000));`, 10);
      const after = await workerLight.get('/health?detail=true');
      expect(after.status()).toBe(200);
      expect((await after.json()).pid).toBe(before.pid);
    });

    await test.step('expected failure: code cannot reach the database: its TCP port is unreachable and it has no socket file', async () => {
      const port = Number(new URL(stack.resources.postgres!.url).port);
      const out = await run(`
        import net from 'node:net';
        const attempt = (to) => new Promise((resolve) => {
          const socket = net.connect(to);
          socket.on('connect', () => { socket.destroy(); resolve('CONNECTED'); });
          socket.on('error', (e) => resolve(e.code));
        });
        console.log(await attempt({ host: '127.0.0.1', port: ${port} }), await attempt({ path: '/tmp/.s.PGSQL.${port}' }));`);
      expect(out.stdout).toBe('ENETUNREACH ENOENT\n');
    });

    await test.step('expected failure: events.jsonl made a folder → 200 with the output, and events_error says why', async () => {
      const out = await run(`import fs from 'node:fs'; fs.rmSync('events.jsonl', { force: true }); fs.mkdirSync('events.jsonl'); console.log('made a folder');`);
      expect(out).toMatchObject({ stdout: 'made a folder\n', exit_code: 0, events: [], events_truncated: false });
      expect(out.events_error).toContain('events.jsonl');
      expect(out.events_error).toContain('folder');
      const fixed = await run(`import fs from 'node:fs'; fs.rmdirSync('events.jsonl'); import('./utils/events.mjs').then(({ emit }) => emit('after_fix'));`);
      expect(fixed.events.map((e: { event_type: string }) => e.event_type)).toEqual(['after_fix']);
      expect(fixed).not.toHaveProperty('events_error');
    });

    await test.step('expected failure: a flood of events is capped in the response and marked truncated; events.jsonl keeps them all', async () => {
      const out = await run(`
        import fs from 'node:fs';
        let lines = '';
        for (let i = 0; i < 5000; i++) lines += JSON.stringify({ event_type: 'bulk', i, pad: 'x'.repeat(300) }) + '\\n';
        fs.appendFileSync('events.jsonl', lines);`);
      expect(out.events_truncated).toBe(true);
      expect(out.events.length).toBeGreaterThan(0);
      expect(out.events.length).toBeLessThan(5000);
      expect(out.events.map((e: { i: number }) => e.i)).toEqual([...out.events.keys()]); // the first ones, in order
      const file = await workerLight.post('/fs/read', { headers: sessionHeaders(sessionId), data: { path: 'events.jsonl' } });
      const bulk = (await file.json()).content.split('\n').filter((l: string) => l.includes('"bulk"'));
      expect(bulk.length).toBe(5000);
      const small = await run(`import { emit } from './utils/events.mjs'; emit('one');`);
      expect(small).toMatchObject({ events_truncated: false, events: [expect.objectContaining({ event_type: 'one' })] });
    });

    await test.step('a thrown error is a non-zero exit with the stack on stderr, still HTTP 200', async () => {
      const out = await run(`throw new Error('boom from user code')`);
      expect(out.exit_code).not.toBe(0);
      expect(out.stderr).toContain('boom from user code');
    });

    await test.step("expected failure: output never shows where the host keeps sessions: paths are relative to the session root", async () => {
      const out = await run(`import fs from 'node:fs'; console.log(process.cwd()); fs.readFileSync('missing.txt');`);
      expect(out.exit_code).not.toBe(0);
      expect(out.stdout).toBe('.\n');
      expect(out.stderr).toContain("open 'missing.txt'");
      expect(out.stderr).toContain('[eval1]');
      const host = [stack.resources.postgres!.database, sessionId, '/dev/shm', '/sessions/', '.stack/runs'];
      for (const part of host) expect(`${out.stdout}${out.stderr}`, part).not.toContain(part);
    });

    await test.step('expected failure: bad execute requests → 400 naming the field', async () => {
      for (const [data, field] of [
        [{ code: '1', timeout: 0 }, 'body.timeout'],
        [{ code: '1', timeout: 301 }, 'body.timeout'],
        [{ code: '' }, 'body.code'],
        [{ timeout: 5 }, 'body.code'],
        [{ code: 1 }, 'body.code'],
      ] as const) {
        const res = await workerLight.post('/runtime/execute', { headers: sessionHeaders(sessionId), data });
        expect(res.status(), JSON.stringify(data)).toBe(400);
        expect(await res.json(), JSON.stringify(data)).toMatchObject({ error: 'validation_failed', field });
      }
      const notJson = await workerLight.post('/runtime/execute', {
        headers: { ...sessionHeaders(sessionId), 'content-type': 'application/json' },
        data: Buffer.from('{"code": '),
      });
      expect(notJson.status()).toBe(400);
      expect(await notJson.json()).toMatchObject({ error: 'invalid_json' });
    });
  });
});
