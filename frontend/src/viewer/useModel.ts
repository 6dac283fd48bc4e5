// The episode's model (GLB) through the controller's asset proxy, parsed once per change.
import type * as THREE from 'three';
import { useMemo } from 'react';
import { useSession } from '../session/SessionContext.tsx';
import { useAsset } from './useAsset.ts';
import { modelPath, simulationOutputs, trajectoryPath, workspaceFiles, type SimulationOutputs } from '../workspace/files.ts';
import { parseGlb } from './three/loadGlb.ts';

export type ModelState = { state: 'none' } | { state: 'loading'; path: string } | { state: 'error'; path: string; message: string } | { state: 'ready'; path: string; root: THREE.Group };

export function useArtifacts(): { glb: string | null; trajectory: string | null; outputs: SimulationOutputs } {
  const { live } = useSession();
  const episode = live.view.state === 'ready' ? live.view.episode : null;
  return useMemo(() => {
    if (!episode) return { glb: null, trajectory: null, outputs: simulationOutputs([]) };
    const files = workspaceFiles(episode, live.updatedFiles);
    return { glb: modelPath(episode, files), trajectory: trajectoryPath(episode, files), outputs: simulationOutputs(files) };
  }, [episode, live.updatedFiles]);
}

const parseModel = async (res: Response) => parseGlb(await res.arrayBuffer());

export function useModel(path: string | null): ModelState {
  const asset = useAsset(path, parseModel);
  return asset.state === 'ready' ? { state: 'ready', path: asset.path, root: asset.value } : asset;
}
