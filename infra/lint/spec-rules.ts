// The suite's own rules, checked on each spec's syntax tree (pure; unit-tested):
//   every test has an @INT-xxx tag and a priority tag, with IDs and priorities from the catalog;
//   specs import nothing from services/ but the shared wire types;
//   specs never stub our own endpoints with page.route / context.route.
import path from 'node:path';
import ts from 'typescript';
import type { CatalogEntry } from './catalog.ts';

export interface Violation {
  file: string;
  line: number;
  rule: 'missing-int-tag' | 'missing-priority' | 'unknown-int-id' | 'priority-mismatch' | 'services-import' | 'internal-route-stub';
  message: string;
}

export interface SpecTest {
  file: string;
  line: number;
  title: string;
  ids: string[];
  priorities: string[];
}

/** Imports specs may take from services/: the contract's wire types, nothing that runs. */
const ALLOWED_SERVICE_IMPORTS = [/^services\/shared\/src\/schemas(\.ts)?$/];
const TEST_MODIFIERS = new Set(['only', 'skip', 'fixme', 'fail', 'slow']);
const INTERNAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\])$/;

export function lintSpec(
  file: string,
  text: string,
  catalog: ReadonlyMap<string, CatalogEntry>,
  repoRoot: string,
): { violations: Violation[]; tests: SpecTest[] } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const violations: Violation[] = [];
  const tests: SpecTest[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const report = (node: ts.Node, rule: Violation['rule'], message: string) =>
    violations.push({ file, line: lineOf(node), rule, message });

  const checkImport = (node: ts.Node, specifier: string) => {
    if (!specifier.startsWith('.')) return;
    const target = path.relative(repoRoot, path.resolve(path.dirname(path.resolve(repoRoot, file)), specifier));
    if (!target.startsWith(`services${path.sep}`) && target !== 'services') return;
    if (ALLOWED_SERVICE_IMPORTS.some((re) => re.test(target.split(path.sep).join('/')))) return;
    report(node, 'services-import', `imports "${specifier}" from services/: specs reach services over HTTP only (shared wire types: services/shared/src/schemas.ts)`);
  };

  const visit = (node: ts.Node, inherited: string[]) => {
    let tags = inherited;
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) checkImport(node, node.moduleSpecifier.text);
    if (ts.isCallExpression(node)) {
      const arg0 = node.arguments[0];
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword && arg0 && ts.isStringLiteralLike(arg0)) checkImport(node, arg0.text);
      const kind = testCallKind(node);
      if (kind === 'describe') {
        tags = [...inherited, ...tagsOf(node)];
      } else if (kind === 'test' && arg0 && ts.isStringLiteralLike(arg0)) {
        checkTest(node, arg0.text, [...inherited, ...tagsOf(node)]);
      }
      const method = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : undefined;
      if (method === 'route' || method === 'routeFromHAR' || method === 'routeWebSocket') {
        if (!isExternalUrl(arg0)) {
          report(node, 'internal-route-stub', `${method}() may only intercept external URLs (a literal http(s) URL to another host); our own services are tested for real`);
        }
      }
    }
    ts.forEachChild(node, (child) => visit(child, tags));
  };

  const checkTest = (node: ts.CallExpression, title: string, tags: string[]) => {
    const ids = [...new Set(tags.filter((t) => /^@INT-\d{3}$/.test(t)).map((t) => t.slice(1)))];
    const priorities = [...new Set(tags.filter((t) => /^@p[012]$/.test(t)).map((t) => t.slice(1)))];
    tests.push({ file, line: lineOf(node), title, ids, priorities });
    if (ids.length === 0) report(node, 'missing-int-tag', `test "${title}" has no @INT-xxx tag`);
    if (priorities.length === 0) report(node, 'missing-priority', `test "${title}" has no @p0/@p1/@p2 tag, so no project runs it`);
    for (const id of ids) {
      const entry = catalog.get(id);
      if (!entry) report(node, 'unknown-int-id', `test "${title}" names ${id}, which is not in specs/integration-tests.md`);
    }
    const known = ids.map((id) => catalog.get(id)).filter((e): e is CatalogEntry => !!e);
    if (known.length > 0 && priorities.length > 0 && !known.some((e) => priorities.includes(e.priority))) {
      report(node, 'priority-mismatch', `test "${title}" is tagged @${priorities.join(' @')} but the catalog gives ${known.map((e) => `${e.id} ${e.priority}`).join(', ')}`);
    }
  };

  visit(source, []);
  return { violations, tests };
}

/** 'test' for test(...) and test.only/skip/fixme/fail(...); 'describe' for test.describe(...). */
function testCallKind(node: ts.CallExpression): 'test' | 'describe' | undefined {
  let callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text === 'test' ? 'test' : undefined;
  const names: string[] = [];
  while (ts.isPropertyAccessExpression(callee)) {
    names.unshift(callee.name.text);
    callee = callee.expression;
  }
  if (!ts.isIdentifier(callee) || callee.text !== 'test') return undefined;
  if (names[0] === 'describe') return 'describe';
  return names.every((n) => TEST_MODIFIERS.has(n)) ? 'test' : undefined;
}

/** Tags from a details argument: `{ tag: '@x' }` or `{ tag: ['@x', '@y'] }`, and @tags in the title. */
function tagsOf(node: ts.CallExpression): string[] {
  const tags: string[] = [];
  const title = node.arguments[0];
  if (title && ts.isStringLiteralLike(title)) tags.push(...(title.text.match(/@[\w-]+/g) ?? []));
  for (const arg of node.arguments.slice(1)) {
    if (!ts.isObjectLiteralExpression(arg)) continue;
    for (const prop of arg.properties) {
      if (!ts.isPropertyAssignment(prop) || prop.name.getText() !== 'tag') continue;
      const value = prop.initializer;
      const items = ts.isArrayLiteralExpression(value) ? value.elements : [value];
      for (const item of items) if (ts.isStringLiteralLike(item)) tags.push(item.text);
    }
  }
  return tags;
}

function isExternalUrl(arg: ts.Expression | undefined): boolean {
  if (!arg || !ts.isStringLiteralLike(arg)) return false;
  let url: URL;
  try {
    url = new URL(arg.text);
  } catch {
    return false;
  }
  return /^https?:$/.test(url.protocol) && !url.hostname.includes('*') && !INTERNAL_HOST.test(url.hostname);
}
