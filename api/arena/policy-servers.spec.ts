import { expect, test } from '../../fixtures/arena.ts';
import { openSession, SAMPLE_XML, sessionXml } from '../../fixtures/arena/backend.ts';

test.describe('policy servers', () => {
  test('INT-201 both policy servers answer /health and /info, singly and concurrently, honest about what they are', { tag: ['@p0', '@INT-201'] }, async ({ policyMock, policyIk }) => {
    await test.step('each /health names its model and the MuJoCo it runs on', async () => {
      for (const [api, model] of [[policyMock, 'mock-vla'], [policyIk, 'ik-grasp']] as const) {
        const res = await api.get('/health');
        expect(res.status()).toBe(200);
        expect(await res.json()).toEqual({ status: 'healthy', service: 'policy-server', model, policy: model, mujoco_version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
      }
    });
    await test.step('/info: loaded, on the CPU, 8 actions, and a type that says what it is (neither claims to be a network)', async () => {
      const mock = await (await policyMock.get('/info')).json();
      const ik = await (await policyIk.get('/info')).json();
      expect(mock).toMatchObject({ model_id: 'mock-vla', loaded: true, device: 'cpu', action_dim: 8, type: expect.stringContaining('mock') });
      expect(ik).toMatchObject({ model_id: 'ik-grasp', loaded: true, device: 'cpu', action_dim: 8, type: expect.stringContaining('inverse kinematics') });
      for (const info of [mock, ik]) expect(info.type).toContain('not a neural network');
    });
    await test.step('ten concurrent health and info requests all answer 200', async () => {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? policyMock : policyIk).get(i % 4 < 2 ? '/health' : '/info')));
      expect(answers.map((a) => a.status())).toEqual(new Array(10).fill(200));
    });
    await test.step('expected failure: an unknown route is a JSON 404', async () => {
      const res = await policyMock.get('/nope');
      expect(res.status()).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'not_found' });
    });
  });

  test('INT-202 /predict of both servers: 8 actions in [-1, 1]; mock-vla is deterministic across restarts; different models differ', { tag: ['@p0', '@INT-202'] }, async ({ policyMock, policyIk, backend, stack }) => {
    const predict = async (api: typeof policyMock, instruction: string, xml: string) => {
      const res = await api.post('/predict', { data: { instruction, xml_string: xml } });
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()).action as number[];
    };
    const xml = await sessionXml(backend, (await openSession(backend)).session_id);
    const first = await test.step('the seed\'s sample model and the composed arm are both accepted; actions are 8 numbers in [-1, 1]', async () => {
      for (const api of [policyMock, policyIk]) {
        for (const model of [SAMPLE_XML, xml]) {
          const action = await predict(api, 'pick up the red cube', model);
          expect(action).toHaveLength(8);
          for (const a of action) expect(Math.abs(a)).toBeLessThanOrEqual(1);
        }
      }
      return predict(policyMock, 'pick up the red cube', xml);
    });
    await test.step('mock-vla: the same input gives the same action, concurrently and after a restart of its process', async () => {
      const together = await Promise.all(Array.from({ length: 5 }, () => predict(policyMock, 'pick up the red cube', xml)));
      for (const a of together) expect(a).toEqual(first);
      test.skip(stack.mode === 'attach', 'restarting needs a booted stack');
      const before = stack.pid('policy-mock');
      await stack.restartService('policy-mock');
      expect(stack.pid('policy-mock')).not.toBe(before);
      expect(await predict(policyMock, 'pick up the red cube', xml)).toEqual(first);
    });
    await test.step('expected failure: another instruction, or another model, gives another action', async () => {
      expect(await predict(policyMock, 'push the blue cube', xml)).not.toEqual(first);
      expect(await predict(policyIk, 'pick up the red cube', xml)).not.toEqual(first);
    });
  });

  test('INT-203 expected failures of /predict and /episode: 422 for a missing field, 400 with MuJoCo\'s message, 413 oversized, no file access', { tag: ['@p0', '@INT-203'] }, async ({ policyMock, policyIk }) => {
    for (const route of ['/predict', '/episode']) {
      await test.step(`${route}: missing instruction or XML, or an empty instruction → 422 naming the field`, async () => {
        for (const [data, field] of [[{ xml_string: SAMPLE_XML }, 'body.instruction'], [{ instruction: 'x' }, 'body.xml_string'], [{ instruction: '  ', xml_string: SAMPLE_XML }, 'body.instruction']] as const) {
          const res = await policyMock.post(route, { data });
          expect(res.status(), JSON.stringify(data)).toBe(422);
          expect((await res.json()).field).toBe(field);
        }
      });
      await test.step(`${route}: XML that does not parse, has no <mujoco> root or that MuJoCo rejects → 400 with the reason`, async () => {
        for (const [xml, message] of [
          ['not xml at all', /no <mujoco> root/],
          ['<robot name="x"/>', /no <mujoco> root/],
          ['<mujoco><worldbody><geom type="sphere"', /MuJoCo could not parse the XML: .*XML parse error/],
          ['<mujoco><worldbody><geom type="sphre" size="1"/></worldbody></mujoco>', /MuJoCo rejected the model: XML Error: invalid keyword: 'sphre'/],
          ['<mujoco><actuator><motor joint="nope"/></actuator></mujoco>', /unknown transmission target 'nope'/],
          ['<mujoco><include file="/etc/passwd"/></mujoco>', /refers to files/],
          ['<mujoco><asset><mesh name="m" file="/etc/passwd"/></asset></mujoco>', /refers to files/],
          ['<!DOCTYPE m [<!ENTITY e SYSTEM "/etc/passwd">]><mujoco><worldbody/></mujoco>', /no <mujoco> root|DOCTYPE/],
          ['<mujoco><size memory="1500M"/><worldbody/></mujoco>', /over this server's limit of 256M/],
          [`<mujoco><worldbody>${'<body><geom type="sphere" size="0.01"/></body>'.repeat(301)}</worldbody></mujoco>`, /301 <body> elements; at most 300/],
          ['<mujoco><worldbody><replicate count="5000"><body><geom size="0.1"/></body></replicate></worldbody></mujoco>', /<replicate>.*not allowed/],
        ] as const) {
          const res = await policyIk.post(route, { data: { instruction: 'x', xml_string: xml } });
          expect(res.status(), xml).toBe(400);
          expect(await res.json()).toMatchObject({ error: 'invalid_model', field: 'body.xml_string', message: expect.stringMatching(message) });
        }
      });
      await test.step(`${route}: a model over 1 MiB → 413; malformed JSON → 400`, async () => {
        const big = `<mujoco><!-- ${'x'.repeat(1024 * 1024)} --></mujoco>`;
        const res = await policyMock.post(route, { data: { instruction: 'x', xml_string: big } });
        expect(res.status()).toBe(413);
        expect((await res.json()).message).toContain('at most 1048576');
        const bad = await policyMock.post(route, { headers: { 'content-type': 'application/json' }, data: Buffer.from('{"instruction":') });
        expect(bad.status()).toBe(400);
      });
    }
    await test.step('/episode: steps outside 1..1000 and a non-integer are 422', async () => {
      for (const steps of [0, 1001, 2.5]) {
        const res = await policyMock.post('/episode', { data: { instruction: 'x', xml_string: SAMPLE_XML, steps } });
        expect(res.status(), String(steps)).toBe(422);
      }
    });
  });

  test('INT-204 10 round-robin requests split 5/5; a dead address fails fast while the live server keeps answering', { tag: ['@p1', '@INT-204'] }, async ({ policyMock, policyIk, playwright }) => {
    await test.step('round robin over both servers: each answers 5 of 10, as itself', async () => {
      const servers = [policyMock, policyIk];
      const models = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => (await (await servers[i % 2]!.post('/predict', { data: { instruction: `req ${i}`, xml_string: SAMPLE_XML } })).json()).model_id as string),
      );
      expect(models.filter((m) => m === 'mock-vla')).toHaveLength(5);
      expect(models.filter((m) => m === 'ik-grasp')).toHaveLength(5);
    });
    await test.step('expected failure: a server address nobody listens on is refused, and the live one answers right after', async () => {
      // A port just freed by the OS: nothing listens there.
      const net = await import('node:net');
      const port = await new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as { port: number }).port;
          s.close(() => resolve(p));
        });
      });
      const dead = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${port}` });
      await expect(dead.get('/health')).rejects.toThrow(/ECONNREFUSED/);
      await dead.dispose();
      expect((await policyMock.get('/health')).status()).toBe(200);
    });
  });
});
