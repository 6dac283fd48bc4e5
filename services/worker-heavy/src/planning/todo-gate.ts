// The todo-completion block of the engineer's handover (heavy /benchmark/submit, INT-007): when
// the plan was approved on this worker, todo.md must still hold every approved item; whenever
// todo.md exists (always, after an approval), every item is done `[x]` or skipped `[-]`. A
// session without a plan approval and without todo.md (a design handed over with no planner)
// has nothing to hold it to.
import fs from 'node:fs';
import path from 'node:path';
import { readApproval } from './gate.ts';
import { checkTodoAtSubmission, TODO_FILE } from './todo.ts';

/** What the handover lacks for todo.md, as submit's `missing` lines (empty when fine). */
export function todoGate(inputDir: string, sessionId: string): string[] {
  const approval = readApproval(sessionId);
  const file = path.join(inputDir, TODO_FILE);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    return approval ? [`todo.md: the file is gone; the plan approved at ${approval.approved_at} had ${approval.todo_items.length} items, keep them all marked [x] or [-]`] : [];
  }
  const { problems } = checkTodoAtSubmission(fs.readFileSync(file, 'utf8'), approval?.todo_items);
  return problems.map((p) => `todo.md: ${p.code}: ${p.message}`);
}
