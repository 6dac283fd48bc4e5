// Episode routes: list and detail, follow-up messages (with selections and @-mentions resolved
// to exact lines), interrupt, review, trace feedback.
import { DBOS } from '@dbos-inc/dbos-sdk';
import { parse as parseYaml } from 'yaml';
import type { FastifyReply } from 'fastify';
import type { Service } from '../../../shared/src/service.ts';
import { label, mergeMentions, parseMentions, rangeProblem, renderContext, sliceLines, fileLines, type ResolvedMention } from '../agent/mentions.ts';
import { settled } from '../agent/inflight.ts';
import { startEpisode } from '../agent/workflow.ts';
import type { Repo } from '../repo.ts';
import { WorkerError, type WorkerClient } from '../workers.ts';
import {
  AuthHeaders,
  Episode,
  EpisodeList,
  errors,
  FeedbackAccepted,
  FeedbackBody,
  FeedbackParams,
  IdParams,
  InterruptResponse,
  ListQuery,
  MessageAccepted,
  MessageBody,
  REVIEW_DECISIONS,
  ReviewAccepted,
  ReviewBody,
} from '../schemas.ts';

const tags = ['episodes'];

const notFound = (reply: FastifyReply, id: string) =>
  reply.status(404).send({ error: 'not_found', message: `episode ${id} not found`, field: 'params.id' });

export function registerEpisodeRoutes(app: Service, repo: Repo, light: WorkerClient): void {
  app.get(
    '/episodes',
    {
      schema: {
        summary: 'Episodes, newest first',
        tags,
        headers: AuthHeaders,
        querystring: ListQuery,
        response: { 200: EpisodeList, ...errors(400, 401) },
      },
    },
    async (request) => {
      const limit = Number(request.query.limit ?? 50);
      const offset = Number(request.query.offset ?? 0);
      return { ...(await repo.listEpisodes(limit, offset)), limit, offset };
    },
  );

  app.get(
    '/episodes/:id',
    {
      schema: {
        summary: 'An episode with its traces (oldest first) and assets',
        tags,
        headers: AuthHeaders,
        params: IdParams,
        response: { 200: Episode, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => (await repo.getEpisode(request.params.id)) ?? notFound(reply, request.params.id),
  );

  app.post(
    '/episodes/:id/messages',
    {
      schema: {
        summary: 'Send a message to the agent; continues the episode',
        description:
          'Mentions (`@path:start-end` in the text, or `mentions[]`) are resolved to the exact lines of the session file and put in the ' +
          "agent's context; an invalid range or a missing file → 422 naming the range. Selections (part/face/edge/vertex/subassembly/code) " +
          'are recorded with the message (a `log` trace named `user_message`). A running episode takes the message before its next model ' +
          'turn; a finished one continues with a follow-up run (status back to `running`).',
        tags,
        headers: AuthHeaders,
        params: IdParams,
        body: MessageBody,
        response: { 202: MessageAccepted, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const episode = await repo.getSummary(request.params.id);
      if (!episode) return notFound(reply, request.params.id);
      const { message, selections = [], mentions = [] } = request.body;
      const refs = mergeMentions(mentions, parseMentions(message));
      const resolved: ResolvedMention[] = [];
      const files = new Map<string, string | undefined>();
      for (const [i, m] of refs.entries()) {
        const field = i < mentions.length ? `body.mentions.${i}` : 'body.message';
        if (!files.has(m.path)) {
          try {
            files.set(m.path, (await light.post<{ content: string }>('/fs/read', episode.session_id, { path: m.path })).content);
          } catch (e) {
            if (!(e instanceof WorkerError) || e.status >= 500) throw e;
            files.set(m.path, undefined);
          }
        }
        const content = files.get(m.path);
        if (content === undefined) {
          return reply.status(422).send({ error: 'invalid_mention', message: `${label(m)}: ${m.path} does not exist in the session`, field });
        }
        const problem = rangeProblem(m, fileLines(content).length);
        if (problem) return reply.status(422).send({ error: 'invalid_range', message: problem, field });
        resolved.push({ ...m, content: sliceLines(content, m) });
      }
      const context = renderContext(message, resolved, selections);
      const trace = await repo.addTrace(episode.id, {
        type: 'log',
        name: 'user_message',
        content: message,
        metadata: { selections, mentions: resolved, context },
      });
      if (episode.status === 'running' || episode.status === 'planned') {
        await DBOS.send(episode.workflow_id ?? episode.id, { content: context }, 'message');
      } else {
        const n = await repo.countTraces(episode.id, 'user_message');
        const workflowId = `${episode.id}:m${n}`;
        await repo.setStatus(episode.id, 'running', { workflowId, vars: { detailed_status: 'running' } });
        await startEpisode({
          episodeId: episode.id,
          workflowId,
          sessionId: episode.session_id,
          task: message,
          kind: 'followup',
          roles: ['followup'],
          vars: episode.metadata_vars,
          context,
        });
      }
      return reply.status(202).send({ status: 'accepted' as const, episode_id: episode.id, trace_id: trace.id, mentions: resolved });
    },
  );

  app.post(
    '/episodes/:id/interrupt',
    {
      schema: {
        summary: 'Cancel the running episode: its workflow and the worker request it is waiting on',
        description: 'The episode becomes `cancelled` (409 when it already finished); a `log` trace named `interrupted` records it.',
        tags,
        headers: AuthHeaders,
        params: IdParams,
        response: { 200: InterruptResponse, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const episode = await repo.getSummary(request.params.id);
      if (!episode) return notFound(reply, request.params.id);
      if (episode.status !== 'running' && episode.status !== 'planned') {
        return reply.status(409).send({ error: 'not_running', message: `episode ${episode.id} is already ${episode.status}`, field: 'params.id' });
      }
      await DBOS.cancelWorkflow(episode.workflow_id ?? episode.id);
      // The step in flight records its aborted end first; after `cancelled` nothing more is written.
      await settled(episode.id, 5000);
      await repo.addTrace(episode.id, { type: 'log', name: 'interrupted', content: 'interrupted by the user', metadata: { workflow_id: episode.workflow_id } });
      const moved = await repo.setStatus(episode.id, 'cancelled', { from: ['running', 'planned'], vars: { cancelled_at: new Date().toISOString() } });
      if (!moved) {
        const now = await repo.getSummary(episode.id);
        return reply.status(409).send({ error: 'not_running', message: `episode ${episode.id} is already ${now?.status ?? 'gone'}`, field: 'params.id' });
      }
      return { status: 'cancelled' as const, episode_id: episode.id };
    },
  );

  app.post(
    '/episodes/:id/review',
    {
      schema: {
        summary: 'Record a review: markdown with YAML frontmatter naming `decision`',
        description: `decision ∈ ${REVIEW_DECISIONS.join(', ')}; 422 when the frontmatter is missing, unparsable or names another decision. Recorded as a \`review_decision\` event trace.`,
        tags,
        headers: AuthHeaders,
        params: IdParams,
        body: ReviewBody,
        response: { 202: ReviewAccepted, ...errors(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const episode = await repo.getSummary(request.params.id);
      if (!episode) return notFound(reply, request.params.id);
      const fm = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(request.body.review_content);
      const bad = (message: string) => reply.status(422).send({ error: 'invalid_review', message, field: 'body.review_content' });
      if (!fm) return bad('body.review_content must start with YAML frontmatter (--- decision: … ---)');
      let front: { decision?: unknown } | null;
      try {
        front = parseYaml(fm[1]!) as { decision?: unknown } | null;
      } catch (e) {
        return bad(`body.review_content frontmatter does not parse: ${(e as Error).message}`);
      }
      const decision = front?.decision;
      if (typeof decision !== 'string' || !(REVIEW_DECISIONS as readonly string[]).includes(decision)) {
        return bad(`body.review_content decision must be one of ${REVIEW_DECISIONS.join(', ')}`);
      }
      const event = { event_type: 'review_decision', decision, source: 'controller', source_role: 'user', timestamp: new Date().toISOString() };
      const trace = await repo.addTrace(episode.id, { type: 'event', name: 'review_decision', content: request.body.review_content, metadata: { ...event, frontmatter: front } });
      await repo.mergeVars(episode.id, { review_decision: decision });
      return reply.status(202).send({ status: 'accepted' as const, episode_id: episode.id, decision: decision as (typeof REVIEW_DECISIONS)[number], trace_id: trace.id });
    },
  );

  app.post(
    '/episodes/:id/traces/:tid/feedback',
    {
      schema: {
        summary: "Thumbs up (1) or down (0) on a trace, with an optional comment; replaces earlier feedback",
        description: '404 when the episode does not exist or the trace is not one of its traces; 400 for a score other than 0 or 1.',
        tags,
        headers: AuthHeaders,
        params: FeedbackParams,
        body: FeedbackBody,
        response: { 202: FeedbackAccepted, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const tid = Number(request.params.tid);
      const episode = await repo.getSummary(id);
      if (!episode) return notFound(reply, id);
      const trace = await repo.setFeedback(id, tid, request.body.score, request.body.comment ?? null);
      if (!trace) return reply.status(404).send({ error: 'not_found', message: `trace ${tid} not found in episode ${id}`, field: 'params.tid' });
      return reply.status(202).send({ status: 'accepted' as const, trace_id: trace.id, feedback_score: request.body.score, feedback_comment: trace.feedback_comment });
    },
  );
}
