// Postgres stores neither U+0000 in `text` nor `\u0000` or an unpaired surrogate escape in
// `jsonb`. A user's input holding one is refused (400, see input.ts); data the workers hand back
// (file contents, tool output, events) is stored escaped instead, so it never fails a write.

const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why Postgres would refuse the string, or undefined when it is storable as is. */
export function unstorable(s: string): 'nul' | 'surrogate' | undefined {
  if (s.includes(NUL)) return 'nul';
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  return undefined;
}

/** True when the text is binary for our purposes: it holds NUL characters. */
export const isBinaryText = (s: string) => s.includes(NUL);

/** NUL as the six characters `\u0000` (readable, and visibly not the original byte); lone surrogates as U+FFFD. */
export function safeText(s: string): string {
  if (!unstorable(s)) return s;
  return s.replaceAll(NUL, '\\u0000').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

export function safeNullableText(s: string | null | undefined): string | null {
  return s === null || s === undefined ? null : safeText(s);
}

/** A JSON value with every string and key made storable (see safeText). */
export function safeJson<T>(value: T): T {
  if (typeof value === 'string') return safeText(value) as T;
  if (Array.isArray(value)) return value.map((v) => safeJson(v)) as T;
  // A Date (or anything with toJSON) is stored as JSON.stringify would write it.
  if (value && typeof (value as { toJSON?: unknown }).toJSON === 'function') return safeJson((value as unknown as { toJSON(): unknown }).toJSON()) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [safeText(k), safeJson(v)])) as T;
  }
  return value;
}

/** The first string (or key) of a JSON value Postgres would refuse: its dotted path and why. */
export function findUnstorable(value: unknown, root: string): { field: string; reason: 'nul' | 'surrogate'; key: boolean } | undefined {
  // Iterative, so a deeply nested body cannot overflow the stack.
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const reason = unstorable(v);
      if (reason) return { field: path, reason, key: false };
    } else if (v && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      if (!Array.isArray(v)) {
        for (const [k] of entries) {
          const reason = unstorable(k);
          if (reason) return { field: path, reason, key: true };
        }
      }
      // Reversed, so the first entry is checked first.
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], `${path}.${entries[i]![0]}`]);
    }
  }
  return undefined;
}
