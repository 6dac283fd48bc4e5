// The controller's hot paths: a whole default-scenario agent run (POST /agent/run → `completed`,
// real tools on both workers) and trace write throughput, measured as traces persisted per
// second while a run records them (llm/tool/event traces, each one INSERT + WebSocket fan-out).
import crypto from 'node:crypto';
import { CONTROLLER_DEV_API_KEY } from '../../services/shared/src/schemas.ts';
import { median, type BenchSuite } from '../types.ts';
import { ACTIVE_EPISODE_STATUSES, type EpisodeStatus } from '../../services/shared/src/schemas.ts';

const headers = { 'content-type': 'application/json', 'x-api-key': CONTROLLER_DEV_API_KEY };

type BenchEpisode = { status: string; metadata_vars: { submission?: { ok: boolean; message: string } }; traces: { created_at: string }[] };

/** Waits for `completed`; a run whose handover failed is no measurement of a working run. */
async function waitCompleted(base: string, id: string): Promise<BenchEpisode> {
  for (;;) {
    const res = await fetch(`${base}/episodes/${id}`, { headers });
    const episode = (await res.json()) as BenchEpisode;
    if (episode.status === 'completed') {
      if (!episode.metadata_vars.submission?.ok) throw new Error(`bench: episode ${id} completed without a successful submit: ${episode.metadata_vars.submission?.message ?? 'none'}`);
      return episode;
    }
    if (!ACTIVE_EPISODE_STATUSES.includes(episode.status as EpisodeStatus)) throw new Error(`bench: episode ${id} ended ${episode.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const controller: BenchSuite = async ({ urls, runs }) => {
  const base = urls.controller;
  if (!base) throw new Error('bench: no controller URL');
  const durations: number[] = [];
  const rates: number[] = [];
  let traces = 0;
  for (let i = 0; i < runs; i++) {
    const sessionId = `bench-ctl-${crypto.randomBytes(4).toString('hex')}`;
    const t0 = performance.now();
    const res = await fetch(`${base}/agent/run`, { method: 'POST', headers, body: JSON.stringify({ task: 'bench', session_id: sessionId }) });
    if (res.status !== 202) throw new Error(`bench: /agent/run → ${res.status} ${await res.text()}`);
    const { episode_id } = (await res.json()) as { episode_id: string };
    const episode = await waitCompleted(base, episode_id);
    durations.push(performance.now() - t0);
    const times = episode.traces.map((t) => Date.parse(t.created_at));
    traces = episode.traces.length;
    rates.push(traces / Math.max(0.001, (Math.max(...times) - Math.min(...times)) / 1000));
  }
  return [
    { name: '/agent/run → completed, default scenario (full simulation)', value: median(durations), unit: 'ms', note: `${traces} traces, planner → coder → reviewer, real worker tools: plan gate, validate-and-price, full simulation with renders, review` },
    { name: 'trace writes during a run', value: median(rates), unit: 'traces/s', note: 'first to last trace of a run; includes the tool calls between them' },
  ];
};
