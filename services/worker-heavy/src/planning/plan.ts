// plan.md's validator (INT-006): the five numbered headings in order (case and spacing
// tolerant, "&" or "and"), each section in the form an engineer reads quickly — the Parts List a
// table or bullets, the Assembly Strategy a numbered list, the Budget and the Risk Assessment a
// table or bullets — and the Parts List naming every part assembly_definition.yaml declares.
import { problem, type Problem } from '../problems.ts';

export const PLAN_FILE = 'plan.md';

type Form = 'prose' | 'list' | 'numbered';

export const PLAN_SECTIONS: { heading: string; pattern: RegExp; form: Form }[] = [
  { heading: '## 1. Solution Overview', pattern: /^##\s*1\s*\.?\s*solution\s+overview\s*$/i, form: 'prose' },
  { heading: '## 2. Parts List', pattern: /^##\s*2\s*\.?\s*parts\s+list\s*$/i, form: 'list' },
  { heading: '## 3. Assembly Strategy', pattern: /^##\s*3\s*\.?\s*assembly\s+strategy\s*$/i, form: 'numbered' },
  { heading: '## 4. Cost & Weight Budget', pattern: /^##\s*4\s*\.?\s*cost\s*(?:&|and)\s*weight\s+budget\s*$/i, form: 'list' },
  { heading: '## 5. Risk Assessment', pattern: /^##\s*5\s*\.?\s*risk\s+assessment\s*$/i, form: 'list' },
];

const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const BULLET = /^\s*[-*+]\s+\S/;
const NUMBERED = /^\s*\d+[.)]\s+\S/;

const hasTable = (lines: string[]) => lines.some((l, i) => TABLE_ROW.test(l) && TABLE_SEPARATOR.test(lines[i + 1] ?? ''));
const hasBullets = (lines: string[]) => lines.some((l) => BULLET.test(l));

export interface PlanSection {
  heading: string;
  line: number;
  body: string[];
}

/** The five sections found (by index 0–4), each with its body up to the next `#`/`##` heading. */
export function planSections(text: string): (PlanSection | undefined)[] {
  const lines = text.split(/\r?\n/);
  const found: (PlanSection | undefined)[] = PLAN_SECTIONS.map(() => undefined);
  let current: PlanSection | undefined;
  lines.forEach((raw, i) => {
    const index = PLAN_SECTIONS.findIndex((s) => s.pattern.test(raw.trim()));
    if (index >= 0) {
      current = { heading: PLAN_SECTIONS[index]!.heading, line: i + 1, body: [] };
      found[index] ??= current;
    } else if (/^#{1,2}\s/.test(raw)) current = undefined;
    else current?.body.push(raw);
  });
  return found;
}

const nameMentioned = (name: string, text: string) => {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`, 'i').test(text);
};

/**
 * Problems with plan.md; `partNames` (declaredPartNames of assembly_definition.yaml) must each
 * appear in the Parts List, skipped when the definition could not be read.
 */
export function checkPlan(text: string, partNames?: string[]): Problem[] {
  const problems: Problem[] = [];
  const sections = planSections(text);
  let lastLine = 0;
  sections.forEach((section, i) => {
    const spec = PLAN_SECTIONS[i]!;
    if (!section) {
      problems.push(problem(PLAN_FILE, 'PLAN_MISSING_HEADING', `plan.md lacks the heading "${spec.heading}" (a line of its own; case and spacing may vary)`, spec.heading));
      return;
    }
    if (section.line < lastLine) {
      problems.push(problem(PLAN_FILE, 'PLAN_HEADING_ORDER', `"${spec.heading}" (line ${section.line}) comes after a later section; keep the five sections in order 1–5`, spec.heading));
    }
    lastLine = Math.max(lastLine, section.line);
    const body = section.body;
    if (spec.form === 'numbered' && !body.some((l) => NUMBERED.test(l))) {
      problems.push(problem(PLAN_FILE, 'PLAN_SECTION_FORMAT', `"${spec.heading}" must hold a numbered list of assembly steps ("1. …")`, spec.heading));
    }
    if (spec.form === 'list' && !hasTable(body) && !hasBullets(body)) {
      problems.push(problem(PLAN_FILE, 'PLAN_SECTION_FORMAT', `"${spec.heading}" must hold a markdown table (header row and |---| separator) or a bulleted list`, spec.heading));
    }
    if (spec.form === 'prose' && !body.some((l) => l.trim())) {
      problems.push(problem(PLAN_FILE, 'PLAN_SECTION_FORMAT', `"${spec.heading}" is empty; describe the solution`, spec.heading));
    }
  });
  const parts = sections[1];
  if (parts && partNames) {
    const body = parts.body.join('\n');
    for (const name of partNames) {
      if (!nameMentioned(name, body)) {
        problems.push(
          problem(PLAN_FILE, 'PLAN_PART_NOT_NAMED', `"## 2. Parts List" does not name "${name}", which assembly_definition.yaml declares; list every part by that exact name or ID`, '## 2. Parts List'),
        );
      }
    }
  }
  return problems;
}
