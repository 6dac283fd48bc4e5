import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import { heavy, putFile, SCRIPTS } from './support/heavy-scenes.ts';
import { PLAN_FILES, PLAN_MD, planRoute, putFiles, triples } from './support/plan-files.ts';
import { FLOOR_ASSEMBLY } from '../fixtures/workbench/assembly.ts';

const HEADINGS = ['## 1. Solution Overview', '## 2. Parts List', '## 3. Assembly Strategy', '## 4. Cost & Weight Budget', '## 5. Risk Assessment'];

/** PLAN_MD with one section's body replaced. */
const withSection = (heading: string, body: string) => {
  const start = PLAN_MD.indexOf(heading) + heading.length;
  const end = PLAN_MD.indexOf('\n## ', start);
  return `${PLAN_MD.slice(0, start)}\n${body}\n${end < 0 ? '' : PLAN_MD.slice(end)}`;
};

test.describe('plan files', () => {
  test('INT-006 plan.md needs the five headings, each section in its form, and names every declared part', { tag: ['@p0', '@INT-006'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    await putFiles(workerLight, sessionId, PLAN_FILES);
    const planProblems = async (plan: string) => {
      await putFile(workerLight, sessionId, 'plan.md', plan);
      const r = await planRoute(workerHeavy, workerLight, 'check', sessionId);
      expect(r.body.problems.filter((p) => p.file !== 'plan.md')).toEqual([]);
      return r.body.problems;
    };

    await test.step('the plan passes; case, spacing and "and" for "&" are tolerated', async () => {
      expect(await planProblems(PLAN_MD)).toEqual([]);
      const loose = PLAN_MD.replace('## 4. Cost & Weight Budget', '##4.  cost and weight BUDGET').replace('## 2. Parts List', '## 2 . Parts   List');
      expect(await planProblems(loose)).toEqual([]);
    });

    await test.step('expected failure: each missing heading is named', async () => {
      for (const h of HEADINGS) {
        const p = await planProblems(PLAN_MD.replace(`${h}\n`, ''));
        expect(triples(p).filter(([, code]) => code === 'PLAN_MISSING_HEADING'), h).toEqual([['plan.md', 'PLAN_MISSING_HEADING', h]]);
      }
      const all = await planProblems('# Plan\nJust do it.\n');
      expect(all.map((p) => p.field)).toEqual(HEADINGS);
      expect(all[2]!.message).toBe('plan.md lacks the heading "## 3. Assembly Strategy" (a line of its own; case and spacing may vary)');
    });

    await test.step('expected failure: sections out of order are refused', async () => {
      const swapped = PLAN_MD.replace('## 4. Cost & Weight Budget', '## X').replace('## 5. Risk Assessment', '## 4. Cost & Weight Budget').replace('## X', '## 5. Risk Assessment');
      expect(triples(await planProblems(swapped))).toEqual([['plan.md', 'PLAN_HEADING_ORDER', '## 5. Risk Assessment']]);
    });

    await test.step('expected failure: a Parts List in prose, an Assembly Strategy without a numbered list, a Budget and Risks in prose', async () => {
      const cases: [string, string][] = [
        ['## 2. Parts List', 'A floor plate (floor) and four FST-M5X16-SHCS screws.'],
        ['## 3. Assembly Strategy', '- Machine the plate\n- Screw it down'],
        ['## 4. Cost & Weight Budget', 'About 120 and 35 kg.'],
        ['## 5. Risk Assessment', 'The ball may bounce.'],
      ];
      for (const [heading, body] of cases) {
        const p = await planProblems(withSection(heading, body));
        expect(triples(p), heading).toEqual([['plan.md', 'PLAN_SECTION_FORMAT', heading]]);
      }
      // A table holds for the budget as a bulleted list does.
      expect(await planProblems(withSection('## 4. Cost & Weight Budget', '| item | value |\n|---|---|\n| cost | 120 |'))).toEqual([]);
    });

    await test.step('expected failure: a part or COTS ID that assembly_definition.yaml declares but the Parts List omits is named', async () => {
      const p = await planProblems(PLAN_MD.replace('| FST-M5X16-SHCS | steel | COTS, 0.22 each | 4 |\n', ''));
      expect(triples(p)).toEqual([['plan.md', 'PLAN_PART_NOT_NAMED', '## 2. Parts List']]);
      expect(p[0]!.message).toContain('"FST-M5X16-SHCS"');
      // Named only outside the Parts List does not count.
      const elsewhere = await planProblems(PLAN_MD.replace('| floor | aluminum_6061 | CNC | 1 |\n', '| plate | aluminum_6061 | CNC | 1 |\n'));
      expect(elsewhere.map((x) => x.message)).toEqual([expect.stringContaining('does not name "floor"')]);
    });
  });

  test('INT-007 todo.md: only the four checkboxes at plan time; at submission every item done or skipped and none of the approved ones removed', { tag: ['@p0', '@INT-007'] }, async ({
    workerLight,
    workerHeavy,
    sessionId,
  }) => {
    await putFiles(workerLight, sessionId, PLAN_FILES);
    const todoProblems = async (todo: string) => {
      await putFile(workerLight, sessionId, 'todo.md', todo);
      const r = await planRoute(workerHeavy, workerLight, 'check', sessionId);
      expect(r.body.problems.filter((p) => p.file !== 'todo.md')).toEqual([]);
      return r.body;
    };

    await test.step('the four marks are accepted and read as todo, done, in progress and skipped', async () => {
      const r = await todoProblems('# Todo\n- [ ] a\n- [x] b\n- [/] c\n- [-] d\nSee [the plan](plan.md).\n');
      expect(r.problems).toEqual([]);
      expect(r.todo_items).toEqual([
        { text: 'a', state: 'todo' },
        { text: 'b', state: 'done' },
        { text: 'c', state: 'in_progress' },
        { text: 'd', state: 'skipped' },
      ]);
    });

    await test.step('expected failure: other checkbox-like lines are refused, naming their line', async () => {
      const r = await todoProblems('- [ ] a\n- [?] b\n* [ ] c\n[x] d\n- [X] e\n');
      expect(triples(r.problems)).toEqual(['line 2', 'line 3', 'line 4', 'line 5'].map((l) => ['todo.md', 'TODO_INVALID_CHECKBOX', l]));
      expect(r.problems[0]!.message).toBe('line 2 "- [?] b" is not a checkbox todo.md accepts; use exactly "- [ ] item", "- [x] item", "- [/] item" or "- [-] item"');
    });

    await test.step('expected failure: a todo.md without any checkbox is refused', async () => {
      expect(triples((await todoProblems('Write the script, then validate.\n')).problems)).toEqual([['todo.md', 'TODO_NO_ITEMS', undefined]]);
    });

    await test.step('the plan is approved with its four todo items; the design is validated', async () => {
      await putFiles(workerLight, sessionId, PLAN_FILES);
      const r = await planRoute(workerHeavy, workerLight, 'submit', sessionId);
      expect(r.body.success).toBe(true);
      await putFile(workerLight, sessionId, 'script.ts', SCRIPTS.floor);
      // The engineer's priced definition of the built plate (the plan's draft had made-up totals).
      await putFile(workerLight, sessionId, 'assembly_definition.yaml', FLOOR_ASSEMBLY);
      expect((await heavy(workerHeavy, 'validate', sessionId)).body.success).toBe(true);
    });

    const submitMissing = async (todo: string | null) => {
      if (todo === null) expect((await workerLight.post('/fs/delete', { headers: sessionHeaders(sessionId), data: { path: 'todo.md' } })).status()).toBe(200);
      else await putFile(workerLight, sessionId, 'todo.md', todo);
      const r = await heavy(workerHeavy, 'submit', sessionId);
      expect(r.status).toBe(200);
      return { body: r.body, todo: ((r.body.artifacts.missing ?? []) as string[]).filter((m) => m.startsWith('todo.md')) };
    };

    await test.step('expected failure: submit with items still [ ] or [/] → refused naming each line', async () => {
      const r = await submitMissing('- [x] Write script.ts\n- [x] Validate\n- [/] Simulate\n- [ ] Submit\n');
      expect(r.body.success).toBe(false);
      expect(r.body.artifacts.failure.reason).toBe('VALIDATION_FAILED');
      expect(r.todo).toEqual([
        'todo.md: TODO_ITEM_OPEN: line 3 "Simulate" is still [/]; at submission every item is done "- [x]" or skipped "- [-]"',
        'todo.md: TODO_ITEM_OPEN: line 4 "Submit" is still [ ]; at submission every item is done "- [x]" or skipped "- [-]"',
      ]);
      expect(r.body.events).toMatchObject([{ event_type: 'submission_rejected' }]);
    });

    await test.step('expected failure: an approved item removed (all others ticked) → refused naming the item', async () => {
      const r = await submitMissing('- [x] Write script.ts\n- [x] Validate\n- [x] Submit\n');
      expect(r.body.success).toBe(false);
      expect(r.todo).toEqual(['todo.md: TODO_ITEM_REMOVED: item "Simulate" was approved with the plan and is gone from todo.md; keep it and mark it "- [x]" or "- [-]"']);
    });

    await test.step('expected failure: an invalid checkbox at submission, and todo.md deleted after approval → refused', async () => {
      const bad = await submitMissing('- [x] Write script.ts\n- [x] Validate\n- [x] Simulate\n- [x] Submit\n- [?] Polish\n');
      expect(bad.todo).toEqual([expect.stringContaining('todo.md: TODO_INVALID_CHECKBOX: line 5 "- [?] Polish"')]);
      const gone = await submitMissing(null);
      expect(gone.body.success).toBe(false);
      expect(gone.todo).toEqual([expect.stringMatching(/^todo\.md: the file is gone; the plan approved at .* had 4 items/)]);
    });

    await test.step('every approved item [x] or [-] (plus a new one, done) → the todo block passes', async () => {
      const r = await submitMissing('- [x] Write script.ts\n- [x] Validate\n- [-] Simulate\n- [x] Submit\n- [x] Tidy up\n');
      // The other handover blocks (a successful simulation, pricing, the environment lock) add lines of their own; todo.md's has none.
      expect(r.todo).toEqual([]);
    });
  });
});
