// Bundles each service once per source change: a content hash of the sources decides.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT, STACK_DIR } from '../paths.ts';
import type { BuildTarget } from '../stacks/types.ts';
import { keepSources, type SourceMapV3 } from './source-maps.ts';

function hashSources(target: BuildTarget): string {
  const hash = crypto.createHash('sha256');
  const visit = (abs: string) => {
    const stat = fs.statSync(abs);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) {
        if (name === 'dist' || name === 'node_modules') continue;
        visit(path.join(abs, name));
      }
    } else {
      hash.update(path.relative(REPO_ROOT, abs)).update('\0').update(fs.readFileSync(abs)).update('\0');
    }
  };
  // This file too: a change to how bundles are made rebuilds them.
  for (const source of [...target.sources, 'package-lock.json', 'infra/runtime/build.ts', 'infra/runtime/source-maps.ts']) visit(path.join(REPO_ROOT, source));
  return hash.digest('hex');
}

export interface BuildReport {
  built: string[];
  cached: string[];
}

/** One hash file per target: two stacks prepared at once never race on a shared file. */
const hashFileOf = (target: BuildTarget) => path.join(STACK_DIR, 'builds', `${target.output.replace(/[/\\]/g, '_')}.sha256`);

function readHash(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // never built here
  }
}

export async function buildTargets(targets: BuildTarget[]): Promise<BuildReport> {
  const report: BuildReport = { built: [], cached: [] };
  fs.mkdirSync(path.join(STACK_DIR, 'builds'), { recursive: true });
  await Promise.all(
    targets.map(async (target) => {
      const digest = hashSources(target);
      const output = path.join(REPO_ROOT, target.output);
      const hashFile = hashFileOf(target);
      if (readHash(hashFile) === digest && fs.existsSync(output)) {
        report.cached.push(target.output);
        return;
      }
      if (target.kind === 'vite') await buildVite(target.root, output);
      else await buildBundle(target.entry, output);
      fs.writeFileSync(hashFile, digest);
      report.built.push(target.output);
    }),
  );
  return report;
}

const BUNDLE_EXTERNALS = ['manifold-3d', '@dimforge/rapier3d-compat', 'mujoco-js', 'esbuild', 'pg-native', '@opentelemetry/*'];

async function buildBundle(entry: string, outfile: string): Promise<void> {
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies are bundled too: resolving and loading hundreds of package files was half of
    // every service's start-up (~1.2 s → ~0.6 s). Kept out: packages that load files of their own
    // by relative path (WebAssembly, the bundler itself) and optional ones we never install.
    external: BUNDLE_EXTERNALS,
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    // Stack traces point at our TypeScript; the sources themselves stay on disk, out of the map,
    // and so do the dependencies' mappings (Node parses the whole map at start-up, see source-maps.ts).
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    write: false,
  });
  // Temp file + rename: a concurrent run starting this service never reads half a bundle.
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    const contents = file.path.endsWith('.map')
      ? JSON.stringify(keepSources(JSON.parse(file.text) as SourceMapV3, (source) => !source.includes('node_modules/')))
      : file.contents;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file.path);
  }
}

/** Vite builds into a temp dir that replaces the old one whole. */
async function buildVite(root: string, outDir: string): Promise<void> {
  const { build: viteBuild } = await import('vite');
  const tmp = `${outDir}.${process.pid}.tmp`;
  await viteBuild({
    configFile: path.join(REPO_ROOT, root, 'vite.config.ts'),
    build: { outDir: tmp, emptyOutDir: true },
    logLevel: 'warn',
  });
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(tmp, outDir);
}
