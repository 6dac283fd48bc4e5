import { expect, expectServiceErrors, test } from '../../fixtures/arena.ts';
import { openSession, runTurn, vote } from '../../fixtures/arena/backend.ts';

type EpisodeDoc = { episode_id: string; battle_id: string; turn_id: string; side: string; model_id: string; actions: number[][]; states: unknown[] };

test.describe('battles', () => {
  test('INT-206 a session opens a battle between two different hidden models; an unknown robot or scene is refused by name', { tag: ['@p0', '@INT-206'] }, async ({ backend, db }) => {
    const session = await test.step('POST /api/sessions/init → 201 with sess_/battle_ IDs and both models hidden', async () => {
      const res = await backend.post('/api/sessions/init', { data: { robot_id: 'franka_panda', scene_id: 'table_pick_place' } });
      expect(res.status()).toBe(201);
      const body = await res.json();
      expect(body).toEqual({ session_id: expect.stringMatching(/^sess_/), battle_id: expect.stringMatching(/^battle_/), left_model: '???', right_model: '???' });
      return body;
    });
    await test.step('Postgres holds the battle with two different real models', async () => {
      const { rows } = await db.query('SELECT left_model, right_model FROM battles WHERE id = $1 AND session_id = $2', [session.battle_id, session.session_id]);
      expect(rows).toHaveLength(1);
      expect([rows[0].left_model, rows[0].right_model].sort()).toEqual(['ik-grasp', 'mock-vla']);
    });
    await test.step('expected failure: unknown robot or scene → 404 naming it; a missing field → 422; nothing is stored', async () => {
      const { rows: before } = await db.query('SELECT count(*)::int AS n FROM sessions');
      const robot = await backend.post('/api/sessions/init', { data: { robot_id: 'ur5', scene_id: 'table_pick_place' } });
      expect(robot.status()).toBe(404);
      expect((await robot.json()).message).toContain('"ur5"');
      const scene = await backend.post('/api/sessions/init', { data: { robot_id: 'franka_panda', scene_id: 'kitchen' } });
      expect(scene.status()).toBe(404);
      expect((await scene.json()).message).toContain('"kitchen"');
      const missing = await backend.post('/api/sessions/init', { data: { robot_id: 'franka_panda' } });
      expect(missing.status()).toBe(422);
      expect((await missing.json()).field).toBe('body.scene_id');
      const { rows: after } = await db.query('SELECT count(*)::int AS n FROM sessions');
      expect(after[0].n).toBe(before[0].n);
    });
  });

  test('INT-207 a turn stores both episodes in the document store, one per side, with matching battle and turn IDs', { tag: ['@p0', '@INT-207'] }, async ({ backend, docstore }) => {
    const { battle_id } = await openSession(backend);
    const turn = await test.step('POST /api/battles/{id}/turns → 201 completed with two episode IDs', async () => {
      const t = await runTurn(backend, battle_id);
      expect(t).toMatchObject({ status: 'completed', turn_id: expect.stringMatching(/^turn_/), seq: 1 });
      expect(t.left_episode_id).not.toBe(t.right_episode_id);
      return t;
    });
    await test.step('the documents, read directly from the store: one per side, the right IDs, len(states) == len(actions)', async () => {
      const docs = await docstore.collection<EpisodeDoc>('episodes').find({ turn_id: turn.turn_id });
      expect(docs.map((d) => d.side).sort()).toEqual(['left', 'right']);
      for (const d of docs) {
        expect(d).toMatchObject({ battle_id, turn_id: turn.turn_id });
        expect(d.episode_id).toBe(d.side === 'left' ? turn.left_episode_id : turn.right_episode_id);
        expect(d.states.length).toBe(d.actions.length);
        expect(d.actions.length).toBeGreaterThan(1);
      }
      expect(docs.map((d) => d.model_id).sort()).toEqual(['ik-grasp', 'mock-vla']);
    });
    await test.step('GET /api/episodes/{id} serves the same episode, the model still hidden before the vote', async () => {
      const res = await backend.get(`/api/episodes/${turn.left_episode_id}`);
      expect(res.status()).toBe(200);
      const e = await res.json();
      const doc = await docstore.collection<EpisodeDoc>('episodes').findOne({ episode_id: turn.left_episode_id });
      expect(e).toMatchObject({ episode_id: turn.left_episode_id, battle_id, turn_id: turn.turn_id, side: 'left', model_id: '???' });
      expect(e.states).toEqual(doc!.states);
    });
    await test.step('expected failure: an unknown battle → 404; an empty instruction → 422; an unknown episode → 404', async () => {
      expect((await backend.post('/api/battles/battle_00000000000000000000000000000000/turns', { data: { instruction: 'x' } })).status()).toBe(404);
      const empty = await backend.post(`/api/battles/${battle_id}/turns`, { data: { instruction: '' } });
      expect(empty.status()).toBe(422);
      expect((await empty.json()).field).toBe('body.instruction');
      expect((await backend.get('/api/episodes/ep_00000000000000000000000000000000')).status()).toBe(404);
    });
  });

  test('INT-208 multi-turn battles keep every episode: third and later turns, and concurrent turns never share a sequence number', { tag: ['@p0', '@INT-208'] }, async ({ backend, db, docstore }) => {
    const { battle_id } = await openSession(backend);
    await test.step('four turns in a row get seq 1..4 (the original crashed on the third)', async () => {
      for (let i = 1; i <= 4; i++) expect((await runTurn(backend, battle_id, `turn ${i}: pick up the green cube`)).seq).toBe(i);
    });
    await test.step('three turns posted at once: all stored, seq 5..7, no duplicate', async () => {
      const answers = await Promise.all([1, 2, 3].map((i) => backend.post(`/api/battles/${battle_id}/turns`, { data: { instruction: `parallel ${i}` } })));
      const ok = answers.filter((a) => a.status() === 201);
      for (const refused of answers.filter((a) => a.status() !== 201)) expect(refused.status()).toBe(409);
      const { rows } = await db.query('SELECT seq FROM turns WHERE battle_id = $1 ORDER BY seq', [battle_id]);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 4 + ok.length }, (_, i) => i + 1));
    });
    await test.step('every turn has its two episodes in the store, and GET /api/battles/{id} lists them in order', async () => {
      const { rows } = await db.query('SELECT id FROM turns WHERE battle_id = $1', [battle_id]);
      expect(await docstore.collection('episodes').countDocuments({ battle_id })).toBe(2 * rows.length);
      const battle = await (await backend.get(`/api/battles/${battle_id}`)).json();
      expect(battle.turns.map((t: { seq: number }) => t.seq)).toEqual(rows.map((_, i) => i + 1));
    });
  });

  test('INT-209 a policy server stopped mid-suite: the turn answers a clean 5xx within a bounded time and nothing of it is stored', { tag: ['@p0', '@INT-209'] }, async ({ backend, stack, db, docstore }) => {
    test.skip(stack.mode === 'attach', 'stopping a policy server needs a booted stack');
    const { battle_id } = await openSession(backend);
    await runTurn(backend, battle_id);
    const count = async () => ({
      turns: (await db.query('SELECT count(*)::int AS n FROM turns WHERE battle_id = $1', [battle_id])).rows[0].n,
      intents: (await db.query('SELECT count(*)::int AS n FROM turn_intents WHERE battle_id = $1', [battle_id])).rows[0].n,
      episodes: await docstore.collection('episodes').countDocuments({ battle_id }),
    });
    const before = await count();
    expectServiceErrors('backend', /"status":50[234]/);
    await stack.stopService('policy-ik');
    try {
      await test.step('expected failure: the turn → 503 naming the server that is down', async () => {
        const res = await backend.post(`/api/battles/${battle_id}/turns`, { data: { instruction: 'pick up the red cube' } });
        expect(res.status()).toBe(503);
        expect((await res.json()).message).toContain('ik-grasp');
      });
      await test.step('nothing of it is stored: no turn row, no intent, no episode document', async () => {
        expect(await count()).toEqual(before);
      });
    } finally {
      await stack.startService('policy-ik');
    }
    await test.step('with the server back, the next turn is stored as seq 2', async () => {
      expect((await runTurn(backend, battle_id)).seq).toBe(2);
    });
  });

  test('INT-210 a vote reveals the models; a second vote, an unknown battle and a bad value are refused', { tag: ['@p0', '@INT-210'] }, async ({ backend, db }) => {
    const { battle_id } = await openSession(backend);
    await test.step('expected failure: a vote before any turn → 400', async () => {
      expect((await backend.post('/api/votes', { data: { battle_id, vote: 'tie' } })).status()).toBe(400);
    });
    await runTurn(backend, battle_id);
    await test.step('POST /api/votes → 201 with the real models, as Postgres has them', async () => {
      const v = await vote(backend, battle_id, 'left_better');
      const { rows } = await db.query('SELECT left_model, right_model FROM battles WHERE id = $1', [battle_id]);
      expect(v).toMatchObject({ vote_id: expect.stringMatching(/^vote_/), revealed_models: { left: rows[0].left_model, right: rows[0].right_model } });
      const battle = await (await backend.get(`/api/battles/${battle_id}`)).json();
      expect(JSON.stringify(battle)).not.toContain('???');
    });
    await test.step('expected failure: a second vote → 400; an unknown battle → 404; a bad value → 422; one vote stored', async () => {
      const again = await backend.post('/api/votes', { data: { battle_id, vote: 'tie' } });
      expect(again.status()).toBe(400);
      expect((await backend.post('/api/votes', { data: { battle_id: 'battle_00000000000000000000000000000000', vote: 'tie' } })).status()).toBe(404);
      const bad = await backend.post('/api/votes', { data: { battle_id, vote: 'great' } });
      expect(bad.status()).toBe(422);
      expect((await bad.json()).field).toBe('body.vote');
      const { rows } = await db.query('SELECT vote FROM votes WHERE battle_id = $1', [battle_id]);
      expect(rows).toEqual([{ vote: 'left_better' }]);
    });
  });
});
