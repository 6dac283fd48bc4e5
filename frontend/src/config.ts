// The built app is the same for every stack instance; where its controller lives (and the key
// its protected routes want) is read at run time from /config.json, written beside the app
// when the instance starts.
export interface RuntimeConfig {
  controllerUrl: string;
  apiKey: string;
}

/** The controller's development key (CONTROLLER_DEV_API_KEY in services/shared/src/schemas.ts), used when config.json names none. */
export const DEFAULT_API_KEY = 'workbench-dev-key';

export async function loadConfig(): Promise<RuntimeConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const body = (await res.json()) as Partial<RuntimeConfig>;
  if (!body.controllerUrl) throw new Error('config.json names no controllerUrl');
  return { controllerUrl: body.controllerUrl.replace(/\/+$/, ''), apiKey: body.apiKey ?? DEFAULT_API_KEY };
}
