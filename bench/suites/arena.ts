// The arena's hot paths: a /predict round trip per policy, a two-model turn (both rollouts and
// the storage of both episodes), ten turns at once, and rollout speed in simulated seconds per
// wall second on the composed arm + table scene.
import { median, type BenchSuite } from '../types.ts';

async function json(url: string, body?: unknown): Promise<any> {
  const res = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`bench: ${url} → ${res.status} ${await res.text()}`);
  return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
}

export const arena: BenchSuite = async ({ urls, runs }) => {
  const backend = urls.backend!;
  const session = await json(`${backend}/api/sessions/init`, { robot_id: 'franka_panda', scene_id: 'table_pick_place' });
  const xml = (await json(`${backend}/api/sessions/${session.session_id}/mjcf`)) as string;
  const rows = [];

  for (const [service, model] of [['policy-mock', 'mock-vla'], ['policy-ik', 'ik-grasp']] as const) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await json(`${urls[service]}/predict`, { instruction: 'pick up the red cube', xml_string: xml });
      times.push(performance.now() - t0);
    }
    rows.push({ name: `/predict round trip, ${model} (composed arm + scene)`, value: median(times), unit: 'ms', target: model === 'mock-vla' ? '< 1000 ms (seed)' : '< 5000 ms (seed)' });

    const speed: number[] = [];
    for (let i = 0; i < runs; i++) {
      const e = await json(`${urls[service]}/episode`, { instruction: 'pick up the red cube', xml_string: xml, steps: 200 });
      speed.push(e.states.at(-1).time / (e.duration_ms / 1000));
    }
    rows.push({ name: `rollout speed, ${model} (200 steps of 20 ms)`, value: median(speed), unit: 'sim-s/s' });
  }

  const turns: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await json(`${backend}/api/battles/${session.battle_id}/turns`, { instruction: 'pick up the red cube' });
    turns.push(performance.now() - t0);
  }
  rows.push({ name: 'two-model turn (both rollouts + storage)', value: median(turns), unit: 'ms', target: '< 60000 ms (seed)' });

  const battles = await Promise.all(Array.from({ length: 10 }, () => json(`${backend}/api/sessions/init`, { robot_id: 'franka_panda', scene_id: 'table_pick_place' })));
  const t0 = performance.now();
  await Promise.all(battles.map((b) => json(`${backend}/api/battles/${b.battle_id}/turns`, { instruction: 'push the blue cube' })));
  rows.push({ name: '10 concurrent turns, wall time', value: performance.now() - t0, unit: 'ms', target: '< 30000 ms (seed, 10 predictions)', note: 'one run' });
  return rows;
};
