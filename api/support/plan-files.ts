// The planner's four handoff files for the plan-gate specs, written through the light worker the
// way an agent would, and the heavy worker's plan routes. The assembly definition follows the
// phase-B contract format (one CNC floor plate and four COTS screws).
import { expect, type APIRequestContext } from '@playwright/test';
import { objectivesYaml } from './heavy-scenes.ts';
import { sessionHeaders } from './session.ts';

export const PLAN_MD = `# Plan: drop the ball onto a floor plate

## 1. Solution Overview
A fixed aluminium floor plate under the goal zone, held by four screws.

## 2. Parts List
| part | material | method | quantity |
|---|---|---|---|
| floor | aluminum_6061 | CNC | 1 |
| FST-M5X16-SHCS | steel | COTS, 0.22 each | 4 |

## 3. Assembly Strategy
1. Machine the floor plate and drill four holes.
2. Screw it down with four FST-M5X16-SHCS.

## 4. Cost & Weight Budget
- Unit cost about 120, under the cap.
- Weight about 35 kg.

## 5. Risk Assessment
- The ball could bounce out of the goal zone.
`;

export const TODO_MD = `- [ ] Write script.ts
- [ ] Validate
- [ ] Simulate
- [ ] Submit
`;

export const OBJECTIVES_YAML = objectivesYaml({ start: [0.35, 0.35, 0.2] });

export const ASSEMBLY_YAML = `version: 1
manufactured_parts:
  - name: floor
    manufacturing_method: CNC
    material: aluminum_6061
    quantity: 1
    holes: 4
cots_parts:
  - part_id: FST-M5X16-SHCS
    quantity: 4
    unit_price: 0.22
final_assembly:
  joints: []
  fasteners: []
totals:
  unit_cost: 120.88
  weight_g: 34576.8
planner_targets:
  max_unit_cost: 5000
  max_weight_g: 50000
`;

export const PLAN_FILES = { 'plan.md': PLAN_MD, 'todo.md': TODO_MD, 'objectives.yaml': OBJECTIVES_YAML, 'assembly_definition.yaml': ASSEMBLY_YAML };

export type PlanProblem = { file: string; field?: string; code: string; message: string };
export type PlanAnswer = {
  success: boolean;
  message: string;
  problems: PlanProblem[];
  files: { file: string; status: 'ok' | 'missing' | 'invalid' }[];
  todo_items: { text: string; state: string }[];
  approval?: { todo_items: { text: string; state: string }[]; files: { path: string; sha256: string | null }[] } | null;
};

/** Writes files into the session through the light worker. */
export async function putFiles(workerLight: APIRequestContext, sessionId: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const res = await workerLight.post('/fs/write', { headers: sessionHeaders(sessionId), data: { path, content, overwrite: true } });
    expect(res.status(), `fs/write ${path}`).toBe(200);
  }
}

/** The light worker's bundle of the session, base64 — what the controller sends the heavy worker. */
export async function bundleOf(workerLight: APIRequestContext, sessionId: string): Promise<string> {
  const res = await workerLight.post('/fs/bundle', { headers: sessionHeaders(sessionId) });
  expect(res.status()).toBe(200);
  return (await res.body()).toString('base64');
}

/** POST /plan/check or /plan/submit with the session's bundle: status and JSON body. */
export async function planRoute(workerHeavy: APIRequestContext, workerLight: APIRequestContext, route: 'check' | 'submit', sessionId: string) {
  const res = await workerHeavy.post(`/plan/${route}`, { headers: sessionHeaders(sessionId), data: { bundle_base64: await bundleOf(workerLight, sessionId) } });
  return { status: res.status(), body: (await res.json()) as PlanAnswer };
}

/** The problems' [file, code, field] triples, for compact assertions. */
export const triples = (problems: PlanProblem[]) => problems.map((p) => [p.file, p.code, p.field]);
