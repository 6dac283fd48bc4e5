// Keeps the read-only prefixes (/utils, /skills, /reviews, /config) of a session identical to the
// worker's own content in `services/worker-light/seed/`: on a session's first use and after every
// run (executed code can write anywhere in its root, prefixes included). Only what differs is
// touched, and a file is replaced atomically (temporary file + rename), so concurrent runs and
// reads never see a seeded file missing; deleting and re-copying the prefixes wholesale after
// every run did (audit 3, A7).
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SerialByKey } from '../../shared/src/serial.ts';
import { READ_ONLY_PREFIXES, writeFileAtomic } from '../../shared/src/workspace.ts';

/** `seed/` next to `src/` and `dist/` (the same relative path from source and from the bundle). */
export const SEED_DIR = process.env.WORKER_LIGHT_SEED_DIR ?? fileURLToPath(new URL('../seed/', import.meta.url));

interface SeedTree {
  /** Relative folders, parents before children (the prefixes themselves included). */
  dirs: string[];
  /** Relative file → content. */
  files: Map<string, Buffer>;
}

let seedTree: Promise<SeedTree> | undefined;

/** The seed content, read once (it is the worker's own, fixed for its lifetime). */
function loadSeed(): Promise<SeedTree> {
  seedTree ??= (async () => {
    const tree: SeedTree = { dirs: [], files: new Map() };
    const walk = async (rel: string): Promise<void> => {
      tree.dirs.push(rel);
      for (const entry of await fs.readdir(path.join(SEED_DIR, rel))) {
        const child = `${rel}/${entry}`;
        const stat = await fs.stat(path.join(SEED_DIR, child)); // follows links, like the old copy did
        if (stat.isDirectory()) await walk(child);
        else tree.files.set(child, await fs.readFile(path.join(SEED_DIR, child)));
      }
    };
    for (const prefix of READ_ONLY_PREFIXES) await walk(prefix);
    return tree;
  })();
  seedTree.catch(() => (seedTree = undefined));
  return seedTree;
}

const syncing = new SerialByKey();

/** Brings the session's prefixes back to the seed; syncs of one session run one after another. */
export function seedSession(root: string): Promise<void> {
  return syncing.run(root, () => syncPrefixes(root));
}

async function syncPrefixes(root: string): Promise<void> {
  const seed = await loadSeed();
  for (const dir of seed.dirs) {
    const abs = path.join(root, dir);
    const stat = await fs.lstat(abs).catch(() => undefined);
    if (stat?.isDirectory()) continue;
    if (stat) await fs.rm(abs, { force: true }); // a file or link where a seeded folder belongs
    await fs.mkdir(abs);
  }
  for (const [rel, content] of seed.files) {
    const abs = path.join(root, rel);
    const stat = await fs.lstat(abs).catch(() => undefined);
    if (stat?.isFile() && stat.size === content.length && (await sameContent(abs, content))) continue;
    if (stat?.isDirectory()) await fs.rm(abs, { recursive: true, force: true });
    await writeFileAtomic(abs, content); // rename replaces a changed file (or a link) in one step
  }
  // Whatever code added under a prefix goes.
  const expected = new Set([...seed.dirs, ...seed.files.keys()]);
  for (const prefix of READ_ONLY_PREFIXES) {
    for (const entry of await fs.readdir(path.join(root, prefix), { recursive: true })) {
      const rel = `${prefix}/${entry}`;
      if (!expected.has(rel)) await fs.rm(path.join(root, rel), { recursive: true, force: true });
    }
  }
}

async function sameContent(abs: string, content: Buffer): Promise<boolean> {
  try {
    return (await fs.readFile(abs)).equals(content);
  } catch {
    return false; // unreadable: replace it
  }
}
