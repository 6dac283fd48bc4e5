// Which workflow an episode belongs to, and the route that shows it.
import type { EpisodeSummary } from '../api/types.ts';

export type Workflow = 'engineer' | 'benchmark';

/** The controller's `session_kind` when it exposes it, else its hints: agent name, metadata, the `bench-` session IDs it generates. */
export function workflowOf(episode: EpisodeSummary): Workflow {
  const m = episode.metadata_vars ?? {};
  const tag = [episode.session_kind, m.session_kind, m.workflow, m.kind, m.agent_name, episode.agent_name].filter((v) => typeof v === 'string').join(' ');
  return /benchmark/i.test(tag) || /^bench-/.test(episode.session_id ?? '') ? 'benchmark' : 'engineer';
}

export const routeOf = (w: Workflow) => (w === 'benchmark' ? '/benchmark' : '/');
export const headingOf = (w: Workflow) => (w === 'benchmark' ? 'Benchmark Pipeline' : 'Engineer Workspace');

export function episodeHref(episode: EpisodeSummary): string {
  return `${routeOf(workflowOf(episode))}?episode=${encodeURIComponent(episode.id)}`;
}
