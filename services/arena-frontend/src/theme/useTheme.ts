// The arena's light/dark store (services/shared/src/ui/theme.ts), kept under its own key.
import { createTheme } from '../../../shared/src/ui/theme.ts';

export type { Theme } from '../../../shared/src/ui/theme.ts';
export const { key: THEME_KEY, storedTheme, applyTheme, setTheme, useTheme } = createTheme('arena.theme');
