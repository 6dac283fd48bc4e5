// fs/bundle: the session as a gzip tarball that round-trips. Left out: `renders/` at the root,
// VCS folders and caches at any depth, symlinks (they could point anywhere), and in-flight
// temporary files of atomic writes.
import fs from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { create } from 'tar';
import { isTempName } from '../../shared/src/workspace.ts';

/** Folders skipped at any depth by bundle and grep. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.cache',
  '.venv',
]);

/** Folders skipped only at the session root by bundle. */
export const SKIPPED_ROOT_DIRS: ReadonlySet<string> = new Set(['renders']);

export const BUNDLE_EXCLUSIONS = `renders/ (at the root); ${[...SKIPPED_DIRS].join(', ')} (anywhere); symlinks`;

export function bundleIncludes(relPath: string, stat: { isSymbolicLink(): boolean }): boolean {
  if (stat.isSymbolicLink()) return false;
  const segments = relPath.replace(/^\.\//, '').split('/').filter(Boolean);
  if (segments.length > 0 && SKIPPED_ROOT_DIRS.has(segments[0]!)) return false;
  return !segments.some((s) => SKIPPED_DIRS.has(s) || isTempName(s));
}

/** The tarball, in memory (sessions are small; a Buffer lets errors still become JSON). */
export async function bundleSession(root: string): Promise<Buffer> {
  const entries: string[] = [];
  for (const entry of await fs.readdir(root, { withFileTypes: true })) {
    if (bundleIncludes(entry.name, entry)) entries.push(entry.name);
  }
  entries.sort();
  if (entries.length === 0) return gzipSync(Buffer.alloc(1024)); // an empty tar archive
  const pack = create({ gzip: true, cwd: root, portable: true, filter: (p, stat) => bundleIncludes(p, stat as { isSymbolicLink(): boolean }) }, entries);
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
