// Node parses a bundle's whole source map at start-up under --enable-source-maps (~250 ms of the
// controller's start for a 6 MB bundle, nearly all of it dependencies' mappings). Stack traces
// need our own code mapped, not the libraries': this keeps the mappings of the sources a
// predicate selects and marks the rest of each line unmapped (frames there show bundle lines).
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Map([...B64].map((c, i) => [c, i]));

function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = B64_VALUE.get(char);
    if (digit === undefined) throw new Error(`source map: "${char}" is not base64`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

function encodeValue(n: number): string {
  let value = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = value & 31;
    value >>>= 5;
    if (value > 0) digit |= 32;
    out += B64[digit];
  } while (value > 0);
  return out;
}

export interface SourceMapV3 {
  version: 3;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  [key: string]: unknown;
}

/** A copy of `map` with only the mappings (and sources) of the sources `keep` accepts. */
export function keepSources(map: SourceMapV3, keep: (source: string) => boolean): SourceMapV3 {
  const newIndex = new Map<number, number>();
  const sources: string[] = [];
  map.sources.forEach((source, i) => {
    if (keep(source)) {
      newIndex.set(i, sources.length);
      sources.push(source);
    }
  });
  // Absolute positions, as decoded (source, original line and column, name are deltas across lines).
  let src = 0;
  let line = 0;
  let col = 0;
  let name = 0;
  // What the output's deltas are relative to.
  let outSrc = 0;
  let outLine = 0;
  let outCol = 0;
  let outName = 0;
  const lines = map.mappings.split(';').map((text) => {
    let genCol = 0;
    let outGenCol = 0;
    let unmapped = true; // the line starts unmapped
    const kept: string[] = [];
    for (const segment of text ? text.split(',') : []) {
      const v = decodeSegment(segment);
      genCol += v[0]!;
      if (v.length >= 4) {
        src += v[1]!;
        line += v[2]!;
        col += v[3]!;
        if (v.length >= 5) name += v[4]!;
      }
      const target = v.length >= 4 ? newIndex.get(src) : undefined;
      if (target === undefined) {
        // Dropped (or unmapped already): from here the line maps to nothing, said once.
        if (!unmapped) {
          kept.push(encodeValue(genCol - outGenCol));
          outGenCol = genCol;
        }
        unmapped = true;
        continue;
      }
      let out = encodeValue(genCol - outGenCol) + encodeValue(target - outSrc) + encodeValue(line - outLine) + encodeValue(col - outCol);
      if (v.length >= 5) {
        out += encodeValue(name - outName);
        outName = name;
      }
      kept.push(out);
      outGenCol = genCol;
      outSrc = target;
      outLine = line;
      outCol = col;
      unmapped = false;
    }
    return kept.join(',');
  });
  const filtered: SourceMapV3 = { ...map, sources, mappings: lines.join(';') };
  if (map.sourcesContent) filtered.sourcesContent = map.sourcesContent.filter((_c, i) => newIndex.has(i));
  return filtered;
}
