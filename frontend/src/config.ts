// The built app is the same for every stack instance; where its controller lives is read at
// run time from /config.json, written beside the app when the instance starts.
export interface RuntimeConfig {
  controllerUrl: string;
}

export async function loadConfig(): Promise<RuntimeConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return (await res.json()) as RuntimeConfig;
}
