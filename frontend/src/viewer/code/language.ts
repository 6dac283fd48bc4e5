import { javascript } from '@codemirror/lang-javascript';
import { markdown } from '@codemirror/lang-markdown';
import { yaml } from '@codemirror/lang-yaml';
import type { Extension } from '@codemirror/state';

/** Highlighting by file extension; unknown types are shown as plain text. */
export function languageFor(path: string): Extension[] {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (['ts', 'tsx', 'mts', 'cts'].includes(ext)) return [javascript({ typescript: true, jsx: ext === 'tsx' })];
  if (['js', 'mjs', 'cjs', 'jsx', 'json'].includes(ext)) return [javascript({ jsx: ext === 'jsx' })];
  if (ext === 'md') return [markdown()];
  if (ext === 'yaml' || ext === 'yml') return [yaml()];
  return [];
}

const BINARY = /\.(glb|gltf|stl|step|stp|png|jpe?g|gif|mp4|webm|gz|tar|zip|bin)$/i;
export const isBinaryPath = (path: string) => BINARY.test(path);
