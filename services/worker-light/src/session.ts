// The session scope every workspace route runs in: the X-Session-ID header is validated first
// (400 naming the header), the session root is created and seeded once per process, and
// WorkspaceErrors become `{error, message, field}` with their status.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ensureSessionRoot, sessionsDir, validateSessionId, WorkspaceError } from '../../shared/src/workspace.ts';
import type { Service } from '../../shared/src/service.ts';
import { seedSession } from './seed.ts';

export interface Session {
  id: string;
  root: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: Session;
  }
}

const SESSIONS_DIR = sessionsDir();
const seeding = new Map<string, Promise<void>>();

/** Root of a session, created and seeded on first use by this process. */
export async function openSession(id: string): Promise<Session> {
  const root = await ensureSessionRoot(SESSIONS_DIR, id);
  let seeded = seeding.get(id);
  if (!seeded) {
    seeded = seedSession(root);
    seeding.set(id, seeded);
    seeded.catch(() => seeding.delete(id));
  }
  await seeded;
  return { id, root };
}

/** Adds the session hook and error mapping to a plugin scope holding the session routes. */
export function useSessionScope(app: Service): void {
  app.decorateRequest('session', null as unknown as Session);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const id = validateSessionId(request.headers['x-session-id']);
    request.session = await openSession(id);
  });
  app.setErrorHandler((error: FastifyError | WorkspaceError, _request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof WorkspaceError) {
      return reply.status(error.statusCode).send({ error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENAMETOOLONG') {
      return reply.status(400).send({ error: 'path_too_long', message: 'path is too long for the file system', field: 'path' });
    }
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send({ error: 'upload_too_large', message: `upload refused: ${(error as Error).message}`, field: 'body.file' });
    }
    if (code === 'ENOTDIR') {
      return reply.status(400).send({ error: 'not_a_directory', message: 'a file is used as a folder in path', field: 'path' });
    }
    throw error; // the service-wide handler (validation errors, 500s)
  });
}
