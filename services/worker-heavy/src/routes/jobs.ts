// POST /jobs/verify: the multi-seed verification as an asynchronous job with a result callback;
// GET /jobs/{job_id}: where a job is. See jobs/callbacks.ts.
import { Type } from 'typebox';
import { errors, sendError } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { DELIVERY_WINDOW_MS, getJob, startVerifyJob } from '../jobs/callbacks.ts';
import { openWorkspace } from '../workspace.ts';
import { VerifyRequest } from '../schemas.ts';
import { registerSessionRoutes, SessionHeaders } from './session.ts';

const AsyncVerifyRequest = Type.Object(
  {
    ...VerifyRequest.properties,
    callback_url: Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2000, description: 'where the result is POSTed (http or https)' }),
    callback_token: Type.String({ minLength: 16, maxLength: 200, description: 'sent back as X-Callback-Token, so the callback knows the result is the one it asked for' }),
  },
  { additionalProperties: false },
);

const JobStatus = Type.Union([Type.Literal('running'), Type.Literal('delivering'), Type.Literal('delivered'), Type.Literal('undeliverable')]);

const Job = Type.Object({
  job_id: Type.String(),
  kind: Type.Literal('verify'),
  session_id: Type.String(),
  status: JobStatus,
  created_at: Type.String({ format: 'date-time' }),
  finished_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  delivery_attempts: Type.Integer(),
  last_delivery_error: Type.Union([Type.String(), Type.Null()]),
  result: Type.Unknown({ description: '{response} (the tool response a synchronous POST /benchmark/verify gives) or {error: {status, message}}; null while running' }),
});

export function registerJobRoutes(app: Service): void {
  registerSessionRoutes(app, (scope) => {
    scope.post(
      '/jobs/verify',
      {
        schema: {
          summary: 'POST /benchmark/verify as an asynchronous job: 202 with a job ID now, the result POSTed to callback_url when done',
          description:
            'The job runs the same verification (same body, same checks, same files written). Its result is POSTed as JSON ' +
            '{job_id, kind, session_id, finished_at, response | error} with X-Callback-Token: callback_token (and the caller\'s ' +
            'traceparent trace). A failed delivery (no answer, 5xx, 408, 429) is retried with backoff 0.25 s doubling to 5 s for ' +
            `${DELIVERY_WINDOW_MS / 60_000} minutes; another 4xx ends it (undeliverable). A session without a workspace → 404 now, not in the callback.`,
          tags: ['jobs'],
          headers: SessionHeaders,
          body: AsyncVerifyRequest,
          response: { 202: Type.Object({ status: Type.Literal('accepted'), job_id: Type.String() }), ...errors(400, 404) },
        },
      },
      async (request, reply) => {
        const { callback_url, callback_token, ...body } = request.body;
        if (body.bundle_base64 === undefined) (await openWorkspace(request.session.id)).dispose();
        const traceId = request.traceId;
        const job = startVerifyJob(request.session.id, body, { url: callback_url, token: callback_token, ...(traceId ? { trace_id: traceId } : {}) }, request.log);
        return reply.status(202).send({ status: 'accepted' as const, job_id: job.job_id });
      },
    );

    scope.get(
      '/jobs/:job_id',
      {
        schema: {
          summary: 'An asynchronous job: running, delivering its result, delivered or undeliverable',
          tags: ['jobs'],
          headers: SessionHeaders,
          params: Type.Object({ job_id: Type.String({ maxLength: 100 }) }),
          response: { 200: Job, ...errors(400, 404) },
        },
      },
      async (request, reply) => {
        const job = getJob(request.params.job_id);
        if (!job || job.session_id !== request.session.id) return sendError(reply, 404, 'job_not_found', `no job ${request.params.job_id} in session ${request.session.id}`, 'params.job_id');
        return job;
      },
    );
  });
}
