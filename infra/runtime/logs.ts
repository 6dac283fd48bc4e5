import fs from 'node:fs';

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The last `count` lines of a file (reads at most the last 64 KiB). */
export function tailLines(file: string, count: number): string {
  const size = sizeOf(file);
  if (size === 0) return '(empty log)';
  const start = Math.max(0, size - 64 * 1024);
  return readRange(file, start, size).split('\n').filter(Boolean).slice(-count).join('\n');
}

function readRange(file: string, start: number, end: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    fs.readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Marks where a set of log files end now, to read what is written after. */
export class LogCursor {
  private readonly offsets: Map<string, number>;

  constructor(files: Iterable<string>) {
    this.offsets = new Map([...files].map((f) => [f, sizeOf(f)]));
  }

  /** What each file gained since the mark (capped at the last 256 KiB per file). */
  since(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [file, offset] of this.offsets) {
      const size = sizeOf(file);
      if (size > offset) out.set(file, readRange(file, Math.max(offset, size - 256 * 1024), size));
    }
    return out;
  }
}
