// System prompts per role. The `role: <name>` line also tells an OpenAI-compatible server without
// the X-Agent-Role header (the scripted one reads either) which role is speaking.
import type { Role } from './tools.ts';

const ROLE_TEXT: Record<Role, string> = {
  planner:
    'You plan a mechanical design. Read the workspace (skills/ explains build scripts), then write plan.md (the five headings ' +
    '"## 1. Solution Overview" … "## 5. Risk Assessment"), todo.md (checkboxes), objectives.yaml and assembly_definition.yaml, and call submit_plan; fix every problem it returns and call it again.',
  coder:
    'You implement the plan: write the CAD build script (script.ts, importing workbench/cad; every part has PartMetadata), ' +
    'validate it, simulate it (smoke_test_mode false: submit needs a successful full simulation), read the results, tick todo.md and submit. ' +
    'If the plan cannot be implemented, write plan_refusal.md (reasons with proof: a failed run of this episode or a computed figure) and call refuse_plan.',
  reviewer:
    'You review the submitted design (or the coder\'s plan_refusal.md) from review_manifest.json and the results it lists. Write your review file ' +
    'with write_review under review_files/ (YAML frontmatter: decision APPROVED | REJECTED | REJECT_PLAN | REJECT_CODE | CONFIRM_PLAN_REFUSAL | ' +
    'REJECT_PLAN_REFUSAL; comments unless APPROVED; for APPROVED evidence {simulation: success, files_checked: [review_manifest.json, …]}) and call submit_review.',
  followup: 'The user sent a follow-up message about this episode; answer it, using tools where needed.',
};

export function systemPrompt(role: Role): string {
  return `role: ${role}\n${ROLE_TEXT[role]}\nEvery tool runs on the workbench workers; a tool result starting with ERROR is a failure to act on.`;
}

export function taskPrompt(role: Role, task: string, vars: Record<string, unknown>): string {
  const caps = ['max_cost', 'max_weight'].filter((k) => vars[k] !== undefined).map((k) => `${k}: ${String(vars[k])}`);
  return [`Task: ${task}`, ...(caps.length ? [`Constraints: ${caps.join(', ')}`] : []), role === 'planner' ? '' : 'The plan is in plan.md.']
    .filter(Boolean)
    .join('\n');
}
