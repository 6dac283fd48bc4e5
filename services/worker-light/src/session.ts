// The light worker's sessions: a session root is created and seeded once per process, on first
// use; and the file-system errors its routes answer as refusals rather than 500s.
import { ensureSessionRoot, sessionsDir, WorkspaceError } from '../../shared/src/workspace.ts';
import type { Session } from '../../shared/src/session-scope.ts';
import { seedSession } from './seed.ts';

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

/** Errors of the file system and the multipart parser that name a bad request. */
export function sessionRefusal(error: Error): WorkspaceError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENAMETOOLONG') return new WorkspaceError(400, 'path_too_long', 'path is too long for the file system', 'path');
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new WorkspaceError(413, 'upload_too_large', `upload refused: ${error.message}`, 'body.file');
  if (code === 'ENOTDIR') return new WorkspaceError(400, 'not_a_directory', 'a file is used as a folder in path', 'path');
  return undefined;
}
