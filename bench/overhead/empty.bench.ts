import { test } from '../../fixtures/workbench.ts';

const COUNT = Number(process.env.BENCH_TESTS ?? 1);

// Each test takes an API context (recorded), the session-log cursor and the stack, and does nothing.
for (let i = 0; i < COUNT; i++) {
  test(`empty API test ${i}`, async ({ controller }) => {
    void controller;
  });
}
