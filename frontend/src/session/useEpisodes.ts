// The session history for the sidebar: newest first, refreshed while the page is open.
import { useCallback, useEffect, useState } from 'react';
import { useController } from '../api/ControllerContext.tsx';
import type { EpisodeSummary } from '../api/types.ts';

/** `error` on a ready list: a later refresh failed, so the list shown is the last one loaded. */
export type EpisodesState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; episodes: EpisodeSummary[]; error?: string };

const REFRESH_MS = 4000;

export function useEpisodes(): [EpisodesState, () => void] {
  const client = useController();
  const [state, setState] = useState<EpisodesState>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let live = true;
    const load = () =>
      client.listEpisodes().then(
        (episodes) => live && setState({ state: 'ready', episodes }),
        (error: Error) => live && setState((s) => (s.state === 'ready' ? { ...s, error: error.message } : { state: 'error', message: error.message })),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, tick]);
  return [state, refresh];
}
