// The OpenAI-compatible API: GET /v1/models and POST /v1/chat/completions (replayed scenario turns,
// JSON or server-sent events).
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { errors, sendError } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { assistantMessage, completion, completionChunks } from '../completions.ts';
import { pickTurn, roleFor, type ScenarioFile, scenarioNameFor } from '../scenarios.ts';
import { ChatCompletion, ChatRequest } from '../schemas.ts';

export function registerV1Routes(app: Service, scenarios: ScenarioFile, modelId: string): void {
  app.get(
    '/v1/models',
    {
      schema: {
        summary: 'Models this server answers for (OpenAI-compatible)',
        tags: ['openai'],
        response: {
          200: Type.Object({
            object: Type.Literal('list'),
            data: Type.Array(Type.Object({ id: Type.String(), object: Type.Literal('model'), owned_by: Type.String() })),
          }),
        },
      },
    },
    async () => ({ object: 'list' as const, data: [{ id: modelId, object: 'model' as const, owned_by: 'workbench' }] }),
  );

  app.post(
    '/v1/chat/completions',
    {
      schema: {
        summary: 'Chat completion (OpenAI-compatible), streaming (SSE `data:` chunks ending `[DONE]`) or not',
        tags: ['openai'],
        headers: Type.Object({
          'x-agent-role': Type.Optional(Type.String({ description: 'planner | coder | reviewer | followup' })),
          'x-session-id': Type.Optional(Type.String({ description: 'the session ID when `user` is not set' })),
        }),
        body: ChatRequest,
        response: {
          200: {
            description: 'the completion, or with `stream: true` its chunks as server-sent events',
            content: {
              'application/json': { schema: ChatCompletion },
              'text/event-stream': { schema: Type.String() },
            },
          },
          ...errors(400),
        },
      },
    },
    async (request, reply) => {
      const { messages, stream, user } = request.body;
      const sessionId = user ?? request.headers['x-session-id'];
      const system = messages.find((m) => m.role === 'system' || m.role === 'developer');
      const role = roleFor(request.headers['x-agent-role'], typeof system?.content === 'string' ? system.content : undefined);
      if (!role) {
        return sendError(
          reply,
          400,
          'unknown_role',
          'headers.x-agent-role (or a "role: <name>" line in the system prompt) must name planner, coder, reviewer or followup',
          'headers.x-agent-role',
        );
      }
      const all = scenarios.load();
      const name = scenarioNameFor(sessionId, Object.keys(all));
      const n = messages.filter((m) => m.role === 'assistant').length;
      const turn = pickTurn(all[name]!, role, n) ?? { content: `done (scenario ${name} has no turn ${n} for ${role})` };
      const message = assistantMessage(turn, `${role}_${n}`);
      request.log.info({ scenario: name, role, turn: n, session_id: sessionId, tool_calls: message.tool_calls?.length ?? 0 }, 'scripted turn');
      if (!stream) return completion(message, request.body.model, JSON.stringify(messages));
      const lines = [...completionChunks(message, request.body.model).map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
      // A stream bypasses the typed (JSON) serializer.
      return (reply as FastifyReply).type('text/event-stream').header('cache-control', 'no-cache').send(Readable.from(lines));
    },
  );
}
