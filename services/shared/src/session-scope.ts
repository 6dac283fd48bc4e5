// The scope a worker's session routes run in: the X-Session-ID header is validated first (400
// naming the header), the service resolves the session (`open`) into request.session, and
// WorkspaceErrors, and the errors the service maps to one (`refusal`), are answered as
// `{error, message, field}` with their status; anything else goes on to the service-wide handler.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './reply.ts';
import type { Service } from './service.ts';
import { validateSessionId, WorkspaceError } from './workspace.ts';

export interface Session {
  id: string;
  /** `<sessions dir>/<id>`. */
  root: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: Session;
  }
}

export interface SessionScopeOptions {
  /** The session of a valid ID: its root, created (and seeded) or merely located. */
  open(id: string): Promise<Session> | Session;
  /** Another error this scope answers as a refusal, or undefined to pass it on. */
  refusal?(error: Error): WorkspaceError | undefined;
}

/** Adds the session hook and the refusal mapping to the plugin scope holding the session routes. */
export function useSessionScope(app: Service, options: SessionScopeOptions): void {
  app.decorateRequest('session', null as unknown as Session);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const id = validateSessionId(request.headers['x-session-id']);
    request.session = await options.open(id);
  });
  app.setErrorHandler((error: FastifyError | WorkspaceError, _request: FastifyRequest, reply: FastifyReply) => {
    const refusal = error instanceof WorkspaceError ? error : options.refusal?.(error);
    if (refusal) return sendError(reply, refusal.statusCode, refusal.code, refusal.message, refusal.field);
    throw error; // the service-wide handler (validation errors, 500s)
  });
}
