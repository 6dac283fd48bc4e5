// Markdown with YAML frontmatter (`---` … `---` on the first lines), the shape of review files and
// plan_refusal.md. A file without it, or whose frontmatter is not a YAML mapping, is a problem.
import { parse as parseYaml } from 'yaml';

/** A reason a file is refused: which file, which field (a dotted path), a stable code, a message a model can act on. */
export interface Problem {
  file: string;
  field?: string;
  code: string;
  message: string;
}

export const problem = (file: string, code: string, message: string, field?: string): Problem =>
  field === undefined ? { file, code, message } : { file, field, code, message };

export function parseFrontmatter(file: string, text: string): { front?: Record<string, unknown>; body: string; problems: Problem[] } {
  const m = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { body: text, problems: [problem(file, 'MISSING_FRONTMATTER', `${file} must start with YAML frontmatter: a "---" line, the fields, a "---" line`)] };
  let front: unknown;
  try {
    front = parseYaml(m[1]!);
  } catch (e) {
    return { body: text, problems: [problem(file, 'INVALID_FRONTMATTER', `${file}: the frontmatter does not parse as YAML: ${(e as Error).message.split('\n')[0]}`)] };
  }
  if (!front || typeof front !== 'object' || Array.isArray(front)) {
    return { body: text, problems: [problem(file, 'INVALID_FRONTMATTER', `${file}: the frontmatter must be a YAML mapping of fields`)] };
  }
  return { front: front as Record<string, unknown>, body: text.slice(m[0].length), problems: [] };
}

/** One line per problem, for a tool result a model reads. */
export function describeProblems(problems: Problem[]): string {
  return problems.map((p) => `- ${p.message} [${p.file}${p.field ? ` ${p.field}` : ''}: ${p.code}]`).join('\n');
}
