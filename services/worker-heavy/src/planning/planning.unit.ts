import { test, expect } from '@playwright/test';
import { readTodo } from '../../../shared/src/todo.ts';
import { checkObjectivesFile, parseObjectives } from '../objectives.ts';
import { checkPlan } from './plan.ts';
import { checkTodo, checkTodoAtSubmission } from './todo.ts';

const PLAN = `# Plan
## 1. Solution Overview
A floor plate.
## 2. Parts List
| part | method |
|---|---|
| floor | CNC |
- FST-M5X16-SHCS ×4
## 3. Assembly Strategy
1. Bolt the floor down.
## 4. Cost and Weight Budget
- 12 USD, 1.2 kg
## 5. Risk Assessment
- bounce
`;

test('plan.md: five headings (case, spacing, "and" tolerated), section forms, every declared part named', () => {
  expect(checkPlan(PLAN, ['floor', 'FST-M5X16-SHCS'])).toEqual([]);
  expect(checkPlan(PLAN.replace('## 2. Parts List', '##2.  parts list'), ['floor'])).toEqual([]);
});

test('expected failure: plan.md problems name the heading and the reason', () => {
  const codes = (t: string, parts?: string[]) => checkPlan(t, parts).map((p) => [p.code, p.field]);
  expect(codes(PLAN.replace('## 5. Risk Assessment\n', ''))).toEqual([['PLAN_MISSING_HEADING', '## 5. Risk Assessment']]);
  expect(codes(PLAN.replace('1. Bolt', 'Bolt'))).toEqual([['PLAN_SECTION_FORMAT', '## 3. Assembly Strategy']]);
  expect(codes(PLAN.replace('- 12 USD', '12 USD'))).toEqual([['PLAN_SECTION_FORMAT', '## 4. Cost & Weight Budget']]);
  expect(codes(PLAN, ['floor', 'arm'])).toEqual([['PLAN_PART_NOT_NAMED', '## 2. Parts List']]);
});

test('todo.md: the four marks parse; other checkbox-like lines are invalid by line', () => {
  const r = readTodo('- [ ] a\n- [x] b\n- [/] c\n- [-] d\nnotes [see](x)\n- [?] e\n* [ ] f\n[x] g\n- [X] h\n');
  expect(r.items.map((i) => i.state)).toEqual(['todo', 'done', 'in_progress', 'skipped']);
  expect(r.invalid.map((i) => i.line)).toEqual([6, 7, 8, 9]);
  expect(checkTodo('just text\n').problems.map((p) => p.code)).toEqual(['TODO_NO_ITEMS']);
});

test('expected failure: at submission open items and removed approved items are refused, naming them', () => {
  const approved = [{ text: 'Write script.ts' }, { text: 'Simulate' }];
  expect(checkTodoAtSubmission('- [x] Write script.ts\n- [-] Simulate\n', approved).problems).toEqual([]);
  const p = checkTodoAtSubmission('- [x] Write script.ts\n- [/] Validate\n', approved).problems;
  expect(p.map((x) => [x.code, x.field])).toEqual([
    ['TODO_ITEM_OPEN', 'line 2'],
    ['TODO_ITEM_REMOVED', 'items'],
  ]);
  expect(p[1]!.message).toContain('"Simulate"');
});

const OBJ = `objectives:
  goal_zone: { min: [0.3, 0.3, 0], max: [0.4, 0.4, 0.08] }
  forbid_zones: []
  build_zone: { min: [-0.5, -0.5, -0.1], max: [0.5, 0.5, 0.5] }
simulation_bounds: { min: [-1, -1, -0.2], max: [1, 1, 1] }
moved_object: { label: ball, shape: sphere, radius: 0.01, start_position: [0.35, 0.35, 0.2], runtime_jitter: [0, 0, 0] }
constraints: { max_unit_cost: 100, max_weight_g: 1000 }
`;

test('expected failure: objectives.yaml — each rule its code and field', () => {
  expect(checkObjectivesFile(OBJ).problems).toEqual([]);
  const first = (t: string) => checkObjectivesFile(t).problems.map((p) => [p.code, p.field])[0];
  expect(first(OBJ.replace('radius: 0.01', 'radius: 0.01, colour: red'))).toEqual(['INVALID_OBJECTIVES', 'moved_object.colour']);
  expect(first(OBJ.replace('min: [0.3, 0.3, 0]', 'min: [x_min, 0.3, 0]'))).toEqual(['INVALID_OBJECTIVES', 'objectives.goal_zone.min[0]']);
  expect(first(OBJ.replace('start_position: [0.35, 0.35, 0.2]', 'start_position: [x, y, z]'))).toEqual(['INVALID_OBJECTIVES', 'moved_object.start_position[0]']);
  expect(first(`# TODO: fill in\n${OBJ}`)).toEqual(['INVALID_OBJECTIVES', 'line 1']);
  expect(first(OBJ.replace('runtime_jitter: [0, 0, 0]', 'runtime_jitter: [0, -0.01, 0]'))).toEqual(['INVALID_OBJECTIVES', 'moved_object.runtime_jitter[1]']);
  expect(first(OBJ.replace('max: [0.4, 0.4, 0.08]', 'max: [0.2, 0.4, 0.08]'))).toEqual(['CONTRADICTORY_CONSTRAINTS', 'objectives.goal_zone.min']);
  expect(first(OBJ.replace('forbid_zones: []', 'forbid_zones: [{ name: pit, min: [0.35, 0.35, 0], max: [0.45, 0.45, 0.05] }]'))).toEqual(['CONTRADICTORY_CONSTRAINTS', 'objectives.forbid_zones[0]']);
  expect(first(OBJ.replace('max: [0.5, 0.5, 0.5]', 'max: [0.2, 0.2, 0.5]'))).toEqual(['CONTRADICTORY_CONSTRAINTS', 'objectives.goal_zone']);
  expect(first(OBJ.replace('max: [0.5, 0.5, 0.5]', 'max: [0.5, 0.5, 1.5]'))).toEqual(['CONTRADICTORY_CONSTRAINTS', 'objectives.build_zone']);
  expect(first(OBJ.replace('[0.35, 0.35, 0.2]', '[0.35, 0.35, 0.495]'))).toEqual(['UNSOLVABLE_SCENARIO', 'moved_object.start_position']);
  // parseObjectives (validate, simulate) stays lenient about the build zone: physics scenes start anywhere in the bounds.
  expect(() => parseObjectives(OBJ.replace('[0.35, 0.35, 0.2]', '[0.35, 0.35, 0.8]'))).not.toThrow();
  expect(() => parseObjectives(OBJ.replace('radius: 0.01', 'radius: 0.01, colour: red'))).toThrow('moved_object.colour is not a known key');
});
