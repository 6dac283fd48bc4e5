import { createContext, useContext } from 'react';
import type { ControllerClient } from './client.ts';

export const ControllerContext = createContext<ControllerClient | null>(null);

export function useController(): ControllerClient {
  const client = useContext(ControllerContext);
  if (!client) throw new Error('useController outside <ControllerContext.Provider>');
  return client;
}
