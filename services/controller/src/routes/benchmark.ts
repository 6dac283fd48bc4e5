// Benchmark runs: POST /benchmark/generate (the planner runs, the episode stops at `planned`) and
// POST /benchmark/{id}/confirm (the run resumes).
import crypto from 'node:crypto';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { Type } from 'typebox';
import { errors, sendError } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { startEpisode } from '../agent/workflow.ts';
import type { Repo } from '../repo.ts';
import { Accepted, AuthHeaders, ConfirmBody, ConfirmParams, GenerateBody } from '../schemas.ts';
import { traceIdOf } from '../../../shared/src/trace-context.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerBenchmarkRoutes(app: Service, repo: Repo): void {
  app.post(
    '/benchmark/generate',
    {
      schema: {
        summary: 'Generate a benchmark: the planner runs and the episode stops at `planned` (metadata_vars.detailed_status) until confirmed',
        tags: ['benchmark'],
        headers: AuthHeaders,
        body: GenerateBody,
        response: { 202: Accepted, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const { prompt, max_cost, max_weight } = request.body;
      const sessionId = request.body.session_id ?? `bench-${crypto.randomBytes(6).toString('hex')}`;
      const id = crypto.randomUUID();
      request.traceId = traceIdOf(id);
      const vars = { ...(max_cost !== undefined ? { max_cost } : {}), ...(max_weight !== undefined ? { max_weight } : {}) };
      await repo.createEpisode({ id, sessionId, task: prompt, kind: 'benchmark', metadataVars: vars });
      await startEpisode({ episodeId: id, workflowId: id, sessionId, task: prompt, kind: 'benchmark', roles: ['planner', 'coder', 'reviewer'], vars });
      return reply.status(202).send({ status: 'accepted' as const, episode_id: id, session_id: sessionId });
    },
  );

  app.post(
    '/benchmark/:id/confirm',
    {
      schema: {
        summary: 'Confirm the plan of a `planned` benchmark episode (by episode or session ID); the run resumes',
        description:
          'The body is optional. The comment is stored as a `log` trace named `plan_confirmation` and given to the coder with the task. ' +
          'By session ID, the newest `planned` episode of the session is meant. 409 when the episode is not `planned`.',
        tags: ['benchmark'],
        headers: AuthHeaders,
        params: ConfirmParams,
        body: ConfirmBody,
        response: { 202: Type.Object({ status: Type.Literal('accepted'), episode_id: Type.String() }), ...errors(400, 401, 404, 409) },
      },
      // `comment` is optional, so is the body: none is an empty object.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) (request as { body: unknown }).body = {};
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const episode = UUID_RE.test(id) ? await repo.getSummary(id) : await repo.findBySession(id, 'planned');
      if (!episode) return sendError(reply, 404, 'not_found', `no benchmark episode ${id}`, 'params.id');
      if (episode.status !== 'planned') {
        return sendError(reply, 409, 'not_planned', `episode ${episode.id} is ${episode.status}, not planned`, 'params.id');
      }
      const comment = request.body?.comment ?? null;
      await repo.addTrace(episode.id, { type: 'log', name: 'plan_confirmation', content: comment, metadata: { comment } });
      await DBOS.send(episode.workflow_id ?? episode.id, { comment }, 'confirm');
      return reply.status(202).send({ status: 'accepted' as const, episode_id: episode.id });
    },
  );
}

/** @fastify/swagger marks every body required; confirm's is not (no body = no comment). */
export function documentBenchmarkRoutes(doc: { paths?: Record<string, Record<string, { requestBody?: { required?: boolean } }>> }): void {
  const confirmDoc = doc.paths?.['/benchmark/{id}/confirm']?.post;
  if (confirmDoc?.requestBody) confirmDoc.requestBody.required = false;
}
