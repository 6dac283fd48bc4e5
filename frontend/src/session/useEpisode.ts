// One episode, kept live: loaded over HTTP, then fed by its WebSocket (new traces, status,
// file updates) and re-read while it runs so nothing is missed between events.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useController } from '../api/ControllerContext.tsx';
import { TERMINAL_STATUSES, type Episode, type SocketEvent, type Trace } from '../api/types.ts';

export type EpisodeState = { state: 'none' } | { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; episode: Episode };

export interface LiveEpisode {
  view: EpisodeState;
  /** Paths the socket reported as changed, with a counter viewers use to reload. */
  updatedFiles: string[];
  fileVersion: number;
  refresh: () => void;
  /** Marks the episode running right away (after a send), before the server says so. */
  markRunning: () => void;
  /** Why the last re-read failed while an episode is shown (the view is then stale), else null. */
  lostConnection: string | null;
}

const POLL_MS = 1500;

function mergeTraces(known: Trace[], incoming: Trace[]): Trace[] {
  const byId = new Map(known.map((t) => [String(t.id), t]));
  for (const t of incoming) byId.set(String(t.id), t);
  return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id) || a.created_at.localeCompare(b.created_at));
}

/** Socket messages as the controller sends them: `{type, ...}` or `{type, data}`. */
function normalize(message: unknown): SocketEvent {
  const raw = (message ?? {}) as { type?: string; event?: string; data?: unknown };
  const type = raw.type ?? raw.event;
  const data = (raw.data ?? raw) as Record<string, unknown>;
  if (type === 'new_trace') return { type, trace: (data.trace ?? data) as Trace };
  if (type === 'status_update') return { type, status: data.status as Episode['status'], metadata_vars: data.metadata_vars as Record<string, unknown> };
  if (type === 'file_update') return { type, path: String(data.path ?? '') };
  return { type: 'heartbeat' };
}

export function useEpisode(id: string | null): LiveEpisode {
  const client = useController();
  const [view, setView] = useState<EpisodeState>(id ? { state: 'loading' } : { state: 'none' });
  const [updatedFiles, setUpdatedFiles] = useState<string[]>([]);
  const [fileVersion, setFileVersion] = useState(0);
  const [tick, setTick] = useState(0);
  const [lostConnection, setLost] = useState<string | null>(null);
  const status = view.state === 'ready' ? view.episode.status : undefined;
  // After a send/confirm the server may still report the old state for a moment: keep showing
  // "running" until the episode changes (updated_at) or a few seconds pass.
  const pending = useRef<{ updatedAt: string | null; until: number } | null>(null);
  const lastUpdatedAt = useRef<string | null>(null);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const markRunning = useCallback(() => {
    pending.current = { updatedAt: lastUpdatedAt.current, until: Date.now() + 8000 };
    setView((v) => (v.state === 'ready' ? { state: 'ready', episode: { ...v.episode, status: 'running' } } : v));
    setTick((t) => t + 1);
  }, []);

  useEffect(() => {
    setView(id ? { state: 'loading' } : { state: 'none' });
    setUpdatedFiles([]);
    setLost(null);
  }, [id]);

  // HTTP: load now, and keep re-reading while the run is live.
  useEffect(() => {
    if (!id) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const episode = await client.getEpisode(id);
        if (!live) return;
        setLost(null);
        const wait = pending.current;
        if (wait && episode.status !== 'running' && episode.updated_at === wait.updatedAt && Date.now() < wait.until) episode.status = 'running';
        else pending.current = null;
        lastUpdatedAt.current = episode.updated_at;
        setView((v) => {
          const prev = v.state === 'ready' && v.episode.id === episode.id ? v.episode.traces : [];
          return { state: 'ready', episode: { ...episode, traces: mergeTraces(prev, episode.traces ?? []) } };
        });
        if (!TERMINAL_STATUSES.has(episode.status) && episode.status !== 'planned') timer = setTimeout(load, POLL_MS);
        else setFileVersion((v) => v + 1);
      } catch (error) {
        if (live) setView((v) => (v.state === 'ready' ? v : { state: 'error', message: (error as Error).message }));
        if (live) setLost((error as Error).message);
        if (live) timer = setTimeout(load, POLL_MS * 2);
      }
    };
    void load();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [client, id, tick]);

  // WebSocket: while the episode can still change (running, or planned and waiting for a
  // decision), one socket across planned → running so nothing in between is missed.
  const open = status !== undefined && !TERMINAL_STATUSES.has(status);
  useEffect(() => {
    if (!id || !open) return;
    const close = client.openSocket(
      id,
      (raw) => {
        const event = normalize(raw);
        if (event.type === 'new_trace' && event.trace?.id !== undefined) {
          setView((v) => (v.state === 'ready' ? { state: 'ready', episode: { ...v.episode, traces: mergeTraces(v.episode.traces, [event.trace]) } } : v));
        } else if (event.type === 'status_update' && event.status) {
          setView((v) => (v.state === 'ready' ? { state: 'ready', episode: { ...v.episode, status: event.status } } : v));
          if (event.status !== 'running') setTick((t) => t + 1);
        } else if (event.type === 'file_update' && event.path) {
          setUpdatedFiles((files) => (files.includes(event.path) ? files : [...files, event.path]));
          setFileVersion((v) => v + 1);
        }
      },
      () => undefined,
    );
    return close;
  }, [client, id, open]);

  return { view, updatedFiles, fileVersion, refresh, markRunning, lostConnection: view.state === 'ready' ? lostConnection : null };
}
