// Arena-specific error mapping, for the routes registered inside this scope: a body or query
// that fails its schema is 422 naming the field (the seed's contract; the shared service answers
// 400), a malformed path id is simply not found (404). Everything else goes on to the shared
// service's handler (400 invalid JSON, 413 too large, 415, 500 logged).
import type { FastifyError, FastifyInstance } from 'fastify';

/** What a pattern means, for fields whose pattern would not tell a user. */
const PATTERN_HINTS: Record<string, string> = {
  'body.instruction': 'must not be blank',
  'querystring.limit': 'must be an integer from 1 to 200',
};

export function registerArenaErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (!error.validation) throw error;
    const where = error.validationContext ?? 'request';
    const first = error.validation[0];
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const field = [where, ...(first?.instancePath ?? '').split('/').filter(Boolean), ...(missing ? [missing] : [])].join('.');
    if (where === 'params') {
      return reply.status(404).send({ error: 'not_found', message: `${request.url.split('?')[0]} not found (${field} ${first?.message ?? 'is invalid'})`, field });
    }
    const allowed = (first?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
    const detail = first?.keyword === 'pattern' ? (PATTERN_HINTS[field] ?? 'has an invalid format') : (first?.message ?? 'is invalid');
    return reply.status(422).send({
      error: 'validation_failed',
      message: `${field} ${detail}${allowed ? ` (one of ${allowed.join(', ')})` : ''}`,
      field,
    });
  });
}
