import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
/** Everything a run creates and must sweep: run dirs, the attach-mode state file, the build hash. */
export const STACK_DIR = path.join(REPO_ROOT, '.stack');
export const RUNS_DIR = path.join(STACK_DIR, 'runs');
export const STATE_FILE = path.join(STACK_DIR, 'state.json');
export const LOGS_DIR = path.join(REPO_ROOT, 'logs');
