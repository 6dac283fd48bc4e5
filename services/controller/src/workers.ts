// HTTP calls to the light and heavy workers: every agent action happens there, never here.
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
  ) {}

  /** POSTs JSON with the session header; a non-2xx answer throws WorkerError carrying the body. */
  async post<T>(route: string, sessionId: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const res = await fetch(`${this.baseUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session-id': sessionId },
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
      headers: { 'content-type': 'application/json', 'x-session-id': sessionId },
      body: JSON.stringify(body),
      signal,
    });
    if (!res.ok) throw new WorkerError(res.status, await res.text(), `${this.name} ${route} → HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  get(route: string, sessionId: string, signal?: AbortSignal): Promise<Response> {
    return fetch(`${this.baseUrl}${route}`, { headers: { 'x-session-id': sessionId }, signal });
  }
}
