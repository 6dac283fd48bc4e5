// Traces → the rows the chat shows, in order: assistant turns (with reasoning), tool calls
// (start paired with end), notes (logs, user messages) and errors.
import type { Trace } from '../api/types.ts';

export type Row =
  | { kind: 'assistant'; key: string; trace: Trace; text: string; reasoning: string }
  | { kind: 'tool'; key: string; start: Trace; end?: Trace }
  | { kind: 'user'; key: string; text: string }
  | { kind: 'note'; key: string; text: string }
  | { kind: 'error'; key: string; text: string };

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function reasoningOf(trace: Trace): string {
  const m = trace.metadata ?? {};
  return str(m.reasoning) || str(m.reasoning_content) || str(m.thinking);
}

function toolCallId(t: Trace): string | undefined {
  const m = t.metadata ?? {};
  const id = m.tool_call_id ?? m.call_id ?? m.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export function conversation(traces: Trace[]): Row[] {
  const rows: Row[] = [];
  const openTools: { row: Extract<Row, { kind: 'tool' }>; callId?: string }[] = [];
  for (const t of traces) {
    const key = String(t.id);
    const m = t.metadata ?? {};
    switch (t.trace_type) {
      case 'llm_end': {
        const text = str(t.content);
        const reasoning = reasoningOf(t);
        if (text || reasoning) rows.push({ kind: 'assistant', key, trace: t, text, reasoning });
        break;
      }
      case 'tool_start': {
        const row = { kind: 'tool' as const, key, start: t };
        rows.push(row);
        openTools.push({ row, callId: toolCallId(t) });
        break;
      }
      case 'tool_end': {
        const callId = toolCallId(t);
        let at = callId ? openTools.findIndex((o) => o.callId === callId) : -1;
        if (at < 0) at = openTools.findIndex((o) => o.row.start.name === t.name);
        if (at < 0) at = 0;
        const open = openTools[at];
        if (open) {
          open.row.end = t;
          openTools.splice(at, 1);
        }
        break;
      }
      case 'log': {
        const text = str(t.content);
        if (!text) break;
        const role = str(m.role) || str(m.source) || str(m.kind);
        if (role === 'user' || t.name === 'user_message') rows.push({ kind: 'user', key, text });
        else rows.push({ kind: 'note', key, text: t.name && /comment|confirm/i.test(t.name) ? `Comment: ${text}` : text });
        break;
      }
      case 'error':
        rows.push({ kind: 'error', key, text: str(t.content) || t.name || 'The run reported an error.' });
        break;
      default:
        break;
    }
  }
  return rows;
}

/** The trace feedback attaches to: the last assistant turn. */
export function lastAssistantTrace(traces: Trace[]): Trace | undefined {
  for (let i = traces.length - 1; i >= 0; i--) if (traces[i]!.trace_type === 'llm_end') return traces[i];
  return undefined;
}
