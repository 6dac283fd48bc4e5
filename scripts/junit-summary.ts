// Prints "N passed, N failed" (and skipped) from a JUnit report, for CI's closing line.
import fs from 'node:fs';

const [file, label] = process.argv.slice(2);
if (!file || !fs.existsSync(file)) {
  console.log(`${label ? `${label}: ` : ''}0 passed, 1 failed (no report at ${file})`);
  process.exit(0);
}
const xml = fs.readFileSync(file, 'utf8');
const root = /<testsuites\b([^>]*)>/.exec(xml)?.[1] ?? '';
const attr = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root)?.[1] ?? 0);
const tests = attr('tests');
const failed = attr('failures') + attr('errors');
const skipped = attr('skipped');
console.log(`${label ? `${label}: ` : ''}${tests - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
