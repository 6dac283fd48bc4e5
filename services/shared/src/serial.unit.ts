import { expect, test } from '@playwright/test';
import { SerialByKey } from './serial.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('tasks of one key run one after another in call order; other keys do not wait', async () => {
  const serial = new SerialByKey();
  const log: string[] = [];
  const task = (name: string) => async () => {
    log.push(`${name} start`);
    await tick();
    log.push(`${name} end`);
    return name;
  };
  const results = await Promise.all([serial.run('a', task('a1')), serial.run('a', task('a2')), serial.run('b', task('b1'))]);
  expect(results).toEqual(['a1', 'a2', 'b1']);
  expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
  expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
});

test('expected failure: a failing task rejects its own caller only, and the next task of its key still runs', async () => {
  const serial = new SerialByKey();
  const failed = serial.run('a', async () => {
    throw new Error('boom');
  });
  const next = serial.run('a', async () => 'ran');
  await expect(failed).rejects.toThrow('boom');
  expect(await next).toBe('ran');
});
