// Long checks run asynchronously: POST /jobs/verify answers 202 with a job ID at once, the
// verification runs here, and its result is POSTed to the caller's callback URL — retried with
// a bounded backoff until it is taken (2xx), refused for good (4xx), or the delivery window
// passes. A caller that restarts meanwhile gets the result when it is back.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { traceparent } from '../../../shared/src/trace-context.ts';
import type { VerifyRequest } from '../schemas.ts';
import { verifyJob } from './verify.ts';

export const DELIVERY_WINDOW_MS = 10 * 60_000;
const backoffMs = (attempt: number) => Math.min(250 * 2 ** (attempt - 1), 5000);

export type JobStatus = 'running' | 'delivering' | 'delivered' | 'undeliverable';

export interface Job {
  job_id: string;
  kind: 'verify';
  session_id: string;
  status: JobStatus;
  created_at: string;
  finished_at: string | null;
  delivery_attempts: number;
  last_delivery_error: string | null;
  /** The result delivered: the tool response, or the error a synchronous call would have answered. */
  result: unknown;
}

export interface Callback {
  url: string;
  token: string;
  /** The run's trace, carried on the delivery. */
  trace_id?: string;
}

const jobs = new Map<string, Job>();

export function getJob(id: string): Job | undefined {
  return jobs.get(id);
}

export function startVerifyJob(sessionId: string, body: VerifyRequest, callback: Callback, log: FastifyBaseLogger): Job {
  const job: Job = {
    job_id: crypto.randomUUID(),
    kind: 'verify',
    session_id: sessionId,
    status: 'running',
    created_at: new Date().toISOString(),
    finished_at: null,
    delivery_attempts: 0,
    last_delivery_error: null,
    result: null,
  };
  jobs.set(job.job_id, job);
  void (async () => {
    try {
      job.result = { response: await verifyJob(sessionId, body) };
    } catch (error) {
      const e = error as { statusCode?: number; message?: string };
      job.result = { error: { status: e.statusCode && e.statusCode < 500 ? e.statusCode : 500, message: e.message ?? String(error) } };
    }
    job.finished_at = new Date().toISOString();
    job.status = 'delivering';
    await deliver(job, callback, log);
  })();
  return job;
}

async function deliver(job: Job, callback: Callback, log: FastifyBaseLogger): Promise<void> {
  const started = Date.now();
  const payload = JSON.stringify({ job_id: job.job_id, kind: job.kind, session_id: job.session_id, finished_at: job.finished_at, ...(job.result as object) });
  for (let attempt = 1; ; attempt++) {
    job.delivery_attempts = attempt;
    let problem: string;
    try {
      const res = await fetch(callback.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-callback-token': callback.token,
          'x-session-id': job.session_id,
          ...(callback.trace_id ? { traceparent: traceparent(callback.trace_id) } : {}),
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) {
        job.status = 'delivered';
        log.info({ job_id: job.job_id, session_id: job.session_id, attempt }, 'job result delivered');
        return;
      }
      problem = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        job.status = 'undeliverable';
        job.last_delivery_error = problem;
        log.error({ job_id: job.job_id, session_id: job.session_id, attempt, error: problem }, 'job result refused by the callback; not retried');
        return;
      }
    } catch (error) {
      problem = (error as Error).message;
    }
    job.last_delivery_error = problem;
    if (Date.now() - started > DELIVERY_WINDOW_MS) {
      job.status = 'undeliverable';
      log.error({ job_id: job.job_id, session_id: job.session_id, attempt, error: problem }, 'job result undeliverable: the delivery window passed');
      return;
    }
    log.warn({ job_id: job.job_id, session_id: job.session_id, attempt, error: problem, retry_in_ms: backoffMs(attempt) }, 'job result delivery failed; retrying');
    await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
  }
}
