// Error replies: the `{error, message, field?}` body (ErrorBody) every service answers a refusal
// with, and the route-schema entries that document it per status.
import type { FastifyReply } from 'fastify';
import { ErrorBody } from './schemas.ts';

/** Sends `{error, message, field}` (field only when given) with `status`. */
export function sendError(reply: FastifyReply, status: number, error: string, message: string, field?: string): FastifyReply {
  return reply.status(status).send({ error, message, ...(field ? { field } : {}) });
}

/** Error responses by status, for route schemas: `response: { 200: X, ...errors(400, 404) }`. */
export const errors = <const S extends readonly number[]>(...statuses: S) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as { [K in S[number]]: typeof ErrorBody };
