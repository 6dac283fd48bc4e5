// X-API-Key on every route but health and the OpenAPI document. Browsers cannot set headers on
// a WebSocket, so `?api_key=` is accepted too. The key is CONTROLLER_API_KEY, else the dev key.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../../shared/src/reply.ts';
import type { Service } from '../../shared/src/service.ts';

// The workflow callback authenticates by its own per-call token (routes/workflows.ts).
const PUBLIC = new Set(['/health', '/openapi.json', '/workflows/:workflow_id/callbacks/:topic']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function registerAuth(app: Service, apiKey: string): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url;
    if (request.method === 'OPTIONS' || !route || PUBLIC.has(route)) return;
    const header = request.headers['x-api-key'];
    const query = new URL(request.url, 'http://x').searchParams.get('api_key');
    const given = typeof header === 'string' ? header : query;
    if (!given) {
      return sendError(reply, 401, 'unauthorized', 'X-API-Key header is required', 'headers.x-api-key');
    }
    if (!same(given, apiKey)) {
      return sendError(reply, 401, 'unauthorized', 'X-API-Key is not valid', 'headers.x-api-key');
    }
  });
}

/** Adds the apiKey security scheme to the OpenAPI document and marks protected operations. */
export function documentAuth(doc: { components?: Record<string, unknown>; paths?: Record<string, Record<string, { security?: unknown; responses?: Record<string, unknown> }>> }): void {
  doc.components = { ...doc.components, securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } };
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    if (PUBLIC.has(path.replace(/\{([^}]+)\}/g, ':$1'))) continue;
    for (const op of Object.values(ops)) {
      op.security = [{ apiKey: [] }];
    }
  }
}
