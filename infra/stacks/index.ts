// The stack registry: every stack the harness can boot, by name.
import { arena } from './arena.ts';
import type { StackSpec } from './types.ts';
import { workbench } from './workbench.ts';

export const stacks: Readonly<Record<string, StackSpec>> = { workbench, arena };

export function stackNamed(name: string): StackSpec {
  const spec = stacks[name];
  if (!spec) throw new Error(`no stack "${name}" (known: ${Object.keys(stacks).join(', ')})`);
  return spec;
}
