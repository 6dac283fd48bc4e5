import fs from 'node:fs';
import { test, expect } from '@playwright/test';
import { assistantMessage, completionChunks } from './completions.ts';
import { DEFAULT_SCENARIOS_FILE, parseScenarios, pickTurn, roleFor, scenarioNameFor } from './scenarios.ts';

test('the repo scenarios file parses, with a default scenario for every agent role', () => {
  const all = parseScenarios(fs.readFileSync(DEFAULT_SCENARIOS_FILE, 'utf8'));
  for (const role of ['planner', 'coder', 'reviewer'] as const) expect(all.default![role]!.length).toBeGreaterThan(0);
  const tools = all.default!.coder!.flatMap((t) => t.tool_calls ?? []).map((c) => c.name);
  expect(tools).toEqual(expect.arrayContaining(['write_file', 'edit_file', 'run_code', 'validate', 'simulate', 'read_file', 'submit']));
});

test('the scenario follows the session-ID prefix, else default', () => {
  const names = ['default', 'INT-030'];
  expect(scenarioNameFor('INT-030-ab12cd34', names)).toBe('INT-030');
  expect(scenarioNameFor('INT-030-ab12cd34-bench', names)).toBe('INT-030');
  expect(scenarioNameFor('INT-170-ab12cd34-live', [...names, 'INT-170:live'])).toBe('INT-170:live');
  expect(scenarioNameFor('INT-170-ab12cd34', [...names, 'INT-170:live'])).toBe('default');
  expect(scenarioNameFor('INT-030-ab12cd34-live', names)).toBe('INT-030');
  expect(scenarioNameFor('INT-031-ab12cd34', names)).toBe('default');
  expect(scenarioNameFor(undefined, names)).toBe('default');
});

test('the role comes from the header, else the system prompt; turn N answers N assistant messages', () => {
  expect(roleFor('Coder', undefined)).toBe('coder');
  expect(roleFor(undefined, 'role: reviewer\nreview it')).toBe('reviewer');
  expect(roleFor(undefined, 'no role')).toBeUndefined();
  const scenario = { planner: [{ content: 'a' }, { content: 'b' }] };
  expect(pickTurn(scenario, 'planner', 1)).toEqual({ content: 'b' });
  expect(pickTurn(scenario, 'planner', 2)).toBeUndefined();
});

test('tool calls are OpenAI-shaped with JSON arguments; the stream rebuilds the same message', () => {
  const message = assistantMessage({ reasoning: 'why', content: 'hello world', tool_calls: [{ name: 'read_file', arguments: { path: 'a' } }] }, 'coder_0');
  expect(message.tool_calls).toEqual([{ id: 'call_coder_0_0', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }]);
  const chunks = completionChunks(message, 'm') as { choices: { delta: Record<string, any>; finish_reason: string | null }[] }[];
  expect(chunks.map((c) => c.choices[0]!.delta.content ?? '').join('')).toBe('hello world');
  expect(chunks.map((c) => c.choices[0]!.delta.tool_calls?.[0]?.function?.arguments ?? '').join('')).toBe('{"path":"a"}');
  expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
});

test('expected failure: a scenarios file without default, or with an unknown role, is refused', () => {
  expect(() => parseScenarios('scenarios: { x: {} }')).toThrow(/default/);
  expect(() => parseScenarios('scenarios: { default: { pilot: [] } }')).toThrow(/unknown role "pilot"/);
});
