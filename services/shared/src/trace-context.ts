// W3C Trace Context (https://www.w3.org/TR/trace-context/): one trace per run. A run's trace ID
// is its episode UUID's 32 hex digits, so the episode ID, the DBOS workflow ID and the trace ID
// name the same run and any of them finds the others; each request the run makes is a span.
import crypto from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The run-level trace ID of an episode (its UUID without dashes, lowercase). */
export function traceIdOf(episodeId: string): string {
  const hex = episodeId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex) || /^0+$/.test(hex)) throw new Error(`"${episodeId}" is not an episode UUID`);
  return hex;
}

/** A `traceparent` header for a new span of the trace (sampled). */
export function traceparent(traceId: string, spanId = crypto.randomBytes(8).toString('hex')): string {
  return `00-${traceId}-${spanId}-01`;
}

/** The trace and parent span of a valid `traceparent` header; undefined for anything else (the spec says: ignore it). */
export function parseTraceparent(header: unknown): { trace_id: string; parent_id: string } | undefined {
  if (typeof header !== 'string') return undefined;
  const m = TRACEPARENT.exec(header.trim());
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return undefined;
  return { trace_id: m[1]!, parent_id: m[2]! };
}
