import { createContext, useContext } from 'react';
import type { ArenaApi } from './api.ts';

export const ApiContext = createContext<ArenaApi | null>(null);

export function useApi(): ArenaApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}
