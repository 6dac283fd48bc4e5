// POST /agent/run: starts an agent run (planner → coder → reviewer) in the given session;
// POST /agent/batch: several at once, each in its own session, running concurrently.
import crypto from 'node:crypto';
import { errors, sendError } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { startEpisode } from '../agent/workflow.ts';
import type { Repo } from '../repo.ts';
import { Accepted, AuthHeaders, BatchAccepted, BatchBody, BatchParams, BatchStatus, RunBody } from '../schemas.ts';
import { ACTIVE_EPISODE_STATUSES } from '../../../shared/src/schemas.ts';
import { traceIdOf } from '../../../shared/src/trace-context.ts';

interface Run {
  id: string;
  sessionId: string;
  task: string;
  vars: Record<string, unknown>;
}

/** An agent run's episode row (queued), then its workflow: planner → coder → reviewer. */
const createRun = (repo: Repo, r: Run) => repo.createEpisode({ id: r.id, sessionId: r.sessionId, task: r.task, kind: 'agent', metadataVars: r.vars });
const startRun = (r: Run) => startEpisode({ episodeId: r.id, workflowId: r.id, sessionId: r.sessionId, task: r.task, kind: 'agent', roles: ['planner', 'coder', 'reviewer'], vars: r.vars });

export function registerAgentRoutes(app: Service, repo: Repo): void {
  app.post(
    '/agent/run',
    {
      schema: {
        summary: 'Start an agent run (a durable workflow): planner → coder → reviewer in the given session',
        description:
          "The reviewer's review file decides where the episode goes next (APPROVED → completed, REJECTED → failed, REJECT_PLAN / " +
          'CONFIRM_PLAN_REFUSAL → the planner, REJECT_CODE / REJECT_PLAN_REFUSAL → the coder, at most 3 review rounds); the coder may refuse the plan ' +
          'with plan_refusal.md (refuse_plan). The episode stays `running` meanwhile; metadata_vars.stage and review_round, and `episode_routed` ' +
          'event traces, show the routing (docs/decisions/0023-review-routing.md).',
        tags: ['agent'],
        headers: AuthHeaders,
        body: RunBody,
        response: { 202: Accepted, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const { task, session_id, metadata_vars = {}, agent_name } = request.body;
      const id = crypto.randomUUID();
      request.traceId = traceIdOf(id);
      const vars = { ...metadata_vars, ...(agent_name ? { agent_name } : {}) };
      await createRun(repo, { id, sessionId: session_id, task, vars });
      await startRun({ id, sessionId: session_id, task, vars });
      return reply.status(202).send({ status: 'accepted' as const, episode_id: id, session_id });
    },
  );

  app.post(
    '/agent/batch',
    {
      schema: {
        summary: 'Start several agent runs at once, each in its own session; they run concurrently and isolated',
        description:
          'Each run is an episode of its own (as POST /agent/run), in its own session and workspace, started at once; the workflows run ' +
          'concurrently (the heavy worker still simulates one at a time). Session IDs must be distinct and none may have an episode still ' +
          'queued, running or planned: 400 / 409 naming body.runs[i].session_id, and then no run is started. ' +
          'GET /agent/batch/{batch_id} follows the batch.',
        tags: ['agent'],
        headers: AuthHeaders,
        body: BatchBody,
        response: { 202: BatchAccepted, ...errors(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const { runs } = request.body;
      const seen = new Map<string, number>();
      for (const [i, run] of runs.entries()) {
        const first = seen.get(run.session_id);
        if (first !== undefined) return sendError(reply, 400, 'duplicate_session', `runs ${first} and ${i} share session ${run.session_id}; each run needs its own`, `body.runs.${i}.session_id`);
        seen.set(run.session_id, i);
      }
      const busy = await repo.activeSessions(runs.map((r) => r.session_id));
      if (busy.length) {
        const i = runs.findIndex((r) => r.session_id === busy[0]);
        return sendError(reply, 409, 'session_busy', `session ${busy[0]} already has an episode in progress`, `body.runs.${i}.session_id`);
      }
      const batchId = crypto.randomUUID();
      const episodes = runs.map((run, index) => ({ run, index, id: crypto.randomUUID(), vars: { ...run.metadata_vars, ...(run.agent_name ? { agent_name: run.agent_name } : {}), batch_id: batchId, batch_index: index } }));
      for (const e of episodes) await createRun(repo, { id: e.id, sessionId: e.run.session_id, task: e.run.task, vars: e.vars });
      // Started together: each workflow runs on its own from here.
      await Promise.all(
        episodes.map((e) => startRun({ id: e.id, sessionId: e.run.session_id, task: e.run.task, vars: e.vars })),
      );
      return reply.status(202).send({ status: 'accepted' as const, batch_id: batchId, episodes: episodes.map((e) => ({ episode_id: e.id, session_id: e.run.session_id })) });
    },
  );

  app.get(
    '/agent/batch/:batch_id',
    {
      schema: {
        summary: "A batch's runs and their statuses",
        tags: ['agent'],
        headers: AuthHeaders,
        params: BatchParams,
        response: { 200: BatchStatus, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const episodes = await repo.batchEpisodes(request.params.batch_id);
      if (!episodes.length) return sendError(reply, 404, 'not_found', `no batch ${request.params.batch_id}`, 'params.batch_id');
      return {
        batch_id: request.params.batch_id,
        done: episodes.every((e) => !ACTIVE_EPISODE_STATUSES.includes(e.status)),
        episodes: episodes.map((e) => ({ episode_id: e.id, session_id: e.session_id, status: e.status, created_at: e.created_at, updated_at: e.updated_at })),
      };
    },
  );
}
