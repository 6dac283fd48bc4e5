import { test, expect } from '@playwright/test';
import { lintSource } from './lint.ts';
import { executeTool, toolEventType, toolsFor } from './tools.ts';
import { parseTodo } from '../../../shared/src/todo.ts';
import { WorkerClient } from '../workers.ts';

test('todo.md checkboxes parse into done / todo / in-progress / skipped items; other checkbox-like lines are not items', () => {
  expect(parseTodo('- [x] a\n- [ ] b\n- [-] c\n- [/] d\n* [-] e\nnot an item\n')).toEqual([
    { text: 'a', state: 'done' },
    { text: 'b', state: 'todo' },
    { text: 'c', state: 'skipped' },
    { text: 'd', state: 'in_progress' },
  ]);
});

test('submit_plan tells the model about all four handoff files', () => {
  const plan = toolsFor('planner').find((t) => t.function.name === 'submit_plan')!;
  expect(plan.function.description).toContain('assembly_definition.yaml');
});

test('tool event families and role tool sets', () => {
  expect(toolEventType('run_code')).toBe('run_command_tool');
  expect(toolEventType('write_file')).toBe('write_file_tool');
  expect(toolsFor('planner').map((t) => t.function.name)).toContain('submit_plan');
  expect(toolsFor('reviewer').map((t) => t.function.name)).not.toContain('write_file');
});

test('expected failure: lint reports the line of a syntax slip; valid TypeScript passes', async () => {
  expect(await lintSource('a.ts', 'const x: number = 1;\nexport default x;\n')).toEqual([]);
  const errors = await lintSource('a.ts', 'export default [1,\n;\n');
  expect(errors[0]).toMatchObject({ line: 2 });
});

test('expected failure: bad arguments, unknown tools and unreachable workers become outcomes the model reads', async () => {
  const down = new WorkerClient('worker-light', 'http://127.0.0.1:9');
  const ctx = { sessionId: 's', light: down, heavy: down };
  const bad = await executeTool('read_file', '{not json', ctx);
  expect(bad).toMatchObject({ ok: false, output: expect.stringMatching(/^ERROR: invalid arguments/) });
  const unknown = await executeTool('launch_rocket', '{}', ctx);
  expect(unknown.output).toBe('ERROR: unknown tool "launch_rocket"');
  const unreachable = await executeTool('read_file', '{"path":"a"}', ctx);
  expect(unreachable.ok).toBe(false);
  expect(unreachable.ownEvents[0]).toMatchObject({ event_type: 'read_file_tool', ok: false, path: 'a' });
});

test('expected failure: approval needs a successful submit; rejecting needs none', async () => {
  const down = new WorkerClient('worker-light', 'http://127.0.0.1:9');
  const ctx = { sessionId: 's', light: down, heavy: down };
  const never = await executeTool('submit_review', '{"decision":"approved"}', { ...ctx, submission: null });
  expect(never).toMatchObject({ ok: false, output: 'ERROR: cannot approve: the design was not handed over (submit was never called)' });
  const failed = await executeTool('submit_review', '{"decision":"approved"}', { ...ctx, submission: { ok: false, message: 'no prior validation' } });
  expect(failed.output).toBe('ERROR: cannot approve: the design was not handed over (the last submit failed: no prior validation)');
  expect(failed.review).toBeUndefined();
  const passed = await executeTool('submit_review', '{"decision":"approved","comments":"ok"}', { ...ctx, submission: { ok: true, message: 'submitted' } });
  expect(passed).toMatchObject({ ok: true, review: { decision: 'approved', comments: 'ok' } });
  const rejected = await executeTool('submit_review', '{"decision":"rejected"}', { ...ctx, submission: null });
  expect(rejected.review).toMatchObject({ decision: 'rejected' });
});
