import { expect, test } from '@playwright/test';
import { parseTraceparent, traceIdOf, traceparent } from './trace-context.ts';

test('an episode UUID is its run trace ID; traceparent headers round-trip with a fresh span each', () => {
  const id = '7337A330-3107-4932-bbc4-30a63573c05e';
  expect(traceIdOf(id)).toBe('7337a33031074932bbc430a63573c05e');
  const a = traceparent(traceIdOf(id));
  const b = traceparent(traceIdOf(id));
  expect(a).toMatch(/^00-7337a33031074932bbc430a63573c05e-[0-9a-f]{16}-01$/);
  expect(a).not.toBe(b);
  expect(parseTraceparent(a)).toEqual({ trace_id: traceIdOf(id), parent_id: a.split('-')[2] });
});

test('expected failure: invalid trace context is ignored, not half-read', () => {
  for (const bad of [undefined, 42, '', '01-7337a33031074932bbc430a63573c05e-00f067aa0ba902b7-01', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', '00-7337a33031074932bbc430a63573c05e-0000000000000000-01', '00-7337A33031074932BBC430A63573C05E-00f067aa0ba902b7-01', '00-7337a330-00f067aa0ba902b7-01']) {
    expect(parseTraceparent(bad), String(bad)).toBeUndefined();
  }
  expect(() => traceIdOf('not-a-uuid')).toThrow('"not-a-uuid" is not an episode UUID');
  expect(() => traceIdOf('00000000-0000-0000-0000-000000000000')).toThrow('is not an episode UUID');
});
