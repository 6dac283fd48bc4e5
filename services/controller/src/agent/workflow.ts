// An episode as a DBOS durable workflow: planner → coder → reviewer, then wherever the reviewer's
// decision routes it (review/routing.ts, docs/decisions/0023-review-routing.md: back to the planner
// or the coder, completed or failed, at most MAX_REVIEW_ROUNDS reviews). Each role is a loop of
// model turns and tool calls, every turn and every call a checkpointed step. Killed
// mid-run, the controller's next start resumes the workflow at the step it was in; a replayed
// step records nothing twice (traces carry idempotency keys). Interrupt cancels the workflow:
// the running step's worker request is aborted through DBOS's cancel signal. User messages are
// rows (repo.addMessage): each turn takes those waiting, and the workflow completes only when
// none is left, answering late ones in follow-up passes.
import { DBOS, Error as DBOSErrors } from '@dbos-inc/dbos-sdk';
import type OpenAI from 'openai';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { traceIdOf, traceparent } from '../../../shared/src/trace-context.ts';
import { publish } from '../bus.ts';
import type { Repo } from '../repo.ts';
import { UPLOAD_ATTEMPTS, UploadError, uploadWorkspace } from '../storage.ts';
import type { WorkerClient } from '../workers.ts';
import { systemPrompt, taskPrompt } from './prompts.ts';
import { settled, track } from './inflight.ts';
import { executeTool, startVerifyJob, toolsFor, verifyJobOutcome, type DeliveredCheck, type Role, type Submission, type ToolOutcome } from './tools.ts';
import { callbackToken, callbackUrl } from './callbacks.ts';
import type { HeavyRun } from '../review/plan-refusal.ts';
import { nextStage, roundLimitReason, routeNote, type RoleResult, type Stage } from '../review/routing.ts';

/**
 * DBOS recovers only workflows of its own application version, by default a hash of the
 * workflow source, so any code change stranded mid-run episodes. The version is this constant
 * instead (DBOS__APPVERSION overrides it); bump it when the episode's sequence of steps changes
 * in a way a half-finished run cannot replay (docs/decisions/0008-dbos-application-version.md).
 */
export const WORKFLOW_VERSION = 'episode-3';

export interface AgentDeps {
  repo: Repo;
  llm: OpenAI;
  model: string;
  light: WorkerClient;
  heavy: WorkerClient;
  s3: S3Client;
  bucket: string;
  maxTurns: number;
  /** Where workers POST long checks' results (the controller's own URL), and the secret their tokens are made with. */
  callbacks: { baseUrl: string; secret: string };
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

let deps: AgentDeps | undefined;
export function initAgent(d: AgentDeps): void {
  deps = d;
}
const d = (): AgentDeps => {
  if (!deps) throw new Error('agent: initAgent was not called');
  return deps;
};

export interface EpisodeInput {
  episodeId: string;
  workflowId: string;
  sessionId: string;
  task: string;
  kind: 'agent' | 'benchmark' | 'followup';
  roles: Role[];
  vars: Record<string, unknown>;
}

type Msg = ChatCompletionMessageParam;
interface AssistantTurn {
  content: string | null;
  reasoning: string | null;
  tool_calls: { id: string; name: string; arguments: string }[];
}

const TOOL_OUTPUT_LIMIT = 32_000;
const clip = (s: string, n = TOOL_OUTPUT_LIMIT) => (s.length > n ? `${s.slice(0, n)}\n…[${s.length - n} more characters]` : s);

export function isCancellation(error: unknown): boolean {
  return error instanceof DBOSErrors.DBOSWorkflowCancelledError || (error as Error | undefined)?.name === 'DBOSWorkflowCancelledError';
}

/** One model turn: llm_start, the chat completion, llm_end (with the reasoning). */
async function llmTurn(input: EpisodeInput, role: Role, label: string, turn: number, messages: Msg[], fresh: Msg[]): Promise<AssistantTurn> {
  const { repo, llm, model } = d();
  const key = `${input.workflowId}:${label}:${turn}`;
  await repo.addTrace(input.episodeId, {
    type: 'llm_start',
    name: role,
    content: fresh.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n\n'),
    metadata: { role, turn, model, messages: messages.length, input: fresh },
    key: `${key}:llm_start`,
  });
  const started = performance.now();
  const completion = await llm.chat.completions.create(
    { model, messages, tools: toolsFor(role), user: input.sessionId },
    { headers: { 'X-Agent-Role': role, 'X-Session-ID': input.sessionId, traceparent: traceparent(traceIdOf(input.episodeId)) }, signal: DBOS.stepStatus?.cancelSignal },
  );
  const choice = completion.choices[0];
  const message = choice?.message as (OpenAI.Chat.Completions.ChatCompletionMessage & { reasoning_content?: string; reasoning?: string }) | undefined;
  const result: AssistantTurn = {
    content: message?.content ?? null,
    reasoning: message?.reasoning_content ?? message?.reasoning ?? null,
    tool_calls: (message?.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [])),
  };
  await repo.addTrace(input.episodeId, {
    type: 'llm_end',
    name: role,
    content: result.content,
    metadata: {
      role,
      turn,
      reasoning: result.reasoning,
      tool_calls: result.tool_calls,
      finish_reason: choice?.finish_reason ?? null,
      usage: completion.usage ?? null,
      duration_ms: Math.round(performance.now() - started),
    },
    key: `${key}:llm_end`,
  });
  return result;
}

/** What a tool call step returns (checkpointed): the model's text, and what the routing needs. */
export interface ToolStep {
  output: string;
  review?: { decision: string; comments: string; file: string };
  refusal?: { file: string; reasons: number };
  submitted?: boolean;
  run?: HeavyRun;
  read?: string;
}

/** What the role's current review round is about (the review tools need it). */
export interface RoundInfo {
  round: number;
  subject: 'design' | 'plan_refusal';
  runs: HeavyRun[];
  /** Files the role read (read_file) in this visit: what an approval's files_checked may cite. */
  reads?: string[];
}

/** One tool call on the workers: tool_start, the worker's events, the tool's own events, tool_end. */
type ToolCallRef = { input: EpisodeInput; role: Role; label: string; turn: number; index: number; call: AssistantTurn['tool_calls'][number]; info?: RoundInfo };

const callKey = (r: ToolCallRef) => `${r.input.workflowId}:${r.label}:${r.turn}:tool${r.index}`;

const parsedArgs = (call: ToolCallRef['call']): unknown => {
  try {
    return JSON.parse(call.arguments);
  } catch {
    return call.arguments; // recorded as given; the tool reports the parse error
  }
};

/** A tool call's start: its tool_start trace; returns when it started (epoch ms, comparable across steps and restarts). */
async function startToolCall(r: ToolCallRef): Promise<number> {
  const { input, role, turn, call } = r;
  await d().repo.addTrace(input.episodeId, {
    type: 'tool_start',
    name: call.name,
    content: call.arguments,
    metadata: { role, turn, call_id: call.id, arguments: parsedArgs(call) },
    key: `${callKey(r)}:start`,
  });
  return Date.now();
}

/** What a tool runs with: the run's workers (each request a span of its trace), the role and its review round. */
function toolContext(r: ToolCallRef, submission?: Submission | null) {
  const traceId = traceIdOf(r.input.episodeId);
  return {
    sessionId: r.input.sessionId,
    light: d().light.forRun(traceId),
    heavy: d().heavy.forRun(traceId),
    signal: DBOS.stepStatus?.cancelSignal,
    submission,
    role: r.role,
    ...(r.info ? { review: r.info } : {}),
    handover: r.input.kind === 'benchmark' ? ('benchmark' as const) : ('design' as const),
  };
}

/** One tool call in one step: start, run on the worker, record the outcome. */
async function toolCall(r: ToolCallRef): Promise<ToolStep> {
  const startedAt = await startToolCall(r);
  const submission =
    r.call.name === 'submit_review' ? (((await d().repo.getSummary(r.input.episodeId))?.metadata_vars.submission as Submission | undefined) ?? null) : undefined;
  return finishToolCall(r, await executeTool(r.call.name, r.call.arguments, toolContext(r, submission)), startedAt);
}

function callbackFor(workflowId: string, topic: string): { url: string; token: string } {
  const { baseUrl, secret } = d().callbacks;
  return { url: callbackUrl(baseUrl, workflowId, topic), token: callbackToken(secret, workflowId, topic) };
}

/** How long a workflow waits for a check's callback before the call fails. */
export const CHECK_WAIT_S = 15 * 60;

/**
 * A long check (verify) as a job: submitted in one step, its result awaited durably — DBOS.recv
 * keeps waiting across a controller restart, and the heavy worker retries its callback until
 * the controller takes it — and recorded in another.
 */
async function checkCall(r: ToolCallRef): Promise<ToolStep> {
  const step = `tool:${r.label}:${r.turn}:${r.index}`;
  const topic = `check:${r.label}:${r.turn}:${r.index}`;
  const submitted = await DBOS.runStep(
    () =>
      track(r.input.episodeId, (async () => {
        const startedAt = await startToolCall(r);
        const job = await startVerifyJob(r.call.arguments, toolContext(r), callbackFor(r.input.workflowId, topic));
        if ('job_id' in job) {
          await d().repo.addTrace(r.input.episodeId, {
            type: 'log',
            name: 'check_submitted',
            content: `${r.call.name} runs as job ${job.job_id} on worker-heavy; waiting for its callback`,
            metadata: { job_id: job.job_id, topic, tool: r.call.name, call_id: r.call.id },
            key: `${callKey(r)}:submitted`,
          });
        }
        return { startedAt, ...job };
      })()),
    { name: `${step}:submit` },
  );
  const outcome =
    'outcome' in submitted ? submitted.outcome : verifyJobOutcome(r.call.arguments, await DBOS.recv<DeliveredCheck>(topic, { timeoutSeconds: CHECK_WAIT_S }), CHECK_WAIT_S);
  return DBOS.runStep(() => track(r.input.episodeId, finishToolCall(r, outcome, submitted.startedAt)), { name: `${step}:result` });
}

/** A tool call's end: its events, what it sets on the episode, its tool_end trace; returns what the model reads and what the routing needs. */
async function finishToolCall(r: ToolCallRef, outcome: ToolOutcome, startedAt: number): Promise<ToolStep> {
  const { input, role, turn, call } = r;
  const { repo } = d();
  const key = callKey(r);
  const args = parsedArgs(call);
  let i = 0;
  for (const event of outcome.workerEvents) {
    await repo.addTrace(input.episodeId, {
      type: 'event',
      name: event.event_type,
      content: JSON.stringify(event),
      metadata: { ...event, source: (event.source as string | undefined) ?? (call.name === 'run_code' ? 'worker-light' : 'worker-heavy'), tool: call.name, call_id: call.id },
      key: `${key}:event${i++}`,
    });
  }
  for (const event of outcome.ownEvents) {
    await repo.addTrace(input.episodeId, {
      type: 'event',
      name: event.event_type,
      content: JSON.stringify(event),
      metadata: { ...event, source: 'controller', call_id: call.id, timestamp: new Date().toISOString() },
      key: `${key}:event${i++}`,
    });
  }
  if (outcome.plan) await repo.setPlan(input.episodeId, outcome.plan.plan, outcome.plan.todo);
  if (outcome.todo) await repo.setTodo(input.episodeId, outcome.todo);
  if (outcome.review) {
    await repo.mergeVars(input.episodeId, { review_decision: outcome.review.decision, review_comments: outcome.review.comments, review_file: outcome.review.file });
  }
  if (outcome.refusal) await repo.mergeVars(input.episodeId, { plan_refusal: { ...outcome.refusal, at: new Date().toISOString() } });
  // The handover's result, on the episode: what a reviewer's approval is checked against.
  if (call.name === 'submit') await repo.mergeVars(input.episodeId, { submission: submissionOf(outcome) });
  for (const path of outcome.changed) publish(input.episodeId, { type: 'file_update', path });
  await repo.addTrace(input.episodeId, {
    type: 'tool_end',
    name: call.name,
    content: clip(outcome.output),
    metadata: {
      role,
      turn,
      call_id: call.id,
      ok: outcome.ok,
      is_error: Boolean(outcome.error),
      ...(outcome.error ? { error: outcome.error.message, status: outcome.error.status ?? null } : {}),
      events: outcome.workerEvents.length,
      duration_ms: Date.now() - startedAt,
    },
    key: `${key}:end`,
  });
  const step: ToolStep = { output: clip(outcome.output) };
  if (outcome.review) step.review = outcome.review;
  if (outcome.refusal) step.refusal = outcome.refusal;
  if (call.name === 'submit') step.submitted = outcome.ok;
  if (call.name === 'read_file' && outcome.ok && typeof (args as { path?: unknown })?.path === 'string') step.read = (args as { path: string }).path;
  if (['validate', 'simulate', 'verify'].includes(call.name)) step.run = heavyRunOf(call.name, outcome);
  return step;
}

/** A validate/simulate/verify result as plan refusals cite it: tool, success, failure reason, seed. */
function heavyRunOf(tool: string, outcome: ToolOutcome): HeavyRun {
  let artifacts: { failure?: { reason?: string } | null; seed?: number } = {};
  try {
    artifacts = ((JSON.parse(outcome.output) as { artifacts?: typeof artifacts }).artifacts ?? {}) as typeof artifacts;
  } catch {
    // an ERROR text: no artifacts
  }
  return { tool, success: outcome.ok, failure_reason: artifacts.failure?.reason ?? (outcome.ok ? null : 'TOOL_ERROR'), seed: artifacts.seed ?? null };
}

function submissionOf(outcome: ToolOutcome): Submission & { at: string } {
  let message = outcome.error?.message;
  type Manifest = { fingerprint?: string; files?: { path: string }[]; artifacts?: string[]; simulation?: { success?: boolean; smoke_test_mode?: boolean } | null };
  let manifest: Manifest | undefined;
  try {
    const body = JSON.parse(outcome.output) as { message?: unknown; artifacts?: { manifest?: Manifest } };
    message ??= String(body.message ?? '');
    manifest = body.artifacts?.manifest;
  } catch {
    message ??= outcome.output;
  }
  return {
    ok: outcome.ok,
    message: message.slice(0, 2000),
    at: new Date().toISOString(),
    // What a reviewer's approval evidence is checked against: the heavy worker's own answer.
    ...(outcome.ok && manifest
      ? {
          fingerprint: manifest.fingerprint ?? null,
          files: [...(manifest.files ?? []).map((f) => f.path), ...(manifest.artifacts ?? [])],
          simulation: manifest.simulation ? { success: manifest.simulation.success, smoke_test_mode: manifest.simulation.smoke_test_mode } : null,
        }
      : {}),
  };
}

/** A role's conversation, kept across the rounds of an episode: a role sent back continues where it stopped. */
type Conversation = Msg[];

/**
 * One role's run. `pass` > 0 is a later follow-up pass of the same workflow (its traces keyed
 * apart); a role's later visits (`visit` > 1, after a review sent the episode back) are keyed apart
 * too and continue the role's conversation with `note`. A follow-up role starts with the waiting
 * messages and has nothing to do without. Returns what the routing needs (decision, refusal,
 * handover), from checkpointed steps only.
 */
async function runRole(input: EpisodeInput, role: Role, pass = 0, note?: string, opts: { conv?: Conversation; visit?: number; info?: RoundInfo } = {}): Promise<RoleResult> {
  const { maxTurns, repo } = d();
  const visit = opts.visit ?? 1;
  const label = pass ? `${role}.${pass}` : visit > 1 ? `${role}@${visit}` : role;
  const messages: Msg[] = opts.conv ?? [];
  let fresh: Msg[];
  if (!messages.length) {
    messages.push({ role: 'system', content: systemPrompt(role) });
    if (role !== 'followup') messages.push({ role: 'user', content: [taskPrompt(role, input.task, input.vars), note].filter(Boolean).join('\n\n') });
    fresh = [...messages];
  } else {
    const m: Msg = { role: 'user', content: note ?? 'Continue.' };
    messages.push(m);
    fresh = [m];
  }
  const result: RoleResult = { runs: [] };
  const reads: string[] = [];
  for (let turn = 0; turn < maxTurns; turn++) {
    // Messages the user sent meanwhile join the conversation before the turn.
    const waiting = await DBOS.runStep(() => repo.takeMessages(input.episodeId, `${input.workflowId}:${label}:${turn}`), { name: `messages:${label}:${turn}` });
    for (const w of waiting) {
      const m: Msg = { role: 'user', content: w.content };
      messages.push(m);
      fresh.push(m);
    }
    if (role === 'followup' && turn === 0 && !waiting.length) return result;
    const assistant = await DBOS.runStep(() => track(input.episodeId, llmTurn(input, role, label, turn, messages, fresh)), { name: `llm:${label}:${turn}` });
    messages.push({
      role: 'assistant',
      content: assistant.content,
      ...(assistant.tool_calls.length
        ? { tool_calls: assistant.tool_calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) }
        : {}),
    });
    fresh = [];
    if (!assistant.tool_calls.length) return result;
    for (const [i, call] of assistant.tool_calls.entries()) {
      const info = opts.info ? { ...opts.info, runs: [...opts.info.runs, ...result.runs], reads: [...reads] } : undefined;
      const ref: ToolCallRef = { input, role, label, turn, index: i, call, ...(info ? { info } : {}) };
      const step = call.name === 'verify' ? await checkCall(ref) : await DBOS.runStep(() => track(input.episodeId, toolCall(ref)), { name: `tool:${label}:${turn}:${i}` });
      // The latest accepted decision, refusal or handover of the visit counts.
      if (step.review) result.decision = step.review;
      if (step.refusal) {
        result.refusal = step.refusal;
        result.submitted = false;
      }
      if (step.submitted) {
        result.submitted = true;
        delete result.refusal;
      }
      if (step.run) result.runs.push(step.run);
      if (step.read) reads.push(step.read);
      const m: Msg = { role: 'tool', tool_call_id: call.id, content: step.output };
      messages.push(m);
      fresh.push(m);
    }
  }
  await DBOS.runStep(
    () => d().repo.addTrace(input.episodeId, { type: 'log', name: 'max_turns', content: `${role} stopped after ${maxTurns} turns`, key: `${input.workflowId}:${label}:max_turns` }),
    { name: `max-turns:${label}` },
  );
  return result;
}

/** Records a routing: an `episode_routed` event trace and the episode's stage (metadata_vars.stage, review_round). */
async function recordRoute(input: EpisodeInput, n: number, route: { from: string; to: string; round: number; decision?: string; reason: string }): Promise<void> {
  const { repo } = d();
  await DBOS.runStep(
    async () => {
      const event = { event_type: 'episode_routed', ...route, source: 'controller', timestamp: new Date().toISOString() };
      await repo.addTrace(input.episodeId, { type: 'event', name: 'episode_routed', content: JSON.stringify(event), metadata: event, key: `${input.workflowId}:route:${n}` });
      await repo.mergeVars(input.episodeId, { stage: route.to, review_round: route.round });
    },
    { name: `route:${n}` },
  );
}

/**
 * planner → coder → reviewer, then wherever the review sends the episode (review/routing.ts):
 * APPROVED → completed; REJECTED → failed; REJECT_PLAN / CONFIRM_PLAN_REFUSAL → the planner;
 * REJECT_CODE / REJECT_PLAN_REFUSAL → the coder; a coder's plan refusal goes to the reviewer.
 * At most MAX_REVIEW_ROUNDS reviews; a sent-back episode past that fails with the reason.
 * Returns 'completed' when the run should complete, else throws the failure reason.
 */
async function runReviewedPipeline(input: EpisodeInput): Promise<void> {
  const { repo } = d();
  const convs: Partial<Record<Role, Conversation>> = {};
  const visits: Partial<Record<Role, number>> = {};
  const runs: HeavyRun[] = [];
  let stage: Stage = 'planner';
  let round = 1;
  let note: string | undefined;
  let confirmed = false;
  let subject: 'design' | 'plan_refusal' = 'design';
  let routes = 0;
  for (;;) {
    if (stage === 'completed') return;
    if (stage === 'failed') throw new Error(note ?? 'the review failed the episode');
    const role: Role = stage;
    if (input.kind === 'benchmark' && role === 'coder' && !confirmed) {
      await DBOS.runStep(() => repo.setStatus(input.episodeId, 'planned', { from: ['running'] }), { name: 'planned' });
      const confirm = await DBOS.recv<{ comment?: string | null }>('confirm', { timeoutSeconds: 7 * 24 * 3600 });
      if (!confirm) throw new Error('the plan was not confirmed within 7 days');
      await DBOS.runStep(() => repo.setStatus(input.episodeId, 'running', { from: ['planned'], vars: { detailed_status: 'confirmed' } }), { name: 'confirmed' });
      if (confirm.comment) note = [note, `The user confirmed the plan with this comment:\n${confirm.comment}`].filter(Boolean).join('\n\n');
      confirmed = true;
    }
    const visit = (visits[role] = (visits[role] ?? 0) + 1);
    const conv = (convs[role] ??= []);
    const result = await runRole(input, role, 0, note, { conv, visit, info: { round, subject, runs } });
    runs.push(...result.runs);
    note = undefined;
    const next = nextStage(role, result, { round, subject });
    if (role === 'coder') subject = result.refusal ? 'plan_refusal' : 'design';
    let to = next.to;
    let reason = next.reason;
    if (role === 'reviewer' && (to === 'planner' || to === 'coder') && round >= MAX_REVIEW_ROUNDS) {
      reason = roundLimitReason(MAX_REVIEW_ROUNDS, result.decision!);
      to = 'failed';
    }
    await recordRoute(input, ++routes, { from: role, to, round, ...(result.decision ? { decision: result.decision.decision } : {}), reason });
    if (role === 'reviewer' && (to === 'planner' || to === 'coder')) {
      round++;
      note = routeNote(to, result.decision!, round);
    } else if (role === 'coder' && to === 'reviewer') {
      note = round > 1 ? `Review round ${round}: ${subject === 'plan_refusal' ? 'the coder refused the plan (plan_refusal.md); confirm or reject the refusal' : 'the coder handed the revised design over; review it again'}.` : undefined;
      if (round === 1 && subject === 'plan_refusal') note = 'The coder refused the plan (plan_refusal.md): review the refusal and decide CONFIRM_PLAN_REFUSAL or REJECT_PLAN_REFUSAL.';
    }
    if (to === 'failed') note = reason;
    stage = to;
  }
}

/** Review rounds before a sent-back episode fails (MAX_REVIEW_ROUNDS, default 3). */
export const MAX_REVIEW_ROUNDS = Math.max(1, Number(process.env.MAX_REVIEW_ROUNDS) || 3);

async function episodeWorkflowImpl(input: EpisodeInput): Promise<string> {
  const { repo } = d();
  try {
    // queued → running once the workflow executes; a follow-up workflow finds its episode running already.
    await DBOS.runStep(() => repo.setStatus(input.episodeId, 'running', { from: ['queued'] }), { name: 'started' });
    if (input.roles.includes('reviewer')) await runReviewedPipeline(input);
    else for (const role of input.roles) await runRole(input, role, 0);
    // Done only when no message is waiting; one that came after the last turn gets a pass of its own.
    for (let pass = 0; ; pass++) {
      // Retries are per object inside (bounded backoff), not of the whole step.
      await DBOS.runStep(() => uploadAssets(input, pass), { name: `upload-assets:${pass}` });
      if (await DBOS.runStep(() => repo.completeUnlessPending(input.episodeId), { name: `complete:${pass}` })) return 'completed';
      await runRole(input, 'followup', pass + 1);
    }
  } catch (error) {
    if (isCancellation(error)) throw error;
    const message = (error as Error).message ?? String(error);
    // Recording the end must outlast the outage that may have caused it: retried until the database is back.
    await DBOS.runStep(() => repo.failEpisode(input.episodeId, message, `${input.workflowId}:failed`), { name: 'failed', retriesAllowed: true, maxAttempts: 30, intervalSeconds: 1, backoffRate: 1.5 });
    return 'failed';
  }
}

/**
 * Workspace files → S3 (`<episode id>/<path>`) → asset rows with bucket, key and etag, row by
 * row. A put that keeps failing ends the step with an `assets_upload_failed` error trace listing
 * what is stored and what is not; the episode then fails with that reason.
 */
async function uploadAssets(input: EpisodeInput, pass = 0): Promise<number> {
  const { repo, s3, bucket } = d();
  const light = d().light.forRun(traceIdOf(input.episodeId));
  const key = pass ? `${input.workflowId}:assets:${pass}` : `${input.workflowId}:assets`;
  let uploaded: Awaited<ReturnType<typeof uploadWorkspace>>;
  try {
    uploaded = await uploadWorkspace(s3, light, input.sessionId, bucket, input.episodeId, {
      onStored: (u) => repo.upsertAsset(input.episodeId, { type: u.type, bucket: u.bucket, key: u.key, etag: u.etag, path: u.path, size: u.size }),
      onRetry: async (r) => {
        await repo.addTrace(input.episodeId, {
          type: 'log',
          name: 'asset_upload_retry',
          content: `upload of ${r.path} failed (attempt ${r.attempt} of ${UPLOAD_ATTEMPTS}): ${r.error}; retrying in ${r.backoff_s} s`,
          metadata: { ...r, bucket },
          key: `${key}:retry:${r.path}:${r.attempt}`,
        });
      },
    });
  } catch (error) {
    if (error instanceof UploadError) {
      await repo.addTrace(input.episodeId, {
        type: 'error',
        name: 'assets_upload_failed',
        content: error.message,
        metadata: { bucket, stored: error.stored, missing: error.missing, attempts: UPLOAD_ATTEMPTS, error: error.reason },
        key: `${key}:failed`,
      });
    }
    throw error;
  }
  await repo.addTrace(input.episodeId, {
    type: 'log',
    name: 'assets_uploaded',
    content: `${uploaded.length} workspace files uploaded to s3://${bucket}/${input.episodeId}/`,
    metadata: { count: uploaded.length, bucket },
    key,
  });
  return uploaded.length;
}

export const episodeWorkflow = DBOS.registerWorkflow(episodeWorkflowImpl, { name: 'episode' });

/**
 * After the database was away for longer than the budget: every queued or running episode's
 * workflow is cancelled and the episode failed with the outage as its reason (outage.ts says why).
 * A planned episode only waits for its confirmation, so it is left as it is.
 */
export async function failAfterOutage(outage: { startedAt: number; endedAt: number; lastError: string }, budgetMs: number): Promise<string[]> {
  const { repo } = d();
  const seconds = ((outage.endedAt - outage.startedAt) / 1000).toFixed(1);
  const reason = `the workflow engine's database was unreachable for ${seconds} s, longer than the ${(budgetMs / 1000).toFixed(1)} s budget (${outage.lastError}); the run was stopped rather than resumed`;
  const failed: string[] = [];
  for (const episode of await repo.activeEpisodes()) {
    if (episode.status === 'planned') continue;
    const workflowId = episode.workflow_id ?? episode.id;
    await DBOS.cancelWorkflow(workflowId);
    await settled(episode.id, 5000);
    await repo.failEpisode(episode.id, reason, `${workflowId}:outage:${outage.startedAt}`);
    failed.push(episode.id);
  }
  return failed;
}

/** Starts the episode's workflow; if that fails, the episode is marked failed with the reason (never left `running`). */
export async function startEpisode(input: EpisodeInput): Promise<void> {
  try {
    await DBOS.startWorkflow(episodeWorkflow, { workflowID: input.workflowId })(input);
  } catch (error) {
    const reason = `the workflow ${input.workflowId} could not be started: ${(error as Error).message}`;
    await d()
      .repo.failEpisode(input.episodeId, reason)
      .catch((e: unknown) => d().log.error({ err: e, episode_id: input.episodeId }, 'could not mark the episode failed'));
    throw error;
  }
}
