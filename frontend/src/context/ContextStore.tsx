// What the user has pointed at (CAD parts/faces/subassemblies, code lines) and the prompt draft
// that mentions are written into. Shared by the viewers and the chat.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Selection } from '../api/types.ts';

export interface ContextItem extends Selection {
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

interface ContextStore {
  items: ContextItem[];
  /** Plain select replaces the selection; `additive` (Ctrl/⌘-click) toggles the item in it. */
  select: (selection: Selection, additive: boolean) => void;
  remove: (key: string) => void;
  clear: () => void;
  draft: string;
  setDraft: (text: string) => void;
  appendToDraft: (text: string) => void;
}

const Ctx = createContext<ContextStore | null>(null);

export function ContextProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ContextItem[]>([]);
  const [draft, setDraft] = useState('');
  const select = useCallback((selection: Selection, additive: boolean) => {
    const item = { ...selection, key: selectionKey(selection) };
    setItems((prev) => {
      if (!additive) return [item];
      return prev.some((p) => p.key === item.key) ? prev.filter((p) => p.key !== item.key) : [...prev, item];
    });
  }, []);
  const remove = useCallback((key: string) => setItems((prev) => prev.filter((p) => p.key !== key)), []);
  const clear = useCallback(() => setItems([]), []);
  const appendToDraft = useCallback((text: string) => setDraft((d) => (d && !/\s$/.test(d) ? `${d} ${text} ` : `${d}${text} `)), []);
  const value = useMemo(() => ({ items, select, remove, clear, draft, setDraft, appendToDraft }), [items, select, remove, clear, draft, appendToDraft]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useContextStore(): ContextStore {
  const store = useContext(Ctx);
  if (!store) throw new Error('useContextStore outside <ContextProvider>');
  return store;
}
