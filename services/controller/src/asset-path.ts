// The asset proxy's upstream path (GET /episodes/{id}/assets/{path} → the light worker's /assets),
// rebuilt from checked segments, so no request can reach a worker route outside /assets.

/**
 * The upstream path for the raw (still percent-encoded) path after `/assets/`, or why it is
 * refused: `.`/`..` segments (raw or encoded), encoded separators, undecodable escapes.
 */
export function assetUpstreamPath(raw: string): { path: string } | { problem: string } {
  const segments: string[] = [];
  for (const segment of raw.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { problem: `the path segment "${segment}" is not valid percent-encoding` };
    }
    if (decoded === '.' || decoded === '..') return { problem: 'the path must not contain "." or ".." segments' };
    if (/[/\\\u0000]/.test(decoded)) return { problem: `the path segment "${segment}" encodes a separator or a NUL character` };
    if (decoded !== '') segments.push(encodeURIComponent(decoded));
  }
  if (!segments.length) return { problem: 'a file path is required after /assets/' };
  return { path: `/assets/${segments.join('/')}` };
}
