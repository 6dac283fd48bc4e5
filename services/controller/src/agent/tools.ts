// The agent's tools. Each one is an HTTP call to the light or heavy worker (files, code,
// validation, simulation, submission, the plan gate) or a check of files read from there (review): the
// controller itself never runs agent-written code. An outcome carries what the model is told,
// the events the worker returned, and the events the tool itself stands for.
import { parseTodo } from '../../../shared/src/todo.ts';
import { isLinted, lintSource } from './lint.ts';
import { searchCotsTool } from '../cots/tool.ts';
import { isBinaryText } from '../text.ts';
import { WorkerError, type WorkerClient } from '../workers.ts';
import type { Problem } from '../review/frontmatter.ts';
import type { HeavyRun } from '../review/plan-refusal.ts';
import type { Handover } from '../review/review-file.ts';
import { FileProblems, refusePlan, REVIEW_TOOL_DEFS, reviewWritePath, submitReview } from '../review/tools.ts';

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
  review?: { decision: string; comments: string; file: string };
  /** refuse_plan accepted the coder's plan_refusal.md. */
  refusal?: { file: string; reasons: number };
  /** todo.md was (re)written: its checkboxes. */
  todo?: { text: string; state: string }[];
  error?: { status?: number; message: string };
}

/** heavy POST /plan/submit's answer (see its OpenAPI). */
interface PlanSubmitResult {
  success: boolean;
  message: string;
  problems: { file: string; field?: string; code: string; message: string }[];
  files: { file: string; status: string }[];
  todo_items: { text: string; state: string }[];
  events?: ToolEvent[];
}

/** The last `submit` of the episode, as the workflow recorded it (metadata_vars.submission): what the heavy worker accepted. */
export type Submission = Handover;

export interface ToolContext {
  sessionId: string;
  light: WorkerClient;
  heavy: WorkerClient;
  signal?: AbortSignal;
  /** For submit_review: approval needs a design that was handed over. */
  submission?: Submission | null;
  /** For the review tools: the round, what is reviewed, the episode's validate/simulate/verify results. */
  review?: { round: number; subject: 'design' | 'plan_refusal'; runs: HeavyRun[]; reads?: string[] };
  role?: Role;
  /** Benchmark episodes hand their design over as a benchmark (the heavy worker locks its environment). */
  handover?: 'design' | 'benchmark';
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
  search_cots: fn(
    'search_cots',
    'Search the read-only COTS parts catalog (fasteners, motors, bearings, gears, belts, pulleys, shafts, couplings, springs, wheels, ...). ' +
      'Every term of q must match; filters are inclusive. Returns part_id, manufacturer, specs, price (USD), weight_g, source and a fit_rationale per part, ' +
      'or a no_match_rationale naming the term or filter that excluded the parts. Put chosen part IDs and their catalog prices in plan.md and assembly_definition.yaml.',
    {
      q: str('free text, e.g. "NEMA 17 stepper" or "608 bearing"'),
      category: str('exact category: fastener, motor, bearing, gear, belt, pulley, shaft, coupling, spring, wheel, structural, linear_motion'),
      max_price: { type: 'number', exclusiveMinimum: 0, description: 'USD per unit, inclusive' },
      max_weight_g: { type: 'number', exclusiveMinimum: 0, description: 'grams per unit, inclusive' },
      limit: { type: 'integer', minimum: 1, maximum: 50, description: 'default 10' },
    },
  ),
  submit_plan: fn(
    'submit_plan',
    'Hand the plan over to the coder. The heavy worker checks four files in the workspace root and refuses unless all exist and pass: plan.md ' +
      '(headings "## 1. Solution Overview", "## 2. Parts List" (a table or bullets naming every part and COTS ID of assembly_definition.yaml), ' +
      '"## 3. Assembly Strategy" (a numbered list), "## 4. Cost & Weight Budget", "## 5. Risk Assessment" (tables or bullets)), todo.md (only ' +
      '"- [ ]", "- [x]", "- [/]", "- [-]" checkboxes, at least one), objectives.yaml (strict: known keys, no placeholders, consistent zones, a ' +
      'start position inside the build zone) and assembly_definition.yaml (manufactured parts with CNC | 3DP | IM, COTS parts by catalog ID, ' +
      'final assembly, totals, planner targets). A refusal lists every problem with file, field, code and message: fix them all and call ' +
      'submit_plan again. The todo items approved here must all be [x] or [-] when the design is submitted.',
    {},
  ),
  ...REVIEW_TOOL_DEFS,
};
export type ToolName = keyof typeof ALL_TOOLS;

const ROLE_TOOLS: Record<Role, ToolName[]> = {
  planner: ['list_files', 'read_file', 'write_file', 'edit_file', 'run_code', 'search_cots', 'submit_plan'],
  coder: ['list_files', 'read_file', 'write_file', 'edit_file', 'run_code', 'search_cots', 'validate', 'simulate', 'verify', 'submit'],
  reviewer: ['list_files', 'read_file', 'run_code', 'submit_review'],
  followup: ['list_files', 'read_file', 'write_file', 'edit_file', 'run_code', 'validate', 'simulate'],
};

// The review flow's tools (review/tools.ts): the coder may refuse the plan, the reviewer writes review files.
ROLE_TOOLS.coder.push('refuse_plan');
ROLE_TOOLS.reviewer.push('write_review');

export function toolsFor(role: Role) {
  return ROLE_TOOLS[role].map((name) => ALL_TOOLS[name]);
}

/** The tool-invocation event family name for a tool (`run_code` → `run_command_tool`). */
export function toolEventType(name: string): string {
  return name === 'run_code' ? 'run_command_tool' : `${name}_tool`;
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
      return heavyOutcome(await heavy.post<HeavyResult>(`/benchmark/${name}`, sessionId, pick(args, HEAVY_KEYS), signal));
    case 'submit': {
      const body = { ...pick(args, HEAVY_KEYS), ...(ctx.handover === 'benchmark' ? { handover: 'benchmark' } : {}) };
      return heavyOutcome(await heavy.post<HeavyResult>('/benchmark/submit', sessionId, body, signal));
    }
    case 'verify':
      throw new Error('verify runs as a job with a callback (startVerifyJob), not as a plain call');
    case 'search_cots': {
      const { output, event } = await searchCotsTool(args);
      return ok(output, { ownEvents: [event] });
    }
    case 'submit_plan': {
      // The heavy worker judges the files; it reads them from the light worker's bundle, so it may run anywhere.
      const bundle = await light.postBytes('/fs/bundle', sessionId, {}, signal);
      const result = await heavy.post<PlanSubmitResult>('/plan/submit', sessionId, { bundle_base64: bundle.toString('base64') }, signal);
      const accepted = result.success === true;
      const plan = accepted ? (await light.post<{ content: string }>('/fs/read', sessionId, { path: 'plan.md' }, signal)).content : undefined;
      const event: ToolEvent = {
        event_type: accepted ? 'plan_submission_accepted' : 'plan_submission_rejected',
        problems: result.problems,
        files: result.files,
        todo_items: result.todo_items.length,
      };
      return ok(
        { status: accepted ? 'accepted' : 'rejected', message: result.message, problems: result.problems, files: result.files },
        { ok: accepted, workerEvents: result.events ?? [], ownEvents: [event], ...(plan !== undefined ? { plan: { plan, todo: result.todo_items } } : {}) },
      );
    }
    case 'write_review': {
      const path = reviewWritePath(args.path);
      const content = typeof args.content === 'string' ? args.content : need(args, 'content');
      await light.post('/fs/write', sessionId, { path, content, overwrite: true }, signal);
      return ok({ status: 'success', path }, { changed: [path] });
    }
    case 'submit_review': {
      const r = ctx.review ?? { round: 1, subject: 'design' as const, runs: [] };
      const { review, file } = await submitReview(args, { sessionId, light, signal, round: r.round, subject: r.subject, handover: ctx.submission ?? null, runs: r.runs, ...(r.reads ? { reads: r.reads } : {}) });
      const { decision, comments } = review;
      return ok(
        { status: 'recorded', decision, path: file },
        { ownEvents: [{ event_type: 'review_decision', decision, comments, path: file, round: r.round, subject: r.subject, evidence: review.evidence, source_role: 'reviewer' }], review: { decision, comments, file } },
      );
    }
    case 'refuse_plan': {
      const r = ctx.review ?? { round: 1, subject: 'design' as const, runs: [] };
      const { refusal, file } = await refusePlan(args, { sessionId, light, signal, round: r.round, subject: r.subject, handover: ctx.submission ?? null, runs: r.runs });
      return ok(
        { status: 'refused', path: file, reasons: refusal.reasons.length, next: 'the reviewer confirms or rejects the refusal' },
        { ownEvents: [{ event_type: 'plan_refusal_submitted', path: file, reasons: refusal.reasons }], refusal: { file, reasons: refusal.reasons.length } },
      );
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
    return thrown(name, e, args, ctx.signal);
  }
  outcome.ownEvents.unshift({ event_type: toolEventType(name), tool: name, ok: outcome.ok, ...summaryOf(args) });
  return outcome;
}

function summaryOf(args: Record<string, unknown>): Record<string, unknown> {
  return pick(args, ['path', 'script_path', 'decision']);
}

type HeavyResult = { success: boolean; events?: ToolEvent[]; [k: string]: unknown };
const HEAVY_KEYS = ['script_path', 'smoke_test_mode', 'seed', 'variant_id'];
const VERIFY_KEYS = [...HEAVY_KEYS, 'num_runs', 'jitter_range'];

function heavyOutcome(result: HeavyResult): ToolOutcome {
  const { events, ...rest } = result;
  return ok(rest, { ok: result.success !== false, workerEvents: events ?? [] });
}

/** A verify call's result as the heavy worker's job delivers it: the tool response, or the error a plain call would have thrown. */
export interface DeliveredCheck {
  response?: HeavyResult;
  error?: { status: number; message: string };
}

/**
 * verify as an asynchronous job (a long check): the heavy worker answers with a job ID at once
 * and POSTs the result to `callback` when done; the workflow waits for it durably and turns it
 * into the tool's outcome with verifyJobOutcome. A refused submission is the outcome already.
 */
export async function startVerifyJob(rawArgs: string, ctx: ToolContext, callback: { url: string; token: string }): Promise<{ job_id: string } | { outcome: ToolOutcome }> {
  let args: Record<string, unknown>;
  try {
    args = parseArgs(rawArgs);
  } catch (e) {
    return { outcome: failure('verify', { message: `invalid arguments: ${(e as Error).message}` }) };
  }
  try {
    const body = { ...pick(args, VERIFY_KEYS), callback_url: callback.url, callback_token: callback.token };
    return { job_id: (await ctx.heavy.post<{ job_id: string }>('/jobs/verify', ctx.sessionId, body, ctx.signal)).job_id };
  } catch (e) {
    return { outcome: thrown('verify', e, args, ctx.signal) };
  }
}

/** The outcome of a verify job from what it delivered (null: nothing came within the wait). */
export function verifyJobOutcome(rawArgs: string, delivered: DeliveredCheck | null, waitedS: number): ToolOutcome {
  const args = parseArgs(rawArgs);
  if (!delivered) return failure('verify', { message: `the verification job did not report back within ${waitedS} s` }, args);
  if (delivered.error || !delivered.response) {
    const { status = 500, message = 'the job delivered neither a response nor an error' } = delivered.error ?? {};
    return failure('verify', { status, message: `worker-heavy /jobs/verify → HTTP ${status}: ${message}` }, args);
  }
  const outcome = heavyOutcome(delivered.response);
  outcome.ownEvents.unshift({ event_type: toolEventType('verify'), tool: 'verify', ok: outcome.ok, ...summaryOf(args) });
  return outcome;
}

/** What a tool call that threw tells the model: cancelled, the worker's HTTP error, the files' problems, or the error's message. */
function thrown(name: string, e: unknown, args: Record<string, unknown>, signal?: AbortSignal): ToolOutcome {
  if (signal?.aborted) return failure(name, { message: 'cancelled: the episode was interrupted' }, args);
  if (e instanceof WorkerError) return failure(name, { status: e.status, message: e.message }, args);
  if (e instanceof FileProblems) return failure(name, { message: e.message }, args, e.problems);
  return failure(name, { message: (e as Error).message }, args);
}

function failure(name: string, error: { status?: number; message: string }, args: Record<string, unknown> = {}, problems?: Problem[]): ToolOutcome {
  return {
    ok: false,
    output: `ERROR${error.status ? ` (HTTP ${error.status})` : ''}: ${error.message}`,
    workerEvents: [],
    ownEvents: [{ event_type: toolEventType(name), tool: name, ok: false, error: error.message, ...summaryOf(args), ...(problems ? { problems } : {}) }],
    changed: [],
    error,
  };
}
