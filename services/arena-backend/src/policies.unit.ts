import { test, expect } from '@playwright/test';
import { parsePolicyServers } from './config.ts';
import { episodeProblem } from './policies.ts';

const state = { qpos: [0, 1], qvel: [0, 0], time: 0.002 };

test('an episode answer must have the contract shape', () => {
  expect(episodeProblem({ actions: [[0, 1]], states: [state], duration_ms: 3 })).toBeNull();
  expect(episodeProblem(null)).toMatch(/not a JSON object/);
  expect(episodeProblem({ actions: [], states: [], duration_ms: 1 })).toMatch(/non-empty/);
  expect(episodeProblem({ actions: [[0, 'x']], states: [state], duration_ms: 1 })).toMatch(/finite numbers/);
  expect(episodeProblem({ actions: [[0], [1]], states: [state], duration_ms: 1 })).toMatch(/states has 1 entries, actions 2/);
  expect(episodeProblem({ actions: [[0]], states: [{ qpos: [0] }], duration_ms: 1 })).toMatch(/qpos\[\], qvel\[\] and time/);
  expect(episodeProblem({ actions: [[0]], states: [state] })).toMatch(/duration_ms/);
});

test('POLICY_SERVERS parses id=url pairs and names what is wrong', () => {
  expect(parsePolicyServers('mock-vla=http://127.0.0.1:8001/, ik-grasp=http://127.0.0.1:8002')).toEqual([
    { model_id: 'mock-vla', url: 'http://127.0.0.1:8001' },
    { model_id: 'ik-grasp', url: 'http://127.0.0.1:8002' },
  ]);
  expect(() => parsePolicyServers('mock-vla=http://a')).toThrow(/at least two models/);
  expect(() => parsePolicyServers('a=http://x,a=http://y')).toThrow(/names model a twice/);
  expect(() => parsePolicyServers('http://x,b=http://y')).toThrow(/needs a model id/);
  expect(() => parsePolicyServers('a=ftp://x,b=http://y')).toThrow(/needs an http\(s\) URL/);
});
