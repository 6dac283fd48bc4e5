import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { keepSources, type SourceMapV3 } from './source-maps.ts';

test("only our sources stay mapped: their positions map as before, a dependency's map to nothing", async ({}, testInfo) => {
  const dir = testInfo.outputPath();
  fs.mkdirSync(path.join(dir, 'node_modules/lib'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules/lib/index.js'), "export function lib(x) {\n  return 'LIB_MARK' + x;\n}\n");
  fs.writeFileSync(path.join(dir, 'main.ts'), "import { lib } from 'lib';\nconst value: string = lib('a');\nconsole.log('OWN_MARK', value);\n");
  const result = await build({ entryPoints: [path.join(dir, 'main.ts')], bundle: true, format: 'esm', sourcemap: 'external', write: false, outfile: path.join(dir, 'out.mjs'), absWorkingDir: dir });
  const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!.text;
  const original = JSON.parse(result.outputFiles.find((f) => f.path.endsWith('.map'))!.text) as SourceMapV3;
  const filtered = keepSources(original, (source) => !source.includes('node_modules/'));

  expect(original.sources.some((s) => s.includes('node_modules/lib'))).toBe(true);
  expect(filtered.sources).toEqual(original.sources.filter((s) => !s.includes('node_modules/')));
  const at = (mark: string) => {
    const lines = code.split('\n');
    const line = lines.findIndex((l) => l.includes(mark));
    return [line, lines[line]!.indexOf(mark)] as const;
  };
  const before = new SourceMap(original as never);
  const after = new SourceMap(filtered as never);
  const own = at('OWN_MARK');
  expect(after.findEntry(...own)).toEqual(before.findEntry(...own));
  expect((after.findEntry(...own) as { originalSource?: string }).originalSource).toContain('main.ts');
  const dependency = at('LIB_MARK');
  expect((before.findEntry(...dependency) as { originalSource?: string }).originalSource).toContain('node_modules/lib');
  expect((after.findEntry(...dependency) as { originalSource?: string }).originalSource ?? '').not.toContain('node_modules');
  expect(filtered.mappings.length).toBeLessThan(original.mappings.length);
});
