import { useEffect, useState } from 'react';
import { useController } from '../../api/ControllerContext.tsx';
import { useSession } from '../../session/SessionContext.tsx';
import { parseTrajectory, type Trajectory } from './trajectory.ts';

export type TrajectoryState = { state: 'none' } | { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; trajectory: Trajectory };

export function useTrajectory(path: string | null): TrajectoryState {
  const client = useController();
  const { episodeId, live } = useSession();
  const [state, setState] = useState<TrajectoryState>({ state: 'none' });
  useEffect(() => {
    if (!episodeId || !path) {
      setState({ state: 'none' });
      return;
    }
    const abort = new AbortController();
    setState((s) => (s.state === 'ready' ? s : { state: 'loading' }));
    client
      .fetchAsset(episodeId, path, abort.signal)
      .then((res) => res.json())
      .then(parseTrajectory)
      .then(
        (trajectory) => !abort.signal.aborted && setState({ state: 'ready', trajectory }),
        (error: Error) => !abort.signal.aborted && setState({ state: 'error', message: error.message }),
      );
    return () => abort.abort();
  }, [client, episodeId, path, live.fileVersion]);
  return state;
}
