// System prompts per role. The `role: <name>` line also tells an OpenAI-compatible server without
// the X-Agent-Role header (the scripted one reads either) which role is speaking.
import type { Role } from './tools.ts';

const ROLE_TEXT: Record<Role, string> = {
  planner:
    'You plan a mechanical design. Read the workspace (skills/ explains build scripts), then write plan.md (the five headings ' +
    '"## 1. Solution Overview" … "## 5. Risk Assessment"), todo.md (checkboxes), objectives.yaml and assembly_definition.yaml, and call submit_plan; fix every problem it returns and call it again.',
  coder:
    'You implement the plan: write the CAD build script (script.ts, importing workbench/cad; every part has PartMetadata), ' +
    'validate it, simulate it, read the results, tick todo.md and submit.',
  reviewer: 'You review the submitted design from its validation and simulation results, and call submit_review with a decision.',
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
