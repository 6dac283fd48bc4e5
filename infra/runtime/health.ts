export interface HealthWait {
  url: string;
  deadlineMs: number;
  /** Resolves if the process exits first; the wait then fails at once. */
  exited: Promise<{ exitCode?: number; signal?: string }>;
}

export type HealthOutcome =
  | { ok: true; elapsedMs: number }
  | { ok: false; reason: 'exited'; exitCode?: number; signal?: string }
  | { ok: false; reason: 'deadline'; lastError: string };

/** Polls url until it answers 2xx, with backoff (5 ms growing to 100 ms) and a deadline. */
export async function waitForHealth({ url, deadlineMs, exited }: HealthWait): Promise<HealthOutcome> {
  const started = performance.now();
  let exit: { exitCode?: number; signal?: string } | undefined;
  void exited.then((e) => {
    exit = e;
  });
  let delay = 5;
  let lastError = 'no answer yet';
  while (performance.now() - started < deadlineMs) {
    if (exit) return { ok: false, reason: 'exited', ...exit };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        await res.arrayBuffer();
        return { ok: true, elapsedMs: performance.now() - started };
      }
      lastError = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (error) {
      lastError = (error as Error).cause ? String((error as Error).cause) : String(error);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(100, delay * 1.5);
  }
  if (exit) return { ok: false, reason: 'exited', ...exit };
  return { ok: false, reason: 'deadline', lastError };
}
