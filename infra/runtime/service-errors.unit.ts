import { expect, test } from '@playwright/test';
import { findServiceErrors } from './service-errors.ts';

const json = (o: object) => JSON.stringify(o);

test('error and fatal lines, 5xx answers and uncaught exceptions are errors; info, warn and 4xx are not', () => {
  const log = [
    json({ level: 30, msg: 'request', status: 200 }),
    json({ level: 40, msg: 'request', status: 422 }),
    json({ level: 30, msg: 'request', status: 503, path: '/api/battles/:id/turns' }),
    json({ level: 50, msg: 'unhandled error' }),
    json({ level: 60, msg: 'fatal' }),
    '(node:123) DeprecationWarning: Calling client.query() when the client is already executing a query is deprecated',
    'TypeError: Cannot read properties of undefined (reading "x")',
    '    at main (file:///srv/main.mjs:10:5)',
    'listening',
  ].join('\n');
  expect(findServiceErrors('backend', log).map((e) => e.kind)).toEqual(['5xx response', 'error log', 'error log', 'uncaught exception']);
  expect(findServiceErrors('backend', log)[0]).toMatchObject({ service: 'backend', line: expect.stringContaining('"status":503') });
});

test('expected failure: nothing found in a clean log', () => {
  expect(findServiceErrors('x', `${json({ level: 30, msg: 'request', status: 404 })}\n\n`)).toEqual([]);
});
