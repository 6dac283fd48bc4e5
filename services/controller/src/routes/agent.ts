// POST /agent/run: starts an agent run (planner → coder → reviewer) in the given session.
import crypto from 'node:crypto';
import { errors } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { startEpisode } from '../agent/workflow.ts';
import type { Repo } from '../repo.ts';
import { Accepted, AuthHeaders, RunBody } from '../schemas.ts';
import { traceIdOf } from '../../../shared/src/trace-context.ts';

export function registerAgentRoutes(app: Service, repo: Repo): void {
  app.post(
    '/agent/run',
    {
      schema: {
        summary: 'Start an agent run (a durable workflow): planner → coder → reviewer in the given session',
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
      await repo.createEpisode({ id, sessionId: session_id, task, kind: 'agent', metadataVars: vars });
      await startEpisode({ episodeId: id, workflowId: id, sessionId: session_id, task, kind: 'agent', roles: ['planner', 'coder', 'reviewer'], vars });
      return reply.status(202).send({ status: 'accepted' as const, episode_id: id, session_id });
    },
  );
}
