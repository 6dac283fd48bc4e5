// A syntax check of agent-written scripts: esbuild parses (never runs) the source, so a slip is
// reported to the model right after the write, as a lint_failure_code event.
import { transform } from 'esbuild';

export interface LintError {
  line: number | null;
  column: number | null;
  text: string;
}

export const LINTED_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

export function isLinted(path: string): boolean {
  return LINTED_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext));
}

export async function lintSource(path: string, code: string): Promise<LintError[]> {
  try {
    await transform(code, { loader: /\.m?ts$/i.test(path) ? 'ts' : 'js', format: 'esm', sourcefile: path, logLevel: 'silent' });
    return [];
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors;
    if (!errors?.length) return [{ line: null, column: null, text: (error as Error).message }];
    return errors.map((e) => ({ line: e.location?.line ?? null, column: e.location?.column ?? null, text: e.text }));
  }
}
