// Seeds the read-only prefixes (/utils, /skills, /reviews, /config) of a session from the
// worker's own content in `services/worker-light/seed/`. Re-seeding replaces them wholesale,
// which also undoes anything executed code did to them.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { READ_ONLY_PREFIXES } from '../../shared/src/workspace.ts';

/** `seed/` next to `src/` and `dist/` (the same relative path from source and from the bundle). */
export const SEED_DIR = process.env.WORKER_LIGHT_SEED_DIR ?? fileURLToPath(new URL('../seed/', import.meta.url));

export async function seedSession(root: string): Promise<void> {
  for (const prefix of READ_ONLY_PREFIXES) {
    const target = path.join(root, prefix);
    await fs.rm(target, { recursive: true, force: true });
    await fs.cp(path.join(SEED_DIR, prefix), target, { recursive: true, dereference: true });
  }
}
