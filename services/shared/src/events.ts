// The session's event stream: JSON lines in `<session root>/events.jsonl`, appended by executed
// code and by the workers (`{event_type, timestamp, …}`). A worker notes the stream's size before
// an operation (`eventsOffset`) and returns what was appended after it (`readNewEvents`, capped).
import { constants as fsConstants } from 'node:fs';
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

/** The current size of `events.jsonl` in bytes (0 when it does not exist yet or is not a file). */
export async function eventsOffset(root: string): Promise<number> {
  try {
    const stat = await fs.lstat(path.join(root, EVENTS_FILE));
    return stat.isFile() ? stat.size : 0;
  } catch {
    return 0;
  }
}

/** How much of the new tail one response returns; the file itself keeps everything. */
export const MAX_RETURNED_EVENTS = 1000;
export const MAX_RETURNED_EVENT_BYTES = 1024 * 1024;

export interface NewEvents {
  events: WorkbenchEvent[];
  /** True when more was appended than the limits allow: the first events are returned. */
  truncated: boolean;
  /** Set when `events.jsonl` exists but could not be read (e.g. code made it a folder). */
  error?: string;
}

/**
 * Events appended since `offset` (from `eventsOffset`), at most `maxEvents` events taken from
 * at most `maxBytes` of the file. When the file shrank (rewritten by code), all of it counts as
 * new. Lines that are not JSON objects with a string `event_type` are skipped; a missing
 * `timestamp` stays missing rather than being invented. Never throws: code controls this file,
 * so whatever it did to it is reported in `error` instead of failing the caller's operation.
 */
export async function readNewEvents(
  root: string,
  offset = 0,
  { maxEvents = MAX_RETURNED_EVENTS, maxBytes = MAX_RETURNED_EVENT_BYTES } = {},
): Promise<NewEvents> {
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: a FIFO must not hang the worker; O_NOFOLLOW: never read through a link.
    handle = await fs.open(path.join(root, EVENTS_FILE), fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { events: [], truncated: false };
    return { events: [], truncated: false, error: unreadable(code === 'ELOOP' ? 'it is a symbolic link' : `${code ?? (error as Error).message}`) };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { events: [], truncated: false, error: unreadable(`it is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}`) };
    const start = stat.size < offset ? 0 : offset;
    const available = stat.size - start;
    const buffer = Buffer.alloc(Math.min(available, maxBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.subarray(0, bytesRead).toString('utf8');
    let truncated = available > maxBytes;
    // A line cut by the byte limit is not an event: keep whole lines only.
    if (truncated) text = text.slice(0, text.lastIndexOf('\n') + 1);
    const events = parseEvents(text);
    if (events.length > maxEvents) {
      events.length = maxEvents;
      truncated = true;
    }
    return { events, truncated };
  } catch (error) {
    return { events: [], truncated: false, error: unreadable((error as NodeJS.ErrnoException).code ?? (error as Error).message) };
  } finally {
    await handle.close();
  }
}

function unreadable(reason: string): string {
  return `${EVENTS_FILE} could not be read: ${reason}; no events were returned`;
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
