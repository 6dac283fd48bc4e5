// todo.md's validator (INT-007). At plan time: only the four checkbox forms, at least one item.
// At the engineer's submission: also every item done `[x]` or skipped `[-]`, and every item
// approved with the plan still present (by text: rewording an item counts as removing it).
import { readTodo, todoKey, type TodoItem } from '../../../shared/src/todo.ts';
import { problem, type Problem } from '../problems.ts';

export const TODO_FILE = 'todo.md';

export interface TodoCheck {
  items: TodoItem[];
  problems: Problem[];
}

/** Plan-time checks: checkbox format and at least one item. */
export function checkTodo(text: string): TodoCheck {
  const { items, invalid } = readTodo(text);
  const problems = invalid.map((l) =>
    problem(
      TODO_FILE,
      'TODO_INVALID_CHECKBOX',
      `line ${l.line} "${l.text}" is not a checkbox todo.md accepts; use exactly "- [ ] item", "- [x] item", "- [/] item" or "- [-] item"`,
      `line ${l.line}`,
    ),
  );
  if (!items.length) problems.push(problem(TODO_FILE, 'TODO_NO_ITEMS', 'todo.md has no checkbox items; write at least one "- [ ] item" line'));
  return { items, problems };
}

/**
 * Submission-time checks: the plan-time ones, every item `[x]` or `[-]`, and no item of `approved`
 * (the items at plan approval) missing.
 */
export function checkTodoAtSubmission(text: string, approved: { text: string }[] | undefined): TodoCheck {
  const { items, problems } = checkTodo(text);
  for (const item of items) {
    if (item.state !== 'done' && item.state !== 'skipped') {
      const mark = item.state === 'todo' ? '[ ]' : '[/]';
      problems.push(
        problem(TODO_FILE, 'TODO_ITEM_OPEN', `line ${item.line} "${item.text}" is still ${mark}; at submission every item is done "- [x]" or skipped "- [-]"`, `line ${item.line}`),
      );
    }
  }
  const present = new Set(items.map((i) => todoKey(i.text)));
  for (const a of approved ?? []) {
    if (!present.has(todoKey(a.text))) {
      problems.push(
        problem(TODO_FILE, 'TODO_ITEM_REMOVED', `item "${a.text}" was approved with the plan and is gone from todo.md; keep it and mark it "- [x]" or "- [-]"`, 'items'),
      );
    }
  }
  return { items, problems };
}
