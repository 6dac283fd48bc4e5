// HTTP calls to the light and heavy workers: every agent action happens there, never here.
import { traceparent } from '../../shared/src/trace-context.ts';

export class WorkerError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

export class WorkerClient {
  constructor(
    readonly name: string,
    readonly baseUrl: string,
    /** The run this client's requests belong to: each carries a `traceparent` of that trace. */
    readonly traceId?: string,
  ) {}

  /** The same worker, for one run: every request a new span of `traceId`. */
  forRun(traceId: string): WorkerClient {
    return new WorkerClient(this.name, this.baseUrl, traceId);
  }

  private headers(sessionId: string, json: boolean): Record<string, string> {
    return {
      ...(json ? { 'content-type': 'application/json' } : {}),
      'x-session-id': sessionId,
      ...(this.traceId ? { traceparent: traceparent(this.traceId) } : {}),
    };
  }

  /** POSTs JSON with the session header; a non-2xx answer throws WorkerError carrying the body. */
  async post<T>(route: string, sessionId: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const res = await fetch(`${this.baseUrl}${route}`, {
      method: 'POST',
      headers: this.headers(sessionId, true),
      body: JSON.stringify(body ?? {}),
      signal,
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (!res.ok) {
      const message = (json as { message?: string } | undefined)?.message ?? (typeof json === 'string' ? json : `HTTP ${res.status}`);
      throw new WorkerError(res.status, json, `${this.name} ${route} → HTTP ${res.status}: ${message}`);
    }
    return json as T;
  }

  async postBytes(route: string, sessionId: string, body: unknown, signal?: AbortSignal): Promise<Buffer> {
    const res = await fetch(`${this.baseUrl}${route}`, {
      method: 'POST',
      headers: this.headers(sessionId, true),
      body: JSON.stringify(body),
      signal,
    });
    if (!res.ok) throw new WorkerError(res.status, await res.text(), `${this.name} ${route} → HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  get(route: string, sessionId: string, signal?: AbortSignal): Promise<Response> {
    return fetch(`${this.baseUrl}${route}`, { headers: this.headers(sessionId, false), signal });
  }
}
