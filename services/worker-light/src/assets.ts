// What GET /assets/{path} needs besides the file API: the asset path from the raw URL (encoded
// traversal refused), MIME types, and the syntax check of a model's source script.
import fs from 'node:fs/promises';
import path from 'node:path';
import { transform } from 'esbuild';
import mime from 'mime-types';
import { WorkspaceError } from '../../shared/src/workspace.ts';

/** Types the contract names, and source files as text (mime-types would call `.ts` MPEG-TS). */
const OVERRIDES: Record<string, string> = {
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.stl': 'model/stl',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.mp4': 'video/mp4',
  '.ts': 'text/x-typescript; charset=utf-8',
  '.tsx': 'text/x-typescript; charset=utf-8',
  '.mts': 'text/x-typescript; charset=utf-8',
  '.cts': 'text/x-typescript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.py': 'text/x-python; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return OVERRIDES[ext] ?? (mime.contentType(ext) || 'application/octet-stream');
}

/**
 * The session path in a raw `/assets/...` URL. Refused: encoded separators or NUL (`%2f`, `%5c`,
 * `%00`) → 400, dot segments (`.`/`..`, also as `%2e`) → 403, malformed escapes → 400.
 */
export function assetPathFromUrl(rawUrl: string): string {
  const raw = rawUrl.split('?')[0]!.replace(/^\/assets\/?/, '');
  if (/%(2f|5c|00)/i.test(raw)) {
    throw new WorkspaceError(400, 'encoded_separator', 'asset path must not contain encoded "/", "\\" or NUL (%2F, %5C, %00)', 'path');
  }
  const segments = raw.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new WorkspaceError(400, 'invalid_path', 'asset path has a malformed percent-escape', 'path');
    }
  });
  if (segments.some((s) => s === '..' || s === '.')) {
    throw new WorkspaceError(403, 'path_outside_session', 'asset path must not contain "." or ".." segments', 'path');
  }
  return segments.filter(Boolean).join('/');
}

export const MODEL_EXTENSIONS = new Set(['.glb', '.stl']);
export const SOURCE_EXTENSIONS = ['.ts', '.mjs', '.js'] as const;
export const DEFAULT_SCRIPTS = ['script.ts', 'script.mjs'] as const;

export const MODEL_SOURCE_RULE =
  'For `.glb`/`.stl` the model\'s source script is the file with the same base name next to it (`model.glb` ← `model.ts`, else `.mjs`, else `.js`); ' +
  'when there is none, the session\'s default build script (`script.ts`, else `script.mjs`, at the root). ' +
  'If that script fails to parse → 422 "Source code <file> has syntax errors."; without any script the model is served as is.';

/** Candidate source scripts of a model, as session-relative paths, in order of preference. */
export function modelSourceCandidates(rel: string): string[] {
  const ext = path.posix.extname(rel);
  const stem = rel.slice(0, rel.length - ext.length);
  return [...SOURCE_EXTENSIONS.map((e) => stem + e), ...DEFAULT_SCRIPTS];
}

/** Throws 422 when `abs` (a TS/JS source) does not parse. */
export async function checkSourceSyntax(abs: string, rel: string): Promise<void> {
  const code = await fs.readFile(abs, 'utf8');
  try {
    await transform(code, { loader: rel.endsWith('.ts') ? 'ts' : 'js', sourcefile: rel, format: 'esm', logLevel: 'silent' });
  } catch {
    throw new WorkspaceError(422, 'source_syntax_error', `Source code ${rel} has syntax errors.`, 'path');
  }
}
