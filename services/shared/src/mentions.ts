// `@path:start-end` mentions of a session file's lines: the one grammar the frontend writes (the
// code viewer's "Add to prompt") and reads (the prompt it sends), and the controller reads (the
// message it resolves to exact lines). No Node imports: the frontend bundles this file too.

export interface MentionRef {
  path: string;
  start: number;
  end: number;
}

/** How a selected range is written: always a range (`@a.ts:4-4` for one line), in order, the path without a leading `/`. */
export function formatMention(path: string, start: number, end: number): string {
  const clean = path.replace(/^\/+/, '');
  const [a, b] = start <= end ? [start, end] : [end, start];
  return `@${clean}:${a}-${b}`;
}

/**
 * `@`, a session path of `[A-Za-z0-9_./-]` (no spaces), `:`, a line and optionally `-` and a line.
 * Not right after a letter, digit, `_` or `@` (`me@host:1-2` is an address, not a mention);
 * anything may follow (`(@a.ts:3-7).`). The character before is matched, not looked behind, so
 * browsers without lookbehind parse it too.
 */
const MENTION_RE = /(?:^|[^\w@])@([\w./-]+):(\d+)(?:-(\d+))?/g;

/**
 * Every mention in `text`, in order; `@a.ts:7` is the one-line range 7-7. The path comes out as
 * formatMention writes it (session paths are rooted: `@/a.ts` is `a.ts`); a reversed range stays
 * reversed, for the resolver to refuse.
 */
export function parseMentions(text: string): MentionRef[] {
  const found: MentionRef[] = [];
  for (const m of text.matchAll(MENTION_RE)) {
    const start = Number(m[2]);
    found.push({ path: m[1]!.replace(/^\/+/, ''), start, end: m[3] === undefined ? start : Number(m[3]) });
  }
  return found;
}
