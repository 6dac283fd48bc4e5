// The live workspace's file list, as far as the controller shows it: the episode's uploaded
// assets, the paths its tool calls touched, and file_update events seen on the socket.
import type { Asset, Episode, Trace } from '../api/types.ts';

const norm = (p: string) => p.replace(/^\/+/, '').replace(/\/+$/, '');

/** Workspace-relative path of an asset row: `path` when given, else the S3 key after the episode/session segment. */
export function assetPath(asset: Asset, episode: Pick<Episode, 'id' | 'session_id'>): string {
  if (asset.path) return norm(asset.path);
  const key = asset.s3_path.replace(/^s3:\/\/[^/]+\//, '');
  const segments = key.split('/');
  for (const marker of [episode.id, episode.session_id]) {
    const at = marker ? segments.indexOf(marker) : -1;
    if (at >= 0) return norm(segments.slice(at + 1).join('/'));
  }
  return norm(segments.slice(1).join('/') || key);
}

function tracePath(trace: Trace): string | undefined {
  const m = trace.metadata ?? {};
  const raw = (m.arguments ?? m.args ?? m.input) as unknown;
  let a: Record<string, unknown> = {};
  if (typeof raw === 'string') {
    try {
      a = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      /* not JSON: no path */
    }
  } else if (raw && typeof raw === 'object') a = raw as Record<string, unknown>;
  const p = a.path ?? a.file_path ?? m.path;
  return typeof p === 'string' && p !== '' && p !== '/' && p !== '.' ? norm(p) : undefined;
}

const WRITES = /write|edit|create|upload/;

export function workspaceFiles(episode: Episode, updated: Iterable<string> = []): string[] {
  const files = new Set<string>();
  for (const a of episode.assets ?? []) {
    const p = assetPath(a, episode);
    if (p) files.add(p);
  }
  // A write's path counts once its tool call ended well: listed at its start, the file would be
  // fetched before it exists (a 404 in the viewer). Starts and ends of one tool pair in order.
  const started = new Map<string, (string | undefined)[]>();
  for (const t of episode.traces ?? []) {
    if (!WRITES.test(t.name ?? '')) continue;
    if (t.trace_type === 'event') {
      const p = tracePath(t);
      if (p) files.add(p);
    } else if (t.trace_type === 'tool_start') {
      started.set(t.name!, [...(started.get(t.name!) ?? []), tracePath(t)]);
    } else if (t.trace_type === 'tool_end') {
      const p = started.get(t.name!)?.shift();
      if (p && t.metadata?.ok !== false) files.add(p);
    }
  }
  for (const p of updated) files.add(norm(p));
  return [...files].filter((p) => p && !p.endsWith('/')).sort();
}

export interface TreeNode {
  name: string;
  path: string;
  children?: TreeNode[];
}

export function buildTree(paths: string[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', children: [] };
  for (const p of paths) {
    let node = root;
    const parts = p.split('/');
    parts.forEach((name, i) => {
      const path = parts.slice(0, i + 1).join('/');
      const leaf = i === parts.length - 1;
      let child = node.children!.find((c) => c.name === name && !!c.children === !leaf);
      if (!child) {
        child = leaf ? { name, path } : { name, path, children: [] };
        node.children!.push(child);
      }
      node = child;
    });
  }
  const sort = (nodes: TreeNode[]): TreeNode[] =>
    nodes
      .sort((a, b) => (!!b.children === !!a.children ? a.name.localeCompare(b.name) : a.children ? -1 : 1))
      .map((n) => (n.children ? { ...n, children: sort(n.children) } : n));
  return sort(root.children!);
}

/** Paths named in the run's tool results (e.g. `"glb_path":"script.glb"`), for artifacts not yet uploaded. */
export function artifactPaths(episode: Episode, pattern: RegExp): string[] {
  const found = new Set<string>();
  for (const t of episode.traces ?? []) {
    if (t.trace_type !== 'tool_end' && t.trace_type !== 'event') continue;
    const text = `${t.content ?? ''} ${JSON.stringify(t.metadata ?? {})}`;
    for (const m of text.matchAll(/[A-Za-z0-9_./-]+/g)) if (pattern.test(m[0])) found.add(norm(m[0]));
  }
  return [...found];
}

/** The model to show: a GLB in the workspace, the build script's own first. */
export function modelPath(episode: Episode, files: string[]): string | null {
  const glbs = [...new Set([...files.filter((f) => /\.glb$/i.test(f)), ...artifactPaths(episode, /^[^\s]*\.glb$/i)])];
  return glbs.find((p) => p === 'script.glb') ?? glbs[0] ?? null;
}

export function trajectoryPath(episode: Episode, files: string[]): string | null {
  const name = 'simulation_trajectory.json';
  return files.includes(name) || artifactPaths(episode, /^simulation_trajectory\.json$/).length > 0 ? name : null;
}

/** What a full simulation left to show: its result file, its still renders (by view) and its video. */
export interface SimulationOutputs {
  result: string | null;
  renders: { view: string; path: string }[];
  video: string | null;
}

/** Render views in the heavy worker's order (docs/decisions/0018-renders.md); others after them. */
const VIEW_ORDER = ['front', 'side', 'top', 'iso'];

export function simulationOutputs(files: string[]): SimulationOutputs {
  const renders = files
    .filter((f) => /^renders\/[^/]+\.png$/i.test(f))
    .map((path) => ({ view: path.slice('renders/'.length, -'.png'.length), path }))
    .sort((a, b) => (VIEW_ORDER.indexOf(a.view) + 1 || 99) - (VIEW_ORDER.indexOf(b.view) + 1 || 99) || a.view.localeCompare(b.view));
  return {
    result: files.includes('simulation_result.json') ? 'simulation_result.json' : null,
    renders,
    video: files.find((f) => /^renders\/[^/]+\.(mp4|webm)$/i.test(f)) ?? null,
  };
}
