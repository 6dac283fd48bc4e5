// Request-wide input rules that no single route schema can express: every string of a body,
// path or query (at any depth, keys too, metadata_vars included) must be storable in Postgres,
// so a NUL character is a 400 naming the field instead of a 500 from the INSERT. And the API
// key, which browsers pass as `?api_key=`, never reaches the request log.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../../shared/src/reply.ts';
import type { Service } from '../../shared/src/service.ts';
import { findUnstorable } from './text.ts';

const REASONS = {
  nul: 'must not contain NUL characters (\\u0000)',
  surrogate: 'must be well-formed Unicode (it holds an unpaired surrogate)',
};

/** The request parts in the order the validator reports them, with the validator's names. */
export function inputProblem(parts: { body?: unknown; params?: unknown; querystring?: unknown }): { field: string; message: string } | undefined {
  for (const where of ['params', 'querystring', 'body'] as const) {
    const found = findUnstorable(parts[where], where);
    if (found) return { field: found.field, message: `${found.field} ${found.key ? `has a key that ${REASONS[found.reason]}` : REASONS[found.reason]}` };
  }
  return undefined;
}

/** `?api_key=secret&x=1` → `?api_key=[redacted]&x=1`. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]api_key=)[^&#]*/gi, '$1[redacted]');
}

export function registerInputGuard(app: Service): void {
  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    const problem = inputProblem({ body: request.body, params: request.params, querystring: request.query });
    if (problem) return sendError(reply, 400, 'validation_failed', problem.message, problem.field);
  });

  // The per-request log line (shared/service.ts) logs `url`; only requests that carry the key
  // in the query get a child logger that rewrites it.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!/[?&]api_key=/i.test(request.url)) return;
    request.log = request.log.child({}, { redact: { paths: ['url'], censor: (value: unknown) => (typeof value === 'string' ? redactUrl(value) : value) } });
  });
}
