// Bundles each service once per source change: a content hash of the sources decides.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT, STACK_DIR } from '../paths.ts';
import type { BuildTarget } from '../stacks/types.ts';

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
  for (const source of [...target.sources, 'package-lock.json']) visit(path.join(REPO_ROOT, source));
  return hash.digest('hex');
}

export interface BuildReport {
  built: string[];
  cached: string[];
}

export async function buildTargets(targets: BuildTarget[]): Promise<BuildReport> {
  const hashFile = path.join(STACK_DIR, 'build-hashes.json');
  let known: Record<string, string> = {};
  try {
    known = JSON.parse(fs.readFileSync(hashFile, 'utf8'));
  } catch {
    // first build
  }
  const report: BuildReport = { built: [], cached: [] };
  await Promise.all(
    targets.map(async (target) => {
      const digest = hashSources(target);
      const outfile = path.join(REPO_ROOT, target.outfile);
      if (known[target.outfile] === digest && fs.existsSync(outfile)) {
        report.cached.push(target.outfile);
        return;
      }
      const result = await build({
        entryPoints: [path.join(REPO_ROOT, target.entry)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        sourcemap: true,
        logLevel: 'warning',
        write: false,
      });
      // Temp file + rename: a concurrent run starting this service never reads half a bundle.
      fs.mkdirSync(path.dirname(outfile), { recursive: true });
      for (const file of result.outputFiles) {
        const tmp = `${file.path}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, file.contents);
        fs.renameSync(tmp, file.path);
      }
      known[target.outfile] = digest;
      report.built.push(target.outfile);
    }),
  );
  fs.mkdirSync(STACK_DIR, { recursive: true });
  fs.writeFileSync(hashFile, JSON.stringify(known, null, 2));
  return report;
}
