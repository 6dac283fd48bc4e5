// The one typed client for the controller: every HTTP call and the episode WebSocket.
import type { RuntimeConfig } from '../config.ts';
import type { Episode, EpisodeSummary, Mention, Selection, SocketEvent, Trace } from './types.ts';

/** An HTTP answer other than 2xx, carrying the controller's own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Network failure: the controller did not answer at all. */
export class UnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`The controller at ${url} is unreachable (${cause instanceof Error ? cause.message : String(cause)}).`);
    this.name = 'UnreachableError';
  }
}

export interface RunAccepted {
  status: string;
  episode_id?: string;
  session_id?: string;
}

export class ControllerClient {
  constructor(private readonly config: RuntimeConfig) {}

  get baseUrl(): string {
    return this.config.controllerUrl;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.config.controllerUrl}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { 'X-API-Key': this.config.apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new UnreachableError(this.config.controllerUrl, error);
    }
    const text = await res.text();
    const json = text ? safeJson(text) : undefined;
    if (!res.ok) {
      const err = (json ?? {}) as { message?: string; error?: string; detail?: string };
      throw new ApiError(res.status, err.message ?? err.detail ?? err.error ?? `${method} ${path}: HTTP ${res.status}`, err.error);
    }
    return json as T;
  }

  health(): Promise<{ status: string }> {
    return this.request('GET', '/health');
  }

  async listEpisodes(limit = 50): Promise<EpisodeSummary[]> {
    const body = await this.request<EpisodeSummary[] | { episodes?: EpisodeSummary[]; items?: EpisodeSummary[] }>('GET', `/episodes?limit=${limit}&offset=0`);
    return Array.isArray(body) ? body : (body.episodes ?? body.items ?? []);
  }

  getEpisode(id: string): Promise<Episode> {
    return this.request('GET', `/episodes/${encodeURIComponent(id)}`);
  }

  runAgent(task: string, sessionId: string): Promise<RunAccepted> {
    return this.request('POST', '/agent/run', { task, session_id: sessionId });
  }

  generateBenchmark(prompt: string): Promise<RunAccepted> {
    return this.request('POST', '/benchmark/generate', { prompt });
  }

  confirmBenchmark(id: string, comment?: string): Promise<unknown> {
    return this.request('POST', `/benchmark/${encodeURIComponent(id)}/confirm`, comment ? { comment } : {});
  }

  sendMessage(id: string, message: string, selections: Selection[], mentions: Mention[]): Promise<unknown> {
    return this.request('POST', `/episodes/${encodeURIComponent(id)}/messages`, { message, selections, mentions });
  }

  interrupt(id: string): Promise<unknown> {
    return this.request('POST', `/episodes/${encodeURIComponent(id)}/interrupt`, {});
  }

  sendFeedback(id: string, traceId: Trace['id'], score: 0 | 1, comment?: string): Promise<unknown> {
    return this.request('POST', `/episodes/${encodeURIComponent(id)}/traces/${encodeURIComponent(String(traceId))}/feedback`, comment ? { score, comment } : { score });
  }

  /**
   * URL of a workspace file through the controller's GET-only asset proxy; `withKey` puts the
   * key in the query, for elements that cannot send headers (<img>, <video>).
   */
  assetUrl(id: string, path: string, withKey = false): string {
    const clean = path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
    const url = `${this.config.controllerUrl}/episodes/${encodeURIComponent(id)}/assets/${clean}`;
    return withKey ? `${url}?api_key=${encodeURIComponent(this.config.apiKey)}` : url;
  }

  async fetchAsset(id: string, path: string, signal?: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.assetUrl(id, path), { headers: { 'X-API-Key': this.config.apiKey }, signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new UnreachableError(this.config.controllerUrl, error);
    }
    if (!res.ok) {
      const err = (safeJson(await res.text()) ?? {}) as { message?: string };
      throw new ApiError(res.status, err.message ?? `${path}: HTTP ${res.status}`);
    }
    return res;
  }

  /** The episode's event stream; browsers cannot set headers on a WebSocket, so the key rides in the query. */
  openSocket(id: string, onEvent: (event: SocketEvent) => void, onClose: () => void): () => void {
    const url = new URL(`${this.config.controllerUrl}/episodes/${encodeURIComponent(id)}/ws`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('api_key', this.config.apiKey);
    const ws = new WebSocket(url);
    let closedByUs = false;
    ws.onmessage = (msg) => {
      const event = safeJson(String(msg.data)) as SocketEvent | undefined;
      if (event && typeof event === 'object' && 'type' in event) onEvent(event);
    };
    ws.onclose = () => {
      if (!closedByUs) onClose();
    };
    return () => {
      closedByUs = true;
      if (ws.readyState === WebSocket.CONNECTING) ws.onopen = () => ws.close();
      else ws.close();
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
