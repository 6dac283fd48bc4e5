// POST /agent/run: starts an agent run (planner → coder → reviewer) in the given session.
import crypto from 'node:crypto';
import { errors } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { startEpisode } from '../agent/workflow.ts';
import type { Repo } from '../repo.ts';
import { Accepted, AuthHeaders, RunBody } from '../schemas.ts';

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
      const vars = { ...metadata_vars, ...(agent_name ? { agent_name } : {}) };
      await repo.createEpisode({ id, sessionId: session_id, task, kind: 'agent', metadataVars: vars });
      await startEpisode({ episodeId: id, workflowId: id, sessionId: session_id, task, kind: 'agent', roles: ['planner', 'coder', 'reviewer'], vars });
      return reply.status(202).send({ status: 'accepted' as const, episode_id: id, session_id });
    },
  );
}
