// `npm run lint:suite`: the suite's own rules (see infra/lint/spec-rules.ts) plus catalog
// coverage. Exits 1 on any violation.
import fs from 'node:fs';
import path from 'node:path';
import { isDeferred, parseCatalog, type CatalogEntry } from '../lint/catalog.ts';
import { lintSpec, type SpecTest, type Violation } from '../lint/spec-rules.ts';
import { REPO_ROOT } from '../paths.ts';

const SPEC_DIRS = ['api', 'e2e'];
/** One catalog per stack (`specs/*.md`); IDs are unique across them. */
const CATALOGS = fs.readdirSync(path.join(REPO_ROOT, 'specs')).filter((f) => f.endsWith('.md')).sort().map((f) => `specs/${f}`);

function specFiles(dir: string): string[] {
  const abs = path.join(REPO_ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.spec.ts'))
    .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)))
    .sort();
}

const catalogOf = new Map<string, string>();
const catalog = new Map<string, CatalogEntry>();
for (const file of CATALOGS) {
  for (const [id, entry] of parseCatalog(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))) {
    if (catalog.has(id)) throw new Error(`${id} is listed in both ${catalogOf.get(id)} and ${file}`);
    catalog.set(id, entry);
    catalogOf.set(id, file);
  }
}
const violations: (Violation | { file: string; line: number; rule: string; message: string })[] = [];
const tests: SpecTest[] = [];
for (const file of SPEC_DIRS.flatMap(specFiles)) {
  const result = lintSpec(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'), catalog, REPO_ROOT);
  violations.push(...result.violations);
  tests.push(...result.tests);
}

// The catalog's status column must tell the truth in both directions.
const filesById = new Map<string, Set<string>>();
for (const t of tests) for (const id of t.ids) filesById.set(id, (filesById.get(id) ?? new Set()).add(t.file));
for (const entry of catalog.values()) {
  const files = filesById.get(entry.id);
  if (isDeferred(entry)) {
    if (files) violations.push({ file: catalogOf.get(entry.id)!, line: 0, rule: 'catalog-stale', message: `${entry.id} is marked deferred but tested in ${[...files].join(', ')}` });
  } else {
    // "api/x.spec.ts" or "api/x.spec.ts — a note on what part it covers"
    const named = entry.status.split(/\s/)[0]!;
    if (!files?.has(named)) {
      violations.push({ file: catalogOf.get(entry.id)!, line: 0, rule: 'catalog-stale', message: `${entry.id} names "${named}", which has no test tagged @${entry.id}` });
    }
  }
}

console.log(`Suite lint: ${tests.length} tests in ${new Set(tests.map((t) => t.file)).size} spec files\n`);
console.log(`Catalog coverage (${CATALOGS.join(', ')}):`);
for (const priority of ['p0', 'p1', 'p2'] as const) {
  const entries = [...catalog.values()].filter((e) => e.priority === priority);
  const covered = entries.filter((e) => filesById.has(e.id));
  const deferred = entries.filter(isDeferred);
  console.log(`  ${priority}: ${covered.length}/${entries.length} covered, ${deferred.length} deferred`);
}
const covered = [...catalog.keys()].filter((id) => filesById.has(id));
console.log(`  all: ${covered.length}/${catalog.size} covered (${covered.join(', ') || 'none'})\n`);

if (violations.length > 0) {
  for (const v of violations) console.log(`✗ ${v.file}${v.line ? `:${v.line}` : ''} [${v.rule}] ${v.message}`);
  console.log(`\n${violations.length} violation(s)`);
  process.exit(1);
}
console.log('✓ no violations');
