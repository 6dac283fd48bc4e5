// The agent's tools. Each one is an HTTP call to the light or heavy worker (files, code,
// validation, simulation, submission) or a check of files read from there (plan, review): the
// controller itself never runs agent-written code. An outcome carries what the model is told,
// the events the worker returned, and the events the tool itself stands for.
import { parse as parseYaml } from 'yaml';
import { isLinted, lintSource } from './lint.ts';
import { isBinaryText } from '../text.ts';
import { WorkerError, type WorkerClient } from '../workers.ts';

export type Role = 'planner' | 'coder' | 'reviewer' | 'followup';

export interface ToolEvent {
  event_type: string;
  [key: string]: unknown;
}

export interface ToolOutcome {
  ok: boolean;
  /** What the model reads back (JSON text, or `ERROR: …`). */
  output: string;
  /** Events the worker's response carried (persisted one trace each). */
  workerEvents: ToolEvent[];
  /** Events this tool call stands for, recorded by the controller (`write_file_tool`, lint failures, …). */
  ownEvents: ToolEvent[];
  /** Session paths the call changed (`file_update` on the WebSocket). */
  changed: string[];
  /** For plan/review tools: what to store on the episode. */
  plan?: { plan: string; todo: { text: string; state: string }[] };
  review?: { decision: string; comments: string };
  /** todo.md was (re)written: its checkboxes. */
  todo?: { text: string; state: string }[];
  error?: { status?: number; message: string };
}

/** The last `submit` of the episode, as the workflow recorded it (metadata_vars.submission). */
export interface Submission {
  ok: boolean;
  message: string;
}

export interface ToolContext {
  sessionId: string;
  light: WorkerClient;
  heavy: WorkerClient;
  signal?: AbortSignal;
  /** For submit_review: approval needs a design that was handed over. */
  submission?: Submission | null;
}

const fn = (name: string, description: string, properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'function' as const,
  function: { name, description, parameters: { type: 'object', properties, required, additionalProperties: false } },
});

const str = (description: string) => ({ type: 'string', description });
const heavyArgs = {
  script_path: str('build script, default script.ts'),
  smoke_test_mode: {
    type: 'boolean',
    description:
      '0.5 s of simulated time instead of 30 s: a quick check that nothing fails early; it can never succeed (success needs the moved object at rest in the goal zone for 0.5 s), so run a full simulation (false) before submitting',
  },
  seed: { type: 'integer' },
  variant_id: str('static benchmark variant'),
};

const ALL_TOOLS = {
  list_files: fn('list_files', 'List a folder of the session workspace', { path: str('folder, default /') }),
  read_file: fn('read_file', 'Read a text file of the workspace', { path: str('file path') }, ['path']),
  write_file: fn('write_file', 'Write a text file (replaces an existing one unless overwrite is false)', { path: str('file path'), content: str('full content'), overwrite: { type: 'boolean' } }, ['path', 'content']),
  edit_file: fn(
    'edit_file',
    'Exact string replacements in a file; each old_string must occur once',
    { path: str('file path'), edits: { type: 'array', items: { type: 'object', properties: { old_string: { type: 'string' }, new_string: { type: 'string' } }, required: ['old_string', 'new_string'] } } },
    ['path', 'edits'],
  ),
  run_code: fn('run_code', 'Run JavaScript (an ES module) in the workspace on the light worker', { code: str('module source'), timeout: { type: 'integer', minimum: 1, maximum: 300 } }, ['code']),
  validate: fn('validate', 'Validate the build script: geometry, materials, build zone, cost and weight', heavyArgs),
  simulate: fn('simulate', 'Simulate the build in the objectives world', heavyArgs),
  verify: fn('verify', 'Several jittered simulations; success when the rate is above 90 %', { ...heavyArgs, num_runs: { type: 'integer', minimum: 1, maximum: 50 } }),
  submit: fn('submit', 'Hand the validated design over for review', heavyArgs),
  submit_plan: fn('submit_plan', 'Submit plan.md, todo.md and objectives.yaml for the coder', {}),
  submit_review: fn(
    'submit_review',
    'Record the review decision',
    { decision: { type: 'string', enum: ['approved', 'rejected', 'changes_requested'] }, comments: str('evidence and reasons') },
    ['decision'],
  ),
};
export type ToolName = keyof typeof ALL_TOOLS;

const ROLE_TOOLS: Record<Role, ToolName[]> = {
  planner: ['list_files', 'read_file', 'write_file', 'edit_file', 'run_code', 'submit_plan'],
  coder: ['list_files', 'read_file', 'write_file', 'edit_file', 'run_code', 'validate', 'simulate', 'verify', 'submit'],
  reviewer: ['list_files', 'read_file', 'run_code', 'submit_review'],
  followup: ['list_files', 'read_file', 'write_file', 'edit_file', 'run_code', 'validate', 'simulate'],
};

export function toolsFor(role: Role) {
  return ROLE_TOOLS[role].map((name) => ALL_TOOLS[name]);
}

/** The tool-invocation event family name for a tool (`run_code` → `run_command_tool`). */
export function toolEventType(name: string): string {
  return name === 'run_code' ? 'run_command_tool' : `${name}_tool`;
}

export const PLAN_HEADINGS = ['## 1. Solution Overview', '## 2. Parts List', '## 3. Assembly Strategy', '## 4. Cost & Weight Budget', '## 5. Risk Assessment'];

export function parseTodo(text: string): { text: string; state: string }[] {
  const items: { text: string; state: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*[-*]\s+\[([ xX-])\]\s+(.*)$/.exec(line);
    if (m) items.push({ text: m[2]!.trim(), state: m[1] === ' ' ? 'todo' : m[1] === '-' ? 'skipped' : 'done' });
  }
  return items;
}

/** Missing headings of plan.md, in order. */
export function missingPlanHeadings(plan: string): string[] {
  return PLAN_HEADINGS.filter((h) => !plan.split('\n').some((l) => l.trim() === h));
}

function parseArgs(raw: string): Record<string, unknown> {
  const value = raw.trim() ? (JSON.parse(raw) as unknown) : {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('arguments must be a JSON object');
  return value as Record<string, unknown>;
}

function need(args: Record<string, unknown>, key: string): string {
  const v = args[key];
  if (typeof v !== 'string' || !v) throw new Error(`argument "${key}" (a non-empty string) is required`);
  return v;
}

const pick = (args: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));
const ok = (output: unknown, extra: Partial<ToolOutcome> = {}): ToolOutcome => ({
  ok: true,
  output: typeof output === 'string' ? output : JSON.stringify(output),
  workerEvents: [],
  ownEvents: [],
  changed: [],
  ...extra,
});

async function lintAfterWrite(ctx: ToolContext, path: string, content?: string): Promise<ToolEvent[]> {
  if (!isLinted(path)) return [];
  const code = content ?? (await ctx.light.post<{ content: string }>('/fs/read', ctx.sessionId, { path }, ctx.signal)).content;
  const errors = await lintSource(path, code);
  return errors.length ? [{ event_type: 'lint_failure_code', path, errors }] : [];
}

async function run(name: string, args: Record<string, unknown>, ctx: ToolContext): Promise<ToolOutcome> {
  const { light, heavy, sessionId, signal } = ctx;
  switch (name as ToolName) {
    case 'list_files':
      return ok(await light.post('/fs/ls', sessionId, { path: typeof args.path === 'string' ? args.path : '/' }, signal));
    case 'read_file': {
      const path = need(args, 'path');
      const { content } = await light.post<{ content: string }>('/fs/read', sessionId, { path }, signal);
      // Bytes the text read cannot carry faithfully: the model is told what the file is instead.
      if (isBinaryText(content)) throw new Error(`${path} is a binary file (it contains NUL bytes); read_file reads text files only`);
      return ok(content);
    }
    case 'write_file': {
      const path = need(args, 'path');
      const content = typeof args.content === 'string' ? args.content : need(args, 'content');
      await light.post('/fs/write', sessionId, { path, content, overwrite: args.overwrite !== false }, signal);
      const lint = await lintAfterWrite(ctx, path, content);
      const todo = /^\/?todo\.md$/.test(path) ? { todo: parseTodo(content) } : {};
      return ok({ status: 'success', path, ...(lint.length ? { lint_errors: lint[0]!.errors } : {}) }, { ownEvents: lint, changed: [path], ok: lint.length === 0, ...todo });
    }
    case 'edit_file': {
      const path = need(args, 'path');
      const result = await light.post('/fs/edit', sessionId, { path, edits: args.edits }, signal);
      const lint = await lintAfterWrite(ctx, path);
      return ok({ ...(result as object), ...(lint.length ? { lint_errors: lint[0]!.errors } : {}) }, { ownEvents: lint, changed: [path], ok: lint.length === 0 });
    }
    case 'run_code': {
      const code = need(args, 'code');
      const result = await light.post<{ exit_code: number | null; timed_out: boolean; events: ToolEvent[]; [k: string]: unknown }>(
        '/runtime/execute',
        sessionId,
        { code, timeout: typeof args.timeout === 'number' ? args.timeout : 30 },
        signal,
      );
      const { events, ...rest } = result;
      return ok(rest, { ok: result.exit_code === 0 && !result.timed_out, workerEvents: events ?? [] });
    }
    case 'validate':
    case 'simulate':
    case 'verify':
    case 'submit': {
      const keys = ['script_path', 'smoke_test_mode', 'seed', 'variant_id', ...(name === 'verify' ? ['num_runs', 'jitter_range'] : [])];
      const result = await heavy.post<{ success: boolean; events?: ToolEvent[]; [k: string]: unknown }>(`/benchmark/${name}`, sessionId, pick(args, keys), signal);
      const { events, ...rest } = result;
      return ok(rest, { ok: result.success !== false, workerEvents: events ?? [] });
    }
    case 'submit_plan': {
      const read = async (path: string) =>
        light.post<{ content: string }>('/fs/read', sessionId, { path }, signal).then(
          (r) => r.content,
          (e: unknown) => {
            if (e instanceof WorkerError && e.status === 404) return undefined;
            throw e;
          },
        );
      const [plan, todo, objectives] = [await read('plan.md'), await read('todo.md'), await read('objectives.yaml')];
      const problems: string[] = [];
      if (plan === undefined) problems.push('plan.md is missing');
      else for (const h of missingPlanHeadings(plan)) problems.push(`plan.md lacks the heading "${h}"`);
      const items = todo === undefined ? [] : parseTodo(todo);
      if (todo === undefined) problems.push('todo.md is missing');
      else if (!items.length) problems.push('todo.md has no "- [ ] item" checkboxes');
      if (objectives === undefined) problems.push('objectives.yaml is missing');
      else {
        try {
          const doc = parseYaml(objectives) as { objectives?: unknown } | null;
          if (!doc?.objectives) problems.push('objectives.yaml has no `objectives` section');
        } catch (e) {
          problems.push(`objectives.yaml does not parse: ${(e as Error).message}`);
        }
      }
      const accepted = problems.length === 0;
      const event: ToolEvent = { event_type: accepted ? 'plan_submission_accepted' : 'plan_submission_rejected', problems, todo_items: items.length };
      return ok(
        { status: accepted ? 'accepted' : 'rejected', problems },
        { ok: accepted, ownEvents: [event], ...(accepted ? { plan: { plan: plan!, todo: items } } : {}) },
      );
    }
    case 'submit_review': {
      const decision = need(args, 'decision');
      if (!['approved', 'rejected', 'changes_requested'].includes(decision)) throw new Error('decision must be approved, rejected or changes_requested');
      const comments = typeof args.comments === 'string' ? args.comments : '';
      // The scripted reviewer cannot judge; the workflow can: no approval without a handover.
      if (decision === 'approved' && !ctx.submission?.ok) {
        throw new Error(
          `cannot approve: the design was not handed over (${ctx.submission ? `the last submit failed: ${ctx.submission.message}` : 'submit was never called'})`,
        );
      }
      return ok({ status: 'recorded', decision }, { ownEvents: [{ event_type: 'review_decision', decision, comments, source_role: 'reviewer' }], review: { decision, comments } });
    }
    default:
      throw new Error(`unknown tool "${name}"`);
  }
}

/** Runs one tool call; failures (bad arguments, worker 4xx/5xx, network) become an outcome the model reads. */
export async function executeTool(name: string, rawArgs: string, ctx: ToolContext): Promise<ToolOutcome> {
  let args: Record<string, unknown>;
  try {
    args = parseArgs(rawArgs);
  } catch (e) {
    return failure(name, { message: `invalid arguments: ${(e as Error).message}` });
  }
  let outcome: ToolOutcome;
  try {
    outcome = await run(name, args, ctx);
  } catch (e) {
    if (ctx.signal?.aborted) return failure(name, { message: 'cancelled: the episode was interrupted' }, args);
    if (e instanceof WorkerError) return failure(name, { status: e.status, message: e.message }, args);
    return failure(name, { message: (e as Error).message }, args);
  }
  outcome.ownEvents.unshift({ event_type: toolEventType(name), tool: name, ok: outcome.ok, ...summaryOf(args) });
  return outcome;
}

function summaryOf(args: Record<string, unknown>): Record<string, unknown> {
  return pick(args, ['path', 'script_path', 'decision']);
}

function failure(name: string, error: { status?: number; message: string }, args: Record<string, unknown> = {}): ToolOutcome {
  return {
    ok: false,
    output: `ERROR${error.status ? ` (HTTP ${error.status})` : ''}: ${error.message}`,
    workerEvents: [],
    ownEvents: [{ event_type: toolEventType(name), tool: name, ok: false, error: error.message, ...summaryOf(args) }],
    changed: [],
    error,
  };
}
