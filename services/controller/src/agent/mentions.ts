// `@path:start-end` mentions and structured selections: resolved to the exact lines of the
// session file and rendered into the agent's context. The grammar (parseMentions) is shared with
// the frontend: ../../../shared/src/mentions.ts.
import type { MentionRef } from '../../../shared/src/mentions.ts';

export interface ResolvedMention extends MentionRef {
  content: string;
}

export const label = (m: MentionRef) => `@${m.path.replace(/^\/+/, '')}:${m.start}-${m.end}`;

/** Mentions from the body and the text, the same file+range once. */
export function mergeMentions(structured: MentionRef[], fromText: MentionRef[]): MentionRef[] {
  const seen = new Map<string, MentionRef>();
  for (const m of [...structured, ...fromText]) seen.set(label(m), m);
  return [...seen.values()];
}

/** Why a range cannot be resolved against a file of `lineCount` lines, or undefined when it can. */
export function rangeProblem(m: MentionRef, lineCount: number): string | undefined {
  if (!Number.isInteger(m.start) || !Number.isInteger(m.end) || m.start < 1) return `${label(m)}: lines start at 1`;
  if (m.end < m.start) return `${label(m)}: the end line is before the start line`;
  if (m.end > lineCount) return `${label(m)}: ${m.path.replace(/^\/+/, '')} has only ${lineCount} line${lineCount === 1 ? '' : 's'}`;
  return undefined;
}

/** Lines of a file, without the empty piece after a final newline. */
export function fileLines(content: string): string[] {
  const lines = content.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

export function sliceLines(content: string, m: MentionRef): string {
  return fileLines(content).slice(m.start - 1, m.end).join('\n');
}

export interface SelectionRef {
  kind: string;
  path: string;
  name?: string;
  face_index?: number;
  edge_index?: number;
  vertex_index?: number;
  start_line?: number;
  end_line?: number;
}

export function describeSelection(s: SelectionRef): string {
  const parts = [`${s.kind}`];
  if (s.name) parts.push(`"${s.name}"`);
  for (const k of ['face_index', 'edge_index', 'vertex_index'] as const) if (s[k] !== undefined) parts.push(`${k.replace('_index', '')} #${s[k]}`);
  if (s.start_line !== undefined) parts.push(`lines ${s.start_line}-${s.end_line ?? s.start_line}`);
  return `${parts.join(' ')} in ${s.path}`;
}

/** The user message as the agent sees it: the text, then each mentioned range verbatim, then the selections. */
export function renderContext(message: string, mentions: ResolvedMention[], selections: SelectionRef[]): string {
  const blocks = [message];
  for (const m of mentions) blocks.push(`${label(m)}\n\`\`\`\n${m.content}\n\`\`\``);
  if (selections.length) blocks.push(`Selections:\n${selections.map((s) => `- ${describeSelection(s)}`).join('\n')}`);
  return blocks.join('\n\n');
}
