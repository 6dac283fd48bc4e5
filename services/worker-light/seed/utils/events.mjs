// Appends workbench events to the session's events.jsonl; runtime/execute returns them.
import { appendFileSync } from 'node:fs';

export function emit(event_type, fields = {}) {
  const event = { event_type, timestamp: new Date().toISOString(), ...fields };
  appendFileSync('events.jsonl', `${JSON.stringify(event)}\n`);
  return event;
}
