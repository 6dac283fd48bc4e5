// The episode's model (GLB) through the controller's asset proxy, parsed once per change.
import type * as THREE from 'three';
import { useEffect, useMemo, useState } from 'react';
import { useController } from '../api/ControllerContext.tsx';
import { useSession } from '../session/SessionContext.tsx';
import { modelPath, trajectoryPath, workspaceFiles } from '../workspace/files.ts';
import { parseGlb } from './three/loadGlb.ts';

export type ModelState = { state: 'none' } | { state: 'loading'; path: string } | { state: 'error'; path: string; message: string } | { state: 'ready'; path: string; root: THREE.Group };

export function useArtifacts(): { glb: string | null; trajectory: string | null } {
  const { live } = useSession();
  const episode = live.view.state === 'ready' ? live.view.episode : null;
  return useMemo(() => {
    if (!episode) return { glb: null, trajectory: null };
    const files = workspaceFiles(episode, live.updatedFiles);
    return { glb: modelPath(episode, files), trajectory: trajectoryPath(episode, files) };
  }, [episode, live.updatedFiles]);
}

export function useModel(path: string | null): ModelState {
  const client = useController();
  const { episodeId, live } = useSession();
  const [model, setModel] = useState<ModelState>({ state: 'none' });
  useEffect(() => {
    if (!episodeId || !path) {
      setModel({ state: 'none' });
      return;
    }
    const abort = new AbortController();
    setModel((m) => (m.state === 'ready' && m.path === path ? m : { state: 'loading', path }));
    client
      .fetchAsset(episodeId, path, abort.signal)
      .then((res) => res.arrayBuffer())
      .then(parseGlb)
      .then(
        (root) => !abort.signal.aborted && setModel({ state: 'ready', path, root }),
        (error: Error) => !abort.signal.aborted && setModel({ state: 'error', path, message: error.message }),
      );
    return () => abort.abort();
  }, [client, episodeId, path, live.fileVersion]);
  return model;
}
