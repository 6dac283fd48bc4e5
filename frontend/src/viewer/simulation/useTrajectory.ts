import { useAsset } from '../useAsset.ts';
import { parseTrajectory, type Trajectory } from './trajectory.ts';

export type TrajectoryState = { state: 'none' } | { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; trajectory: Trajectory };

const parse = async (res: Response) => parseTrajectory(await res.json());

export function useTrajectory(path: string | null): TrajectoryState {
  const asset = useAsset(path, parse);
  return asset.state === 'ready' ? { state: 'ready', trajectory: asset.value } : asset;
}
