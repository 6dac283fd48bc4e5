// Where a heavy-worker request reads its inputs and writes its outputs. Co-located with the light
// worker, both are the session root in the shared SESSIONS_DIR (404 when the session does not
// exist there). With `bundle_base64` (the light worker's fs/bundle: a gzip tarball), the bundle
// is unpacked into a private temp dir that inputs are read from — regular files and folders only,
// every entry checked to stay inside it — while outputs and events go to this worker's own
// session root (created), so a remote heavy worker still leaves a record and returns everything
// in its response.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { ensureSessionRoot, normalizeSessionPath, sessionRoot, sessionsDir, WorkspaceError } from '../../shared/src/workspace.ts';

export const MAX_BUNDLE_UNPACKED_BYTES = 200 * 1024 * 1024;

export interface Workspace {
  /** The session root: outputs and events.jsonl. */
  root: string;
  /** Where the script and objectives.yaml are read (the root, or the unpacked bundle). */
  inputDir: string;
  fromBundle: boolean;
  dispose(): void;
}

export async function openWorkspace(sessionId: string, bundleBase64?: string): Promise<Workspace> {
  const dir = sessionsDir();
  if (bundleBase64 === undefined) {
    const root = sessionRoot(dir, sessionId);
    if (!fs.existsSync(root)) {
      throw new WorkspaceError(404, 'session_not_found', `session "${sessionId}" has no workspace on this worker; write files through the light worker or pass bundle_base64`);
    }
    return { root, inputDir: root, fromBundle: false, dispose: () => {} };
  }
  const files = unpackBundle(bundleBase64);
  const root = await ensureSessionRoot(dir, sessionId);
  const inputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-heavy-bundle-'));
  for (const [rel, data] of files) {
    const abs = path.join(inputDir, rel);
    if (data === null) fs.mkdirSync(abs, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, data);
    }
  }
  return { root, inputDir, fromBundle: true, dispose: () => fs.rmSync(inputDir, { recursive: true, force: true }) };
}

const FIELD = 'body.bundle_base64';

/** Bundle → relative path → content (null for folders). 400 naming the entry when unsafe. */
export function unpackBundle(bundleBase64: string): Map<string, Buffer | null> {
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(bundleBase64)) throw new WorkspaceError(400, 'invalid_bundle', `${FIELD} is not base64`, FIELD);
  let tarball: Buffer;
  try {
    tarball = gunzipSync(Buffer.from(bundleBase64, 'base64'), { maxOutputLength: MAX_BUNDLE_UNPACKED_BYTES });
  } catch (error) {
    throw new WorkspaceError(400, 'invalid_bundle', `${FIELD} is not a gzip tarball (${(error as Error).message})`, FIELD);
  }
  const files = new Map<string, Buffer | null>();
  let problem: string | undefined;
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const name = entry.path;
      const why = problem ?? entryProblem(entry);
      if (why) {
        problem ??= why;
        entry.resume();
        return;
      }
      const rel = normalizeSessionPath(name, FIELD);
      if (rel === '') {
        entry.resume();
        return;
      }
      if (entry.type === 'Directory') {
        files.set(rel, null);
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => files.set(rel, Buffer.concat(chunks)));
    },
  });
  let parseError: Error | undefined;
  parser.on('error', (e: Error) => (parseError ??= e));
  parser.on('warn', (_code: string, message: string) => (parseError ??= new Error(message)));
  parser.end(tarball);
  if (problem) throw new WorkspaceError(400, 'unsafe_bundle_entry', problem, FIELD);
  if (parseError) throw new WorkspaceError(400, 'invalid_bundle', `${FIELD} is not a valid tar archive (${parseError.message})`, FIELD);
  return files;
}

function entryProblem(entry: ReadEntry): string | undefined {
  const name = entry.path;
  if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'Directory' && entry.type !== 'ContiguousFile') {
    return `bundle entry "${name}" is a ${entry.type}; only regular files and folders are accepted`;
  }
  if (name.includes('\0') || path.posix.isAbsolute(name) || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..')) {
    return `bundle entry "${name}" escapes the workspace`;
  }
  return undefined;
}
