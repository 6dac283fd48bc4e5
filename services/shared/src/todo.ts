// todo.md checkboxes, as the planner writes them and the coder ticks them. Exactly four marks
// count: `- [ ]` to do, `- [x]` done, `- [/]` in progress, `- [-]` skipped (dropped on purpose).
// Any other line that looks like a checkbox (`- [?]`, `* [ ]`, `[x]` without the dash, `- [X]`)
// is reported with its line number rather than silently ignored, so a typo cannot hide an item.

export type TodoState = 'todo' | 'done' | 'in_progress' | 'skipped';

export const TODO_MARKS: Record<string, TodoState> = { ' ': 'todo', x: 'done', '/': 'in_progress', '-': 'skipped' };

export interface TodoItem {
  /** 1-based line number in todo.md. */
  line: number;
  text: string;
  state: TodoState;
}

export interface TodoParse {
  items: TodoItem[];
  /** Lines that look like a checkbox but are not one of the four forms. */
  invalid: { line: number; text: string }[];
}

const VALID = /^\s*- \[([ x/-])\] +(\S.*)$/;
// A bullet, number or nothing, then a short bracket not followed by "(" (a markdown link).
const CHECKBOX_LIKE = /^\s*(?:[-*+]|\d+[.)])?\s*\[[^\]]{0,3}\](?!\()/;

export function readTodo(text: string): TodoParse {
  const items: TodoItem[] = [];
  const invalid: TodoParse['invalid'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = VALID.exec(raw);
    if (m) items.push({ line: i + 1, text: m[2]!.trim(), state: TODO_MARKS[m[1]!]! });
    else if (CHECKBOX_LIKE.test(raw)) invalid.push({ line: i + 1, text: raw.trim() });
  });
  return { items, invalid };
}

/** The valid checkboxes only, as the episode's todo_list stores them. */
export function parseTodo(text: string): { text: string; state: TodoState }[] {
  return readTodo(text).items.map(({ text, state }) => ({ text, state }));
}

/** What identifies an item across edits: its text, whitespace and case folded. */
export const todoKey = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();
