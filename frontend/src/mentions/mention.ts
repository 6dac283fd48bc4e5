// `@path:start-end` mentions: how the code viewer writes them and how a prompt is read for them.
import type { Mention } from '../api/types.ts';

export function formatMention(path: string, start: number, end: number): string {
  const clean = path.replace(/^\/+/, '');
  const [a, b] = start <= end ? [start, end] : [end, start];
  // Always a range, one line too (`@a.ts:4-4`): the form the catalog and the controller name.
  return `@${clean}:${a}-${b}`;
}

const MENTION = /(?:^|\s)@([A-Za-z0-9_./-]+):(\d+)(?:-(\d+))?(?=$|[\s,.;:!?)])/g;

/** Every mention in a prompt, in order; `@a.ts:7` is the one-line range 7-7. */
export function parseMentions(text: string): Mention[] {
  const found: Mention[] = [];
  for (const m of text.matchAll(MENTION)) {
    const start = Number(m[2]);
    const end = m[3] === undefined ? start : Number(m[3]);
    found.push({ path: m[1]!.replace(/^\/+/, ''), start, end });
  }
  return found;
}
