// One build for every stack instance: where the backend lives is read at start from
// /config.json, written beside the app when the instance starts (decision 0007).
export interface RuntimeConfig {
  backendUrl: string;
}

export async function loadConfig(): Promise<RuntimeConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const body = (await res.json()) as Partial<RuntimeConfig>;
  if (!body.backendUrl) throw new Error('config.json names no backendUrl');
  return { backendUrl: body.backendUrl.replace(/\/+$/, '') };
}
