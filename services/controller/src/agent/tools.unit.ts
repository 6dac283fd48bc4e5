import { test, expect } from '@playwright/test';
import { lintSource } from './lint.ts';
import { executeTool, toolEventType, toolsFor } from './tools.ts';
import { parseTodo } from '../../../shared/src/todo.ts';
import { WorkerClient, WorkerError } from '../workers.ts';

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

test('expected failure: approval needs a successful submit and evidence; rejecting needs comments, no handover', async () => {
  // A light worker holding one review file, whatever content the test gives it.
  let file = '';
  const light = new (class extends WorkerClient {
    override async post<T>(route: string, _s: string, body: unknown): Promise<T> {
      if (route !== '/fs/read') throw new Error(`unexpected ${route}`);
      if ((body as { path: string }).path !== 'review_files/review-1.md') throw new WorkerError(404, {}, 'not found');
      return { content: file } as T;
    }
  })('worker-light', 'http://127.0.0.1:9');
  const ctx = { sessionId: 's', light, heavy: light };
  const approval = '---\ndecision: APPROVED\nevidence: { simulation: success, files_checked: [review_manifest.json] }\n---\n';
  file = approval;
  const never = await executeTool('submit_review', '{}', { ...ctx, submission: null });
  expect(never.ok).toBe(false);
  expect(never.output.split('\n')[0]).toBe('ERROR: cannot approve: the design was not handed over (submit was never called)');
  const failed = await executeTool('submit_review', '{"path":"review_files/review-1.md"}', { ...ctx, submission: { ok: false, message: 'no prior validation' } });
  expect(failed.output.split('\n')[0]).toBe('ERROR: cannot approve: the design was not handed over (the last submit failed: no prior validation)');
  expect(failed.review).toBeUndefined();
  expect(failed.ownEvents[0]).toMatchObject({ event_type: 'submit_review_tool', ok: false, problems: [{ field: 'decision', code: 'NO_HANDOVER' }] });
  const handover = { ok: true, message: 'submitted', fingerprint: 'f', files: ['script.ts'], simulation: { success: true, smoke_test_mode: false } };
  const passed = await executeTool('submit_review', '{}', { ...ctx, submission: handover });
  expect(passed).toMatchObject({ ok: true, review: { decision: 'APPROVED', file: 'review_files/review-1.md' } });
  file = '---\ndecision: REJECTED\n---\n';
  expect((await executeTool('submit_review', '{}', { ...ctx, submission: null })).output).toContain('[review_files/review-1.md comments: MISSING_COMMENTS]');
  file = '---\ndecision: REJECTED\ncomments: the ball falls through\n---\n';
  expect((await executeTool('submit_review', '{}', { ...ctx, submission: null })).review).toMatchObject({ decision: 'REJECTED', comments: 'the ball falls through' });
  const missing = await executeTool('submit_review', '{"path":"review_files/other.md"}', ctx);
  expect(missing.output).toContain('MISSING_FILE');
  const outside = await executeTool('write_review', '{"path":"script.ts","content":"x"}', ctx);
  expect(outside.output).toBe('ERROR: the reviewer writes only review files: path must be review_files/<name>.md (got "script.ts")');
});
