// A session's workspace on disk: session-ID validation, the session root, and the one path
// resolver every file access goes through. Paths are session-rooted (`/x` == `x`; `/`, `` and
// `.` are the root) and must stay inside the root, also through symlinks.
//
// Used by both workers; keep the API small and stable:
//   validateSessionId, sessionsDir, sessionRoot, ensureSessionRoot,
//   normalizeSessionPath, displayPath, isReadOnlyPath, assertWritable,
//   resolveSessionPath, isInside, writeFileAtomic, isTempName, WorkspaceError.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SESSION_ID_PATTERN } from './schemas.ts';

const SESSION_ID_RE = new RegExp(SESSION_ID_PATTERN);

/** Top-level folders seeded by the light worker; readable, never mutable through the APIs. */
export const READ_ONLY_PREFIXES = ['utils', 'skills', 'reviews', 'config'] as const;

/** Linux limits: a name (one segment) ≤ 255 bytes, a whole path ≤ 4096 bytes. */
export const MAX_NAME_BYTES = 255;
export const MAX_PATH_BYTES = 4096;

/** Prefix of the temporary files `writeFileAtomic` creates next to their target. */
export const TEMP_PREFIX = '.wb-tmp-';

/**
 * A refusal with an HTTP status and a machine-readable code, e.g. 403 `path_outside_session`.
 * Route handlers turn it into `{error: code, message, field}`.
 */
export class WorkspaceError extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 404 | 409 | 413 | 422,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

/** Returns the ID when it matches `^[A-Za-z0-9_-]{1,128}$`; 400 otherwise. */
export function validateSessionId(id: unknown, field = 'headers.x-session-id'): string {
  if (typeof id !== 'string' || id === '') {
    throw new WorkspaceError(400, 'missing_session_id', 'X-Session-ID header is required', field);
  }
  if (!SESSION_ID_RE.test(id)) {
    throw new WorkspaceError(400, 'invalid_session_id', `X-Session-ID must match ${SESSION_ID_PATTERN}`, field);
  }
  return id;
}

/** The directory holding every session: `SESSIONS_DIR`, else `<tmp>/workbench-sessions`. */
export function sessionsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.SESSIONS_DIR || path.join(os.tmpdir(), 'workbench-sessions'));
}

/** `<sessions dir>/<session id>` (the ID is validated first). */
export function sessionRoot(dir: string, sessionId: string): string {
  return path.join(dir, validateSessionId(sessionId));
}

/** Creates the session root if needed and returns it. */
export async function ensureSessionRoot(dir: string, sessionId: string): Promise<string> {
  const root = sessionRoot(dir, sessionId);
  await fs.mkdir(root, { recursive: true });
  return root;
}

/**
 * Session path → normalized relative POSIX path (`''` is the root), purely lexical.
 * 400 for NUL bytes and over-long names/paths, 403 when `..` climbs above the root.
 */
export function normalizeSessionPath(input: string, field = 'path'): string {
  if (input.includes('\0')) {
    throw new WorkspaceError(400, 'invalid_path', `${field} must not contain NUL bytes`, field);
  }
  if (Buffer.byteLength(input) > MAX_PATH_BYTES) {
    throw new WorkspaceError(400, 'path_too_long', `${field} is longer than ${MAX_PATH_BYTES} bytes`, field);
  }
  const out: string[] = [];
  for (const segment of input.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) {
        throw new WorkspaceError(403, 'path_outside_session', `${field} "${input}" resolves outside the session root`, field);
      }
      out.pop();
      continue;
    }
    if (Buffer.byteLength(segment) > MAX_NAME_BYTES) {
      throw new WorkspaceError(400, 'name_too_long', `${field} has a name longer than ${MAX_NAME_BYTES} bytes`, field);
    }
    out.push(segment);
  }
  return out.join('/');
}

/** Relative path → how the API shows it: `/plan.md`, `/` for the root. */
export function displayPath(rel: string): string {
  return `/${rel}`;
}

/** True for the read-only prefixes themselves and everything below them. */
export function isReadOnlyPath(rel: string): boolean {
  const top = rel.split('/')[0]!;
  return (READ_ONLY_PREFIXES as readonly string[]).includes(top);
}

/** 403 for the read-only prefixes, 403 for the root itself (it cannot be replaced or removed). */
export function assertWritable(rel: string, field = 'path'): void {
  if (rel === '') {
    throw new WorkspaceError(403, 'session_root', `${field} is the session root, which cannot be modified`, field);
  }
  if (isReadOnlyPath(rel)) {
    throw new WorkspaceError(
      403,
      'read_only_path',
      `${field} "${displayPath(rel)}" is under a read-only prefix (/${READ_ONLY_PREFIXES.join(', /')})`,
      field,
    );
  }
}

/** True when `child` is `parent` or below it (both absolute, normalized). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** True for names `writeFileAtomic` uses for its temporary files (hide them from listings). */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

export interface ResolvedPath {
  /** Normalized relative path, `''` for the root. */
  rel: string;
  /** Absolute path under the session root (not symlink-resolved). */
  abs: string;
  /** `/rel`, for messages and listings. */
  display: string;
}

export interface ResolveOptions {
  /** Field name used in error messages; default `path`. */
  field?: string;
  /**
   * Whether the final component may be a symlink that is followed (default true). With false
   * only the parent chain is checked, e.g. for deleting a link that points outside.
   */
  followFinal?: boolean;
}

/**
 * Resolves a session path to an absolute path inside `root`. Lexical checks first
 * (`normalizeSessionPath`), then the realpath of the deepest existing ancestor (or the target
 * itself) must be inside the real root, so a symlink pointing out (e.g. created by executed
 * code) is refused with 403 before any read or write happens.
 */
export async function resolveSessionPath(root: string, input: string, options: ResolveOptions = {}): Promise<ResolvedPath> {
  const field = options.field ?? 'path';
  const rel = normalizeSessionPath(input, field);
  const abs = rel === '' ? root : path.join(root, rel);
  const realRoot = await fs.realpath(root);
  const check = options.followFinal === false && rel !== '' ? path.dirname(abs) : abs;
  let probe = check;
  for (;;) {
    let real: string | undefined;
    try {
      real = await fs.realpath(probe);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOENT: missing (or a dangling symlink); ENOTDIR: a file used as a folder. Walk up.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      if (probe === root) throw error;
      // A dangling symlink must not be written through: check where it points.
      const link = await fs.readlink(probe).catch(() => undefined);
      if (link !== undefined && !isInside(realRoot, path.resolve(path.dirname(probe), link))) {
        throw outside(input, field);
      }
      probe = path.dirname(probe);
      continue;
    }
    if (!isInside(realRoot, real)) throw outside(input, field);
    break;
  }
  return { rel, abs, display: displayPath(rel) };
}

function outside(input: string, field: string): WorkspaceError {
  return new WorkspaceError(403, 'path_outside_session', `${field} "${input}" resolves outside the session root (through a symlink)`, field);
}

/**
 * Writes a whole file atomically: a temporary file next to the target, then rename (or, with
 * `exclusive`, a hard link that fails with EEXIST when the target exists). Readers see the old
 * content or the new one, never a partial file; on any failure the temporary is removed.
 */
export async function writeFileAtomic(abs: string, data: string | Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
  const tmp = path.join(path.dirname(abs), `${TEMP_PREFIX}${crypto.randomBytes(6).toString('hex')}`);
  try {
    await fs.writeFile(tmp, data, { flag: 'wx' });
    if (options.exclusive) {
      await fs.link(tmp, abs);
    } else {
      await fs.rename(tmp, abs);
    }
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
