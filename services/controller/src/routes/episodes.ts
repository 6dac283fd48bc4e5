// Episode routes: list and detail, follow-up messages (with selections and @-mentions resolved
// to exact lines), interrupt, review, trace feedback, the asset proxy and the live WebSocket.
import { Readable } from 'node:stream';
import { DBOS } from '@dbos-inc/dbos-sdk';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import { parseMentions } from '../../../shared/src/mentions.ts';
import { ACTIVE_EPISODE_STATUSES } from '../../../shared/src/schemas.ts';
import { errors, sendError } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { assetUpstreamPath } from '../asset-path.ts';
import { subscribe } from '../bus.ts';
import { label, mergeMentions, rangeProblem, renderContext, sliceLines, fileLines, type ResolvedMention } from '../agent/mentions.ts';
import { settled } from '../agent/inflight.ts';
import { startEpisode } from '../agent/workflow.ts';
import type { Repo } from '../repo.ts';
import { isBinaryText } from '../text.ts';
import { validateReview } from '../review/review-file.ts';
import type { Submission } from '../agent/tools.ts';
import { WorkerError, type WorkerClient } from '../workers.ts';
import {
  AuthHeaders,
  Episode,
  EpisodeList,
  EpisodeWorkflow,
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
  ReviewRefused,
  Uuid,
} from '../schemas.ts';

const tags = ['episodes'];

const notFound = (reply: FastifyReply, id: string) =>
  sendError(reply, 404, 'not_found', `episode ${id} not found`, 'params.id');

const AssetProxyParams = Type.Object({ id: Uuid, '*': Type.String({ description: 'session path of the file' }) });

export function registerEpisodeRoutes(app: Service, repo: Repo, light: WorkerClient, heartbeatMs: number): void {
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

  app.get(
    '/episodes/:id/workflow',
    {
      schema: {
        summary: "An episode's workflow identity and lifecycle: the DBOS workflows that drove it and every status transition",
        description:
          'Statuses: queued (created; its workflow not yet at its first step) → running ⇄ planned (a benchmark plan waiting for ' +
          'confirmation) → completed | failed | cancelled; a message to a finished episode takes it back to running under a new ' +
          'follow-up workflow. Transitions are written by a database trigger, so every change of status is here with its time.',
        tags,
        headers: AuthHeaders,
        params: IdParams,
        response: { 200: EpisodeWorkflow, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const episode = await repo.getSummary(request.params.id);
      if (!episode) return notFound(reply, request.params.id);
      const transitions = await repo.transitions(episode.id);
      const ids = [...new Set([...transitions.map((t) => t.workflow_id), episode.workflow_id].filter((w): w is string => !!w))];
      const records = await repo.workflowRecords(ids);
      const workflows = ids.flatMap((id) => records.get(id) ?? []).sort((a, b) => a.created_at.localeCompare(b.created_at));
      return { episode_id: episode.id, status: episode.status, workflow_id: episode.workflow_id, workflows, transitions };
    },
  );

  app.post(
    '/episodes/:id/messages',
    {
      schema: {
        summary: 'Send a message to the agent; continues the episode',
        description:
          'Mentions (`@path:start-end` in the text, or `mentions[]`) are resolved to the exact lines of the session file and put in the ' +
          "agent's context; an invalid range, a missing or a binary file → 422 naming the range; the light worker unreachable → 502. " +
          'Selections (part/face/edge/vertex/subassembly/code) are recorded with the message (a `log` trace named `user_message`). ' +
          'Every accepted message reaches the agent, in order: a running episode takes it before its next model turn (or, after its ' +
          'last one, in a follow-up pass before it completes); a finished one continues with a follow-up run (status back to `running`).',
        tags,
        headers: AuthHeaders,
        params: IdParams,
        body: MessageBody,
        response: { 202: MessageAccepted, ...errors(400, 401, 404, 422, 502) },
      },
    },
    async (request, reply) => {
      const episode = await repo.getSummary(request.params.id);
      if (!episode) return notFound(reply, request.params.id);
      const { message, selections = [], mentions = [] } = request.body;
      const refs = mergeMentions(mentions, parseMentions(message));
      const resolved: ResolvedMention[] = [];
      // A file's content, or why it cannot be mentioned (the worker's own reason for a 4xx).
      const files = new Map<string, { content: string } | { problem: string }>();
      for (const [i, m] of refs.entries()) {
        const field = i < mentions.length ? `body.mentions.${i}` : 'body.message';
        const name = m.path.replace(/^\/+/, '');
        if (!files.has(m.path)) {
          try {
            files.set(m.path, { content: (await light.post<{ content: string }>('/fs/read', episode.session_id, { path: m.path })).content });
          } catch (e) {
            if (!(e instanceof WorkerError) || e.status >= 500) {
              return sendError(reply, 502, 'worker_unavailable', `the light worker could not read ${name}: ${(e as Error).message}`);
            }
            const reason = (e.body as { message?: unknown } | undefined)?.message;
            files.set(m.path, { problem: e.status === 404 ? `${name} does not exist in the session` : `${name} cannot be read: ${String(reason ?? e.message)}` });
          }
        }
        const file = files.get(m.path)!;
        if ('problem' in file) return sendError(reply, 422, 'invalid_mention', `${label(m)}: ${file.problem}`, field);
        const { content } = file;
        // Lines of a binary file mean nothing, and its NUL bytes cannot be stored as text.
        if (isBinaryText(content)) {
          return sendError(reply, 422, 'invalid_mention', `${label(m)}: ${name} is a binary file (it contains NUL bytes); only text files can be mentioned by lines`, field);
        }
        const problem = rangeProblem(m, fileLines(content).length);
        if (problem) return sendError(reply, 422, 'invalid_range', problem, field);
        resolved.push({ ...m, content: sliceLines(content, m) });
      }
      const context = renderContext(message, resolved, selections);
      const added = await repo.addMessage(episode.id, { message, context, metadata: { selections, mentions: resolved, context } });
      if (!added) return notFound(reply, episode.id);
      if (added.followup) {
        await startEpisode({
          episodeId: episode.id,
          workflowId: added.followup,
          sessionId: episode.session_id,
          task: message,
          kind: 'followup',
          roles: ['followup'],
          vars: episode.metadata_vars,
        });
      }
      return reply.status(202).send({ status: 'accepted' as const, episode_id: episode.id, trace_id: added.trace.id, mentions: resolved });
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
      if (!ACTIVE_EPISODE_STATUSES.includes(episode.status)) {
        return sendError(reply, 409, 'not_running', `episode ${episode.id} is already ${episode.status}`, 'params.id');
      }
      await DBOS.cancelWorkflow(episode.workflow_id ?? episode.id);
      // The step in flight records its aborted end first; after `cancelled` nothing more is written.
      await settled(episode.id, 5000);
      // Keyed: two interrupts at once record one interruption (the loser then gets its 409).
      await repo.addTrace(episode.id, { type: 'log', name: 'interrupted', content: 'interrupted by the user', metadata: { workflow_id: episode.workflow_id }, key: 'interrupted' });
      const moved = await repo.setStatus(episode.id, 'cancelled', { from: [...ACTIVE_EPISODE_STATUSES], vars: { cancelled_at: new Date().toISOString() } });
      if (!moved) {
        const now = await repo.getSummary(episode.id);
        return sendError(reply, 409, 'not_running', `episode ${episode.id} is already ${now?.status ?? 'gone'}`, 'params.id');
      }
      return { status: 'cancelled' as const, episode_id: episode.id };
    },
  );

  app.post(
    '/episodes/:id/review',
    {
      schema: {
        summary: 'Record a review: a review file (markdown with YAML frontmatter: decision, comments, evidence)',
        description: `The same rules as the reviewer's review files (docs/decisions/0023-review-routing.md): decision ∈ ${REVIEW_DECISIONS.join(', ')}; comments required unless APPROVED; APPROVED needs evidence {manifest_fingerprint, simulation: success, files_checked} matching the episode's accepted handover. 422 lists every problem (field, code, message) when the frontmatter is missing, unparsable or breaks a rule. Recorded as a \`review_decision\` event trace (it does not route the episode).`,
        tags,
        headers: AuthHeaders,
        params: IdParams,
        body: ReviewBody,
        response: { 202: ReviewAccepted, ...errors(400, 401, 404), 422: ReviewRefused },
      },
    },
    async (request, reply) => {
      const episode = await repo.getSummary(request.params.id);
      if (!episode) return notFound(reply, request.params.id);
      const { review, problems } = validateReview('body.review_content', request.body.review_content, {
        subject: 'any',
        handover: (episode.metadata_vars.submission as Submission | undefined) ?? null,
      });
      if (!review) {
        return reply.status(422).send({ error: 'invalid_review', message: problems.map((p) => `${p.field ?? 'body.review_content'}: ${p.message}`).join('; '), field: 'body.review_content', problems });
      }
      const { decision } = review;
      const front = { decision, comments: review.comments, evidence: review.evidence };
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
      const { tid } = request.params;
      const episode = await repo.getSummary(id);
      if (!episode) return notFound(reply, id);
      const score = request.body.score as 0 | 1;
      const trace = await repo.setFeedback(id, tid, score, request.body.comment ?? null);
      if (!trace) return sendError(reply, 404, 'not_found', `trace ${tid} not found in episode ${id}`, 'params.tid');
      return reply.status(202).send({ status: 'accepted' as const, trace_id: trace.id, feedback_score: score, feedback_comment: trace.feedback_comment });
    },
  );

  // GET /episodes/{id}/assets/{path}: a GET-only proxy to the light worker's /assets for the
  // episode's session (status, MIME type and body passed through); other methods → 405.
  app.get(
    '/episodes/:id/assets/*',
    {
      schema: {
        summary: "A file of the episode's session workspace, through the light worker (GET only)",
        description:
          'glb `model/gltf-binary`, stl `model/stl`, images, video, source as text; 422 when a model\'s source script has syntax errors; ' +
          '400 for `.`/`..` segments (raw or percent-encoded) or encoded separators; 502 when the light worker is unreachable or fails.',
        tags: ['episodes'],
        headers: AuthHeaders,
        params: AssetProxyParams,
        response: {
          200: { description: 'the file', content: { '*/*': { schema: Type.String({ format: 'binary' }) } } },
          ...errors(400, 401, 404, 422, 502),
        },
      },
    },
    async (request, reply) => {
      const episode = await repo.getSummary(request.params.id);
      if (!episode) return sendError(reply, 404, 'not_found', `episode ${request.params.id} not found`, 'params.id');
      // The raw URL keeps the client's encoding: `%2e%2e` must be seen before anything decodes it.
      const raw = (request.raw.url ?? '').split('?')[0]!;
      const target = assetUpstreamPath(raw.slice(raw.indexOf('/assets/') + '/assets/'.length));
      if ('problem' in target) return sendError(reply, 400, 'invalid_path', target.problem, 'params.*');
      let upstream: Response;
      try {
        upstream = await light.get(target.path, episode.session_id);
      } catch (e) {
        return sendError(reply, 502, 'worker_unavailable', `the light worker is unreachable: ${(e as Error).message}`);
      }
      if (upstream.status >= 500) {
        const text = await upstream.text().catch(() => '');
        return sendError(reply, 502, 'worker_failed', `the light worker answered ${upstream.status}: ${text.slice(0, 500)}`);
      }
      const out = (reply as FastifyReply).status(upstream.status);
      for (const h of ['content-type', 'content-length', 'x-content-type-options', 'content-security-policy']) {
        const v = upstream.headers.get(h);
        if (v) out.header(h, v);
      }
      if (!upstream.body) return out.send();
      return out.send(Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream));
    },
  );

  app.route({
    method: ['POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/episodes/:id/assets/*',
    schema: {
      summary: 'Not allowed: the asset proxy is GET-only',
      tags: ['episodes'],
      headers: AuthHeaders,
      response: { ...errors(401, 405) },
    },
    handler: async (request, reply) =>
      sendError(reply.header('allow', 'GET'), 405, 'method_not_allowed', `${request.method} is not allowed on assets; use GET`),
  });

  // WS /episodes/{id}/ws: the episode's live changes (`new_trace`, `status_update`, `file_update`)
  // and a `heartbeat` on connect and every WS_HEARTBEAT_MS.
  app.route({
    method: 'GET',
    url: '/episodes/:id/ws',
    // A plain GET (no upgrade) gets a JSON answer saying what to do instead of an empty 404.
    handler: async (_request, reply) =>
      sendError(reply.header('upgrade', 'websocket'), 426, 'upgrade_required', 'this route is a WebSocket: connect with an Upgrade: websocket request'),
    schema: {
      summary: 'WebSocket of the episode: JSON messages {type: new_trace|status_update|file_update|heartbeat, …}',
      description:
        'Upgrade with `X-API-Key` or `?api_key=`. On connect: a `status_update` with the current status and a `heartbeat`. ' +
        'Then `new_trace {trace}`, `status_update {status, metadata_vars}`, `file_update {path}` as they happen. An unknown ' +
        'episode closes with code 4404; a GET without an upgrade → 426.',
      tags: ['episodes'],
      params: IdParams,
      response: { ...errors(400, 426) },
    },
    wsHandler: async (socket: WebSocket, request) => {
      const { id } = request.params as { id: string };
      const send = (message: object) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ episode_id: id, ...message }));
      };
      // Subscribe first, so nothing between the read below and the subscription is missed.
      const unsubscribe = subscribe(id, send);
      const timer = setInterval(() => send({ type: 'heartbeat', timestamp: new Date().toISOString() }), heartbeatMs);
      socket.on('close', () => {
        clearInterval(timer);
        unsubscribe();
      });
      const episode = await repo.getSummary(id);
      if (!episode) {
        socket.close(4404, `episode ${id} not found`);
        return;
      }
      send({ type: 'status_update', status: episode.status, metadata_vars: episode.metadata_vars });
      send({ type: 'heartbeat', timestamp: new Date().toISOString() });
    },
  });
}
