// The workbench's light/dark store (services/shared/src/ui/theme.ts), kept under its own key.
import { createTheme } from '../../../services/shared/src/ui/theme.ts';

export type { Theme } from '../../../services/shared/src/ui/theme.ts';
export const { key: THEME_KEY, storedTheme, applyTheme, setTheme, useTheme } = createTheme('workbench.theme');
