// Light/dark for a web app: one store for the whole app (every view that draws reads it, so a
// toggle reaches all at once), kept in localStorage under the app's key and applied as a class
// on <html>. Both frontends (the workbench's, the arena's) make theirs with createTheme.
import { useCallback, useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';

export function createTheme(key: string) {
  function storedTheme(): Theme {
    const saved = localStorage.getItem(key);
    if (saved === 'light' || saved === 'dark') return saved;
    return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  function applyTheme(theme: Theme): void {
    const root = document.documentElement;
    root.classList.remove('light', 'dark');
    root.classList.add(theme);
    root.style.colorScheme = theme;
  }

  let current: Theme | null = null;
  const listeners = new Set<() => void>();
  const snapshot = (): Theme => (current ??= storedTheme());

  function setTheme(theme: Theme): void {
    current = theme;
    localStorage.setItem(key, theme);
    applyTheme(theme);
    for (const l of listeners) l();
  }

  function subscribe(listener: () => void): () => void {
    listeners.add(listener);
    // Another tab changed the preference: follow it here too.
    const onStorage = (e: StorageEvent) => {
      if (e.key !== key) return;
      current = storedTheme();
      applyTheme(current);
      listener();
    };
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(listener);
      window.removeEventListener('storage', onStorage);
    };
  }

  function useTheme(): [Theme, () => void] {
    const theme = useSyncExternalStore(subscribe, snapshot);
    const toggle = useCallback(() => setTheme(snapshot() === 'dark' ? 'light' : 'dark'), []);
    return [theme, toggle];
  }

  return { key, storedTheme, applyTheme, setTheme, useTheme };
}
