// What the user has pointed at (CAD parts/faces/subassemblies, code lines) and the prompt draft
// that mentions are written into. Shared by the viewers and the chat of one session.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Selection } from '../api/types.ts';

type Vec3 = [number, number, number];

/** A selection as the viewers make it; a face also knows where it is in the model. */
export type Picked = Selection & { normal?: Vec3; centroid?: Vec3 };

export interface ContextItem extends Picked {
  key: string;
}

export function selectionKey(s: Selection): string {
  return [s.kind, s.path, s.name ?? '', s.face_index ?? '', s.start_line ?? '', s.end_line ?? ''].join('|');
}

export function selectionLabel(s: Selection): string {
  switch (s.kind) {
    case 'part':
      return `Part ${s.name}`;
    case 'subassembly':
      return `Subassembly ${s.name}`;
    case 'face':
      return `Face ${s.face_index} of ${s.name}`;
    case 'code':
      return `${s.path}:${s.start_line}-${s.end_line}`;
  }
}

const fmt = (v: Vec3) => `(${v.join(', ')})`;
export function selectionDetail(s: Picked): string | undefined {
  return s.normal && s.centroid ? `planar face, normal ${fmt(s.normal)}, centre ${fmt(s.centroid)} m` : undefined;
}

/**
 * What the controller's message API takes: its Selection has no normal/centroid fields (and
 * refuses unknown ones), so those stay in the UI until the contract carries them.
 */
export function toWire({ key: _key, normal: _n, centroid: _c, ...selection }: ContextItem): Selection {
  return selection;
}

interface ContextStore {
  items: ContextItem[];
  /** Plain select replaces the selection; `additive` (Ctrl/⌘-click) toggles the item in it. */
  select: (selection: Picked, additive: boolean) => void;
  remove: (key: string) => void;
  clear: () => void;
  draft: string;
  setDraft: (text: string) => void;
  appendToDraft: (text: string) => void;
}

const Ctx = createContext<ContextStore | null>(null);

interface State {
  scope: string;
  items: ContextItem[];
  draft: string;
}

/**
 * `scope` names the open session: selections and mentions point into that session's files, so
 * another session (or CREATE NEW) starts with none instead of inheriting them.
 */
export function ContextProvider({ scope, children }: { scope: string; children: ReactNode }) {
  const [state, setState] = useState<State>({ scope, items: [], draft: '' });
  let current = state;
  if (state.scope !== scope) {
    // Reset during render (not in an effect), so the old session's cards never show in the new one.
    current = { scope, items: [], draft: '' };
    setState(current);
  }
  const { items, draft } = current;
  const select = useCallback((selection: Picked, additive: boolean) => {
    const item = { ...selection, key: selectionKey(selection) };
    setState((s) => {
      if (!additive) return { ...s, items: [item] };
      return { ...s, items: s.items.some((p) => p.key === item.key) ? s.items.filter((p) => p.key !== item.key) : [...s.items, item] };
    });
  }, []);
  const remove = useCallback((key: string) => setState((s) => ({ ...s, items: s.items.filter((p) => p.key !== key) })), []);
  const clear = useCallback(() => setState((s) => ({ ...s, items: [] })), []);
  const setDraft = useCallback((text: string) => setState((s) => ({ ...s, draft: text })), []);
  const appendToDraft = useCallback((text: string) => setState((s) => ({ ...s, draft: s.draft && !/\s$/.test(s.draft) ? `${s.draft} ${text} ` : `${s.draft}${text} ` })), []);
  const value = useMemo(() => ({ items, select, remove, clear, draft, setDraft, appendToDraft }), [items, select, remove, clear, draft, setDraft, appendToDraft]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useContextStore(): ContextStore {
  const store = useContext(Ctx);
  if (!store) throw new Error('useContextStore outside <ContextProvider>');
  return store;
}
