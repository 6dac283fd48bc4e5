// Public ids: a type prefix and 32 hex digits. A path id of the wrong shape is simply not found.
import { randomUUID } from 'node:crypto';

export const ID_PREFIXES = { session: 'sess', battle: 'battle', turn: 'turn', episode: 'ep', vote: 'vote' } as const;
export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomUUID().replace(/-/g, '')}`;
}

export function idPattern(kind: IdKind): string {
  return `^${ID_PREFIXES[kind]}_[0-9a-f]{32}$`;
}

export function isId(kind: IdKind, value: unknown): value is string {
  return typeof value === 'string' && new RegExp(idPattern(kind)).test(value);
}
