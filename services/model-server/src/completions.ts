// OpenAI chat-completion bodies for a scripted turn: the whole object (non-streaming) or its
// `chat.completion.chunk` sequence (streaming; SSE framing is the route's job).
import crypto from 'node:crypto';
import type { ScriptedTurn } from './scenarios.ts';

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface AssistantMessage {
  role: 'assistant';
  content: string | null;
  reasoning_content?: string;
  tool_calls?: ToolCall[];
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

export function assistantMessage(turn: ScriptedTurn, idPrefix: string): AssistantMessage {
  const toolCalls = (turn.tool_calls ?? []).map((call, i) => ({
    id: `call_${idPrefix}_${i}`,
    type: 'function' as const,
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
    },
  }));
  return {
    role: 'assistant',
    content: turn.content ?? null,
    ...(turn.reasoning ? { reasoning_content: turn.reasoning } : {}),
    ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
  };
}

export function completion(message: AssistantMessage, model: string, promptText: string) {
  const out = `${message.content ?? ''}${message.reasoning_content ?? ''}${JSON.stringify(message.tool_calls ?? [])}`;
  const usage = { prompt_tokens: tokens(promptText), completion_tokens: tokens(out), total_tokens: 0 };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return {
    id: `chatcmpl-${crypto.randomBytes(8).toString('hex')}`,
    object: 'chat.completion' as const,
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: message.tool_calls ? ('tool_calls' as const) : ('stop' as const), logprobs: null }],
    usage,
  };
}

/** Splits text into a few deltas, as a real stream would. */
function pieces(text: string, size = 24): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function completionChunks(message: AssistantMessage, model: string): object[] {
  const id = `chatcmpl-${crypto.randomBytes(8).toString('hex')}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: object, finish_reason: string | null = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, finish_reason, logprobs: null }],
  });
  const chunks: object[] = [chunk({ role: 'assistant', content: '' })];
  for (const p of pieces(message.reasoning_content ?? '')) chunks.push(chunk({ reasoning_content: p }));
  for (const p of pieces(message.content ?? '')) chunks.push(chunk({ content: p }));
  (message.tool_calls ?? []).forEach((call, index) => {
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }));
    for (const p of pieces(call.function.arguments, 256)) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
  });
  chunks.push(chunk({}, message.tool_calls ? 'tool_calls' : 'stop'));
  return chunks;
}
