// How a recorded tool call reads in the chat: "Edited script.ts +3 −1", "Viewed file", …
import type { Trace } from '../api/types.ts';

export interface ToolCallView {
  kind: 'edited' | 'viewed-file' | 'viewed-directory' | 'failed' | 'other';
  label: string;
  path?: string;
  added?: number;
  removed?: number;
}

const EDIT_TOOLS = /^(write_file|edit_file|write|edit|create_file)(_tool)?$/;
const READ_TOOLS = /^(read_file|read|view_file|cat)(_tool)?$/;
const LIST_TOOLS = /^(list_files|list_dir|list_directory|ls|list)(_tool)?$/;

function args(trace: Trace): Record<string, unknown> {
  const m = trace.metadata ?? {};
  const raw = (m.arguments ?? m.args ?? m.input ?? m.tool_input) as unknown;
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
}

function lineCount(text: unknown): number {
  if (typeof text !== 'string' || text === '') return 0;
  return text.replace(/\n$/, '').split('\n').length;
}

export function isFailedToolCall(trace: Trace): boolean {
  const m = trace.metadata ?? {};
  return trace.trace_type === 'error' || m.success === false || m.ok === false || m.is_error === true || typeof m.error === 'string' || (typeof m.status === 'number' && m.status >= 400) || m.status === 'error';
}

/** The row for a tool call, from its tool_start (arguments) and tool_end (outcome). */
export function describeToolCall(start: Trace, end?: Trace): ToolCallView {
  const name = (start.name ?? '').trim();
  if (end && isFailedToolCall(end)) return { kind: 'failed', label: 'The model has failed a tool call.' };
  const a = args(start);
  const path = typeof a.path === 'string' ? a.path.replace(/^\/+/, '') : typeof a.file_path === 'string' ? a.file_path.replace(/^\/+/, '') : undefined;
  if (EDIT_TOOLS.test(name)) {
    let added = 0;
    let removed = 0;
    if (Array.isArray(a.edits)) {
      for (const e of a.edits as { old_string?: unknown; new_string?: unknown }[]) {
        added += lineCount(e.new_string);
        removed += lineCount(e.old_string);
      }
    } else if (a.old_string !== undefined || a.new_string !== undefined) {
      added = lineCount(a.new_string);
      removed = lineCount(a.old_string);
    } else {
      added = lineCount(a.content);
    }
    return { kind: 'edited', label: `Edited ${path ?? 'file'} +${added} −${removed}`, path, added, removed };
  }
  if (READ_TOOLS.test(name)) return { kind: 'viewed-file', label: 'Viewed file', path };
  if (LIST_TOOLS.test(name)) return { kind: 'viewed-directory', label: 'Viewed directory', path: path ?? '/' };
  return { kind: 'other', label: `Ran ${name || 'a tool'}`, path };
}
