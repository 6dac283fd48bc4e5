// The planner's handoff (INT-005): plan.md, todo.md, objectives.yaml and assembly_definition.yaml
// must all exist and pass their validators. Every file is checked, so one refusal lists every
// missing or invalid file. On approval the worker records, in its own state outside every
// session, the approved todo items and the files' hashes (plan_approval.json): what the
// engineer's submission is later held to.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../shared/src/workspace.ts';
import { ASSEMBLY_FILE, declaredPartNames, parseAssemblyDefinition } from '../assembly/definition.ts';
import { checkObjectivesFile, OBJECTIVES_FILE } from '../objectives.ts';
import { problem, type Problem } from '../problems.ts';
import { fingerprintOf, hashInputs, stateDir, type InputFile } from '../records.ts';
import { checkPlan, PLAN_FILE } from './plan.ts';
import { checkTodo, TODO_FILE } from './todo.ts';

export const PLAN_FILES = [PLAN_FILE, TODO_FILE, OBJECTIVES_FILE, ASSEMBLY_FILE] as const;
export const APPROVAL_FILE = 'plan_approval.json';

export type FileStatus = 'ok' | 'missing' | 'invalid';

export interface PlanCheck {
  success: boolean;
  message: string;
  problems: Problem[];
  files: { file: string; status: FileStatus }[];
  todo_items: { text: string; state: string }[];
}

export interface PlanApproval {
  session_id: string;
  approved_at: string;
  fingerprint: string;
  files: InputFile[];
  todo_items: { text: string; state: string }[];
}

/** The file's text, or a problem saying it is missing or not a file. */
function readInput(dir: string, file: string): string | Problem {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path.join(dir, file));
  } catch {
    return problem(file, 'FILE_MISSING', `${file} is missing; write it in the session root`);
  }
  if (!stat.isFile()) return problem(file, 'FILE_NOT_A_FILE', `${file} is a directory, not a file`);
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

export function checkPlanFiles(dir: string): PlanCheck {
  const texts = Object.fromEntries(PLAN_FILES.map((f) => [f, readInput(dir, f)])) as Record<(typeof PLAN_FILES)[number], string | Problem>;
  const problems: Problem[] = [];
  const text = (f: (typeof PLAN_FILES)[number]) => (typeof texts[f] === 'string' ? (texts[f] as string) : undefined);
  const assemblyText = text(ASSEMBLY_FILE);
  const assembly = assemblyText === undefined ? undefined : parseAssemblyDefinition(assemblyText);
  const planText = text(PLAN_FILE);
  const todoText = text(TODO_FILE);
  const todo = todoText === undefined ? undefined : checkTodo(todoText);
  const objectivesText = text(OBJECTIVES_FILE);
  const byFile: Record<string, Problem[]> = {
    [PLAN_FILE]: planText === undefined ? [] : checkPlan(planText, assembly?.definition ? declaredPartNames(assembly.definition) : undefined),
    [TODO_FILE]: todo?.problems ?? [],
    [OBJECTIVES_FILE]: objectivesText === undefined ? [] : checkObjectivesFile(objectivesText).problems,
    [ASSEMBLY_FILE]: assembly?.problems ?? [],
  };
  const files = PLAN_FILES.map((file) => {
    const t = texts[file];
    if (typeof t !== 'string') {
      problems.push(t);
      return { file, status: 'missing' as FileStatus };
    }
    problems.push(...byFile[file]!);
    return { file, status: (byFile[file]!.length ? 'invalid' : 'ok') as FileStatus };
  });
  const bad = files.filter((f) => f.status !== 'ok');
  const message = bad.length
    ? `plan refused: ${bad.map((f) => `${f.file} (${f.status === 'missing' ? 'missing' : `${byFile[f.file]!.length} problem${byFile[f.file]!.length === 1 ? '' : 's'}`})`).join(', ')}; fix every problem listed and submit again`
    : `plan files valid: ${PLAN_FILES.join(', ')}`;
  return { success: !bad.length, message, problems, files, todo_items: (todo?.items ?? []).map(({ text, state }) => ({ text, state })) };
}

const approvalPath = (sessionId: string) => path.join(stateDir(), sessionId, APPROVAL_FILE);

export async function recordApproval(sessionId: string, dir: string, check: PlanCheck): Promise<PlanApproval> {
  const files = hashInputs(dir, PLAN_FILES);
  const approval: PlanApproval = { session_id: sessionId, approved_at: new Date().toISOString(), fingerprint: fingerprintOf(files), files, todo_items: check.todo_items };
  const file = approvalPath(sessionId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(approval, null, 2)}\n`);
  return approval;
}

/** The session's plan approval, if the planner's handoff was accepted on this worker. */
export function readApproval(sessionId: string): PlanApproval | undefined {
  try {
    return JSON.parse(fs.readFileSync(approvalPath(sessionId), 'utf8')) as PlanApproval;
  } catch {
    return undefined;
  }
}
