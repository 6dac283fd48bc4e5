import { expect, test } from '@playwright/test';
import type { Trace } from '../api/types.ts';
import { describeToolCall } from './toolCall.ts';

const trace = (over: Partial<Trace>): Trace => ({
  id: 1,
  trace_type: 'tool_start',
  name: null,
  content: null,
  metadata: {},
  feedback_score: null,
  feedback_comment: null,
  created_at: '2025-01-01T00:00:00Z',
  ...over,
});

test('edits count added and removed lines', () => {
  const start = trace({ name: 'edit_file', metadata: { arguments: { path: '/script.ts', edits: [{ old_string: 'a\nb', new_string: 'c\nd\ne' }] } } });
  expect(describeToolCall(start, trace({ trace_type: 'tool_end', metadata: { success: true } })).label).toBe('Edited script.ts +3 −2');
  const write = trace({ name: 'write_file', metadata: { arguments: JSON.stringify({ path: 'plan.md', content: 'x\ny\n' }) } });
  expect(describeToolCall(write).label).toBe('Edited plan.md +2 −0');
});

test('reads and listings, and a failed call', () => {
  expect(describeToolCall(trace({ name: 'read_file', metadata: { arguments: { path: 'a.ts' } } })).label).toBe('Viewed file');
  expect(describeToolCall(trace({ name: 'list_files' })).label).toBe('Viewed directory');
  const failed = describeToolCall(trace({ name: 'edit_file' }), trace({ trace_type: 'tool_end', metadata: { success: false, error: 'old_string not found' } }));
  expect(failed).toEqual({ kind: 'failed', label: 'The model has failed a tool call.' });
});
