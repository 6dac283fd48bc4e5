// One workspace file of the episode, through the controller's asset proxy, parsed once per
// change (path, episode, or a file_update from the live stream).
import { useEffect, useState } from 'react';
import { useController } from '../api/ControllerContext.tsx';
import { useSession } from '../session/SessionContext.tsx';

export type AssetState<T> =
  | { state: 'none' }
  | { state: 'loading'; path: string }
  | { state: 'error'; path: string; message: string }
  | { state: 'ready'; path: string; value: T };

export function useAsset<T>(path: string | null, parse: (res: Response) => Promise<T>): AssetState<T> {
  const client = useController();
  const { episodeId, live } = useSession();
  const [asset, setAsset] = useState<AssetState<T>>({ state: 'none' });
  useEffect(() => {
    if (!episodeId || !path) {
      setAsset({ state: 'none' });
      return;
    }
    const abort = new AbortController();
    // A refresh of the same file keeps showing the old one until the new one is parsed.
    setAsset((a) => (a.state === 'ready' && a.path === path ? a : { state: 'loading', path }));
    client
      .fetchAsset(episodeId, path, abort.signal)
      .then(parse)
      .then(
        (value) => !abort.signal.aborted && setAsset({ state: 'ready', path, value }),
        (error: Error) => !abort.signal.aborted && setAsset({ state: 'error', path, message: error.message }),
      );
    return () => abort.abort();
    // `parse` is left out: callers pass module-level functions, which never change.
  }, [client, episodeId, path, live.fileVersion]);
  return asset;
}
