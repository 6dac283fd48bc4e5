// The session's event stream: JSON lines in `<session root>/events.jsonl`, appended by executed
// code and by the workers (`{event_type, timestamp, …}`). A worker notes the stream's size before
// an operation (`eventsOffset`) and returns what was appended after it (`readEventsSince`).
import fs from 'node:fs/promises';
import path from 'node:path';

export const EVENTS_FILE = 'events.jsonl';

export interface WorkbenchEvent {
  event_type: string;
  /** ISO 8601; `appendEvent` fills it in when missing. */
  timestamp: string;
  [key: string]: unknown;
}

/** Appends one event as one line (a single O_APPEND write, so concurrent writers don't interleave). */
export async function appendEvent(
  root: string,
  event: { event_type: string; timestamp?: string; [key: string]: unknown },
): Promise<WorkbenchEvent> {
  const full: WorkbenchEvent = { ...event, event_type: event.event_type, timestamp: event.timestamp ?? new Date().toISOString() };
  await fs.appendFile(path.join(root, EVENTS_FILE), `${JSON.stringify(full)}\n`);
  return full;
}

/** The current size of `events.jsonl` in bytes (0 when it does not exist yet). */
export async function eventsOffset(root: string): Promise<number> {
  try {
    return (await fs.stat(path.join(root, EVENTS_FILE))).size;
  } catch {
    return 0;
  }
}

/**
 * Events appended since `offset` (from `eventsOffset`). When the file shrank (rewritten by
 * code), all of it counts as new. Lines that are not JSON objects with a string `event_type`
 * are skipped; a missing `timestamp` stays missing rather than being invented.
 */
export async function readEventsSince(root: string, offset = 0): Promise<WorkbenchEvent[]> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path.join(root, EVENTS_FILE), 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const start = size < offset ? 0 : offset;
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    return parseEvents(buffer.toString('utf8'));
  } finally {
    await handle.close();
  }
}

/** Parses JSON lines, keeping objects that carry a string `event_type`. */
export function parseEvents(text: string): WorkbenchEvent[] {
  const events: WorkbenchEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { event_type?: unknown }).event_type === 'string') {
        events.push(value as WorkbenchEvent);
      }
    } catch {
      // a partial or foreign line: not an event
    }
  }
  return events;
}
