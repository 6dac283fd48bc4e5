import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { appendEvent, EVENTS_FILE, eventsOffset, parseEvents, readNewEvents } from './events.ts';

test('events appended after an offset are read back; foreign lines are skipped', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'events-unit-'));
  expect(await eventsOffset(root)).toBe(0);
  expect(await readNewEvents(root, 0)).toEqual({ events: [], truncated: false });
  await appendEvent(root, { event_type: 'old' });
  const offset = await eventsOffset(root);
  const added = await appendEvent(root, { event_type: 'simulation_request', seed: 3 });
  fs.appendFileSync(path.join(root, EVENTS_FILE), 'not json\n[1]\n{"no_type":1}\n');
  expect(added.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect((await readNewEvents(root, offset)).events).toEqual([added]);
  fs.writeFileSync(path.join(root, EVENTS_FILE), '{"event_type":"rewritten"}\n'); // shrank: all of it is new
  expect((await readNewEvents(root, offset)).events.map((e) => e.event_type)).toEqual(['rewritten']);
  expect(parseEvents('{"event_type":"a"}\n{"event_type":')).toEqual([{ event_type: 'a' }]);
  fs.rmSync(root, { recursive: true, force: true });
});
