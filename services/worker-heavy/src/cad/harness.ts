// Runs inside the child process (bundled together with the build script and ./index.ts):
// calls the script's build function and writes its parts — name, metadata, triangle mesh — as
// JSON to the file the parent named. Problems are reported, never thrown past this point, so the
// parent always gets a message that names the part. The parent trusts none of it: it re-checks
// the structure and computes volume and bounding box from the mesh itself (./run-script.ts).
import fs from 'node:fs';
import { Solid } from './index.ts';

/** What the child reports for a part: no volume or bbox (the parent measures the mesh). */
export interface RawPart {
  name: string;
  metadata: Record<string, unknown>;
  mesh: { vert: number[]; tri: number[] };
}

export type ChildResult = { ok: true; parts: RawPart[] } | { ok: false; error: string };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

async function collect(mod: Record<string, unknown>): Promise<RawPart[]> {
  const fn = (mod.default ?? mod.build) as unknown;
  if (typeof fn !== 'function') throw new Error('the script must export a build function (default export or `export function build`)');
  let result = await (fn as () => unknown)();
  if (result && typeof result === 'object' && !Array.isArray(result) && 'parts' in result) result = (result as { parts: unknown }).parts;
  if (!Array.isArray(result)) result = [result];
  const list = result as unknown[];
  if (list.length === 0) throw new Error('the build function returned no parts');
  const names = new Set<string>();
  return list.map((raw, index) => {
    const label = `#${index + 1}`;
    if (!raw || typeof raw !== 'object') throw new Error(`part ${label} is ${describe(raw)}, not a part (use part(name, solid, metadata))`);
    const p = raw as { name?: unknown; solid?: unknown; metadata?: unknown };
    if (typeof p.name !== 'string' || !p.name.trim()) throw new Error(`part ${label} has no name`);
    const name = p.name;
    if (names.has(name)) throw new Error(`part "${name}" is defined twice; part names must be unique`);
    names.add(name);
    if (!(p.solid instanceof Solid)) throw new Error(`part "${name}" has no solid (got ${describe(p.solid)})`);
    if (!p.metadata || typeof p.metadata !== 'object' || Array.isArray(p.metadata)) {
      throw new Error(`part "${name}" has no PartMetadata (material_id, fixed)`);
    }
    const metadata = p.metadata as Record<string, unknown>;
    if (typeof metadata.material_id !== 'string' || !metadata.material_id) throw new Error(`part "${name}" PartMetadata.material_id is missing`);
    if (typeof metadata.fixed !== 'boolean') throw new Error(`part "${name}" PartMetadata.fixed must be a boolean`);
    const manifold = p.solid.manifold;
    if (manifold.status() !== 'NoError') throw new Error(`part "${name}" is not a valid solid (${manifold.status()})`);
    if (manifold.isEmpty()) throw new Error(`part "${name}" is an empty solid`);
    const mesh = manifold.getMesh();
    const vert: number[] = [];
    for (let i = 0; i < mesh.numVert; i++) {
      for (let k = 0; k < 3; k++) vert.push(mesh.vertProperties[i * mesh.numProp + k]!);
    }
    return {
      name,
      metadata: JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>,
      mesh: { vert, tri: Array.from(mesh.triVerts) },
    };
  });
}

/** A denied fs/process call says what the sandbox allows, not which host path was refused. */
function describeError(error: unknown): string {
  const e = error as { code?: string; permission?: string; message?: string };
  if (e?.code === 'ERR_ACCESS_DENIED') {
    const what: Record<string, string> = {
      FileSystemWrite: 'build scripts cannot write files',
      FileSystemRead: "build scripts can read only the session's files",
      ChildProcess: 'build scripts cannot start processes',
      WorkerThreads: 'build scripts cannot start worker threads',
    };
    return `access denied: ${what[e.permission ?? ''] ?? `${e.permission ?? 'operation'} is not allowed`}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** `load` imports the user's module, so errors at its top level are reported like the rest. */
export async function runBuild(load: () => Promise<Record<string, unknown>>, outFile: string): Promise<void> {
  let result: ChildResult;
  try {
    result = { ok: true, parts: await collect(await load()) };
  } catch (error) {
    result = { ok: false, error: describeError(error) };
  }
  fs.writeFileSync(outFile, JSON.stringify(result));
}
