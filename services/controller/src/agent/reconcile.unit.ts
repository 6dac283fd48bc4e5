import { test, expect } from '@playwright/test';
import { reconcile } from './reconcile.ts';

const V = 'episode-2';

test('a pending workflow of this version resumes; a cancelled one makes the episode cancelled', () => {
  expect(reconcile('w1', { status: 'PENDING', application_version: V }, V)).toEqual({ action: 'resume' });
  expect(reconcile('w1', { status: 'ENQUEUED', application_version: V }, V)).toEqual({ action: 'resume' });
  expect(reconcile('w1', { status: 'CANCELLED', application_version: V }, V)).toMatchObject({ action: 'cancelled', reason: expect.stringContaining('w1 was cancelled') });
});

test('expected failure: no workflow, another version, or an end never recorded → failed with the reason', () => {
  expect(reconcile('w1', undefined, V)).toEqual({ action: 'failed', reason: "the controller stopped before the episode's workflow w1 started", cancelWorkflow: false });
  expect(reconcile('w1', { status: 'PENDING', application_version: 'abc123' }, V)).toEqual({
    action: 'failed',
    reason: 'workflow w1 belongs to controller version abc123; this controller (episode-2) cannot resume it',
    cancelWorkflow: true,
  });
  for (const status of ['ERROR', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED', 'SUCCESS']) {
    expect(reconcile('w1', { status, application_version: V }, V)).toMatchObject({ action: 'failed', reason: `workflow w1 ended ${status} without recording the episode's end` });
  }
});
