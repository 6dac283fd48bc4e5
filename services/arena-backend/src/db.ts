import { fileURLToPath } from 'node:url';

/** Migrations live beside src/ and dist/, so the same relative URL works from both. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));
