import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { ErrorBody } from '../../shared/src/schemas.ts';
import { createService, runService } from '../../shared/src/service.ts';
import { registerWorkerHealth } from '../../shared/src/health.ts';
import { assistantMessage, completion, completionChunks } from './completions.ts';
import { DEFAULT_SCENARIOS_FILE, pickTurn, roleFor, ScenarioFile, scenarioNameFor } from './scenarios.ts';

const MODEL_ID = process.env.MODEL_ID ?? 'workbench-scripted';
const scenarios = new ScenarioFile(process.env.SCENARIOS_FILE ?? DEFAULT_SCENARIOS_FILE);
scenarios.load(); // a broken scenarios file stops start-up with its message

const app = await createService({
  name: 'model-server',
  description:
    'OpenAI-compatible chat completions replaying scripted scenarios (services/model-server/scenarios.yaml). The scenario is chosen by the ' +
    'session-ID prefix (`INT-030-1a2b3c4d` → `INT-030`, else `default`), the session taken from the `user` field or the `X-Session-ID` ' +
    'header; the role from `X-Agent-Role` or a `role: <name>` line in the system prompt; turn N answers a conversation holding N assistant messages.',
});
registerWorkerHealth(app, 'model-server');

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
  async () => ({ object: 'list' as const, data: [{ id: MODEL_ID, object: 'model' as const, owned_by: 'workbench' }] }),
);

const Message = Type.Object(
  {
    role: Type.Union([Type.Literal('system'), Type.Literal('developer'), Type.Literal('user'), Type.Literal('assistant'), Type.Literal('tool')]),
    content: Type.Optional(Type.Union([Type.String(), Type.Null(), Type.Array(Type.Unknown())])),
  },
  { additionalProperties: true },
);

const ChatRequest = Type.Object(
  {
    model: Type.String({ minLength: 1 }),
    messages: Type.Array(Message, { minItems: 1 }),
    stream: Type.Optional(Type.Boolean()),
    user: Type.Optional(Type.String({ description: 'the session ID (chooses the scenario)' })),
    tools: Type.Optional(Type.Array(Type.Unknown())),
  },
  { additionalProperties: true },
);

const ToolCall = Type.Object({
  id: Type.String(),
  type: Type.Literal('function'),
  function: Type.Object({ name: Type.String(), arguments: Type.String() }),
});

const ChatCompletion = Type.Object({
  id: Type.String(),
  object: Type.Literal('chat.completion'),
  created: Type.Integer(),
  model: Type.String(),
  choices: Type.Array(
    Type.Object({
      index: Type.Integer(),
      message: Type.Object({
        role: Type.Literal('assistant'),
        content: Type.Union([Type.String(), Type.Null()]),
        reasoning_content: Type.Optional(Type.String()),
        tool_calls: Type.Optional(Type.Array(ToolCall)),
      }),
      finish_reason: Type.Union([Type.Literal('stop'), Type.Literal('tool_calls')]),
      logprobs: Type.Null(),
    }),
  ),
  usage: Type.Object({ prompt_tokens: Type.Integer(), completion_tokens: Type.Integer(), total_tokens: Type.Integer() }),
});

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
        400: ErrorBody,
      },
    },
  },
  async (request, reply) => {
    const { messages, stream, user } = request.body;
    const sessionId = user ?? request.headers['x-session-id'];
    const system = messages.find((m) => m.role === 'system' || m.role === 'developer');
    const role = roleFor(request.headers['x-agent-role'], typeof system?.content === 'string' ? system.content : undefined);
    if (!role) {
      return reply.status(400).send({
        error: 'unknown_role',
        message: 'headers.x-agent-role (or a "role: <name>" line in the system prompt) must name planner, coder, reviewer or followup',
        field: 'headers.x-agent-role',
      });
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

await runService(app);
