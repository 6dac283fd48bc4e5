// fs/grep: walk the session (no symlinks, no caches, no binaries), then match lines in a worker
// thread with a deadline, so a catastrophic regular expression cannot stall the service.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isTempName, WorkspaceError } from '../../shared/src/workspace.ts';
import { globMatcher } from './glob.ts';
import { SKIPPED_DIRS } from './bundle.ts';

export const MAX_MATCHES = 1000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_FILES = 20_000;
const MAX_LINE_CHARS = 2000;
const DEADLINE_MS = 10_000;

export interface GrepMatch {
  path: string;
  line: number;
  text: string;
}

/** `files`: [display path, absolute path]; runs inside the worker thread (self-contained). */
const MATCHER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { pattern, files, maxMatches, maxLine } = workerData;
const re = new RegExp(pattern);
const matches = [];
let truncated = false;
outer: for (const [display, abs] of files) {
  let buf;
  try { buf = fs.readFileSync(abs); } catch { continue; }
  if (buf.subarray(0, 8192).includes(0)) continue;
  const lines = buf.toString('utf8').split('\\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].length > maxLine ? lines[i].slice(0, maxLine) : lines[i];
    if (re.test(line)) {
      if (matches.length >= maxMatches) { truncated = true; break outer; }
      matches.push({ path: display, line: i + 1, text: line.replace(/\\r$/, '') });
    }
  }
}
parentPort.postMessage({ matches, truncated });
`;

export async function grep(
  start: { abs: string; rel: string },
  pattern: string,
  glob: string | undefined,
): Promise<{ matches: GrepMatch[]; truncated: boolean }> {
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new WorkspaceError(400, 'invalid_pattern', `pattern is not a valid regular expression: ${(error as Error).message}`, 'pattern');
  }
  const matchesGlob = globMatcher(glob);
  const files: [string, string][] = [];
  const visit = async (abs: string, rel: string, relToStart: string): Promise<void> => {
    const stat = await fs.lstat(abs);
    if (stat.isFile()) {
      if (stat.size <= MAX_FILE_BYTES && matchesGlob(relToStart || path.posix.basename(rel)) && files.length < MAX_FILES) {
        files.push([`/${rel}`, abs]);
      }
      return;
    }
    if (!stat.isDirectory()) return; // symlinks are not followed
    for (const entry of (await fs.readdir(abs)).sort()) {
      if (SKIPPED_DIRS.has(entry) || isTempName(entry)) continue;
      const childRel = rel ? `${rel}/${entry}` : entry;
      await visit(path.join(abs, entry), childRel, relToStart ? `${relToStart}/${entry}` : entry);
    }
  };
  try {
    await visit(start.abs, start.rel, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new WorkspaceError(404, 'not_found', `path "/${start.rel}" does not exist`, 'path');
    }
    throw error;
  }
  return runMatcher(pattern, files);
}

function runMatcher(pattern: string, files: [string, string][]): Promise<{ matches: GrepMatch[]; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(MATCHER_SOURCE, {
      eval: true,
      workerData: { pattern, files, maxMatches: MAX_MATCHES, maxLine: MAX_LINE_CHARS },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new WorkspaceError(422, 'pattern_too_slow', `pattern did not finish within ${DEADLINE_MS / 1000} s; simplify the regular expression`, 'pattern'));
    }, DEADLINE_MS);
    worker.once('message', (result) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
