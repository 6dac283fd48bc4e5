// The open session (from `?episode=` in the URL) and its live episode, for every panel.
import { createContext, useContext } from 'react';
import type { Workflow } from './workflow.ts';
import type { LiveEpisode } from './useEpisode.ts';

export interface Session {
  workflow: Workflow;
  episodeId: string | null;
  live: LiveEpisode;
  open: (episodeId: string | null) => void;
  /** Tells the sidebar to reload the history (after a new run starts). */
  historyChanged: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionContext.Provider>');
  return session;
}
