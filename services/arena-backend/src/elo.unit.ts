import { test, expect } from '@playwright/test';
import { applyVote, confidenceInterval, expectedScore, freshStats, scores, winRate, type Stats, type Vote } from './elo.ts';

test('expected score follows 1/(1+10^((Rb-Ra)/400))', () => {
  expect(expectedScore(1500, 1500)).toBe(0.5);
  expect(expectedScore(1900, 1500)).toBeCloseTo(10 / 11, 12);
  expect(expectedScore(1500, 1900)).toBeCloseTo(1 / 11, 12);
  expect(expectedScore(1600, 1500) + expectedScore(1500, 1600)).toBeCloseTo(1, 12);
});

test('scores per vote value', () => {
  expect(scores('left_better')).toEqual([1, 0]);
  expect(scores('right_better')).toEqual([0, 1]);
  expect(scores('tie')).toEqual([0.5, 0.5]);
  expect(scores('both_bad')).toEqual([0.25, 0.25]);
});

test('a known sequence of votes, worked by hand', () => {
  // Models A (always left) and B (always right), both from 1500.
  let a: Stats = freshStats();
  let b: Stats = freshStats();
  const step = (vote: Vote) => ([a, b] = applyVote(a, b, vote));

  // 1. left_better at 1500/1500: E = 0.5 each; A += 32·0.5 = 16, B −= 16.
  step('left_better');
  expect(a.elo).toBeCloseTo(1516, 10);
  expect(b.elo).toBeCloseTo(1484, 10);

  // 2. tie at 1516/1484: E_A = 1/(1+10^(−32/400)) = 0.5459219; A += 32·(0.5 − 0.5459219) = −1.469502
  step('tie');
  expect(expectedScore(1516, 1484)).toBeCloseTo(0.5459219, 7);
  expect(a.elo).toBeCloseTo(1514.530498, 5);
  expect(b.elo).toBeCloseTo(1485.469502, 5);

  // 3. both_bad, each scores ¼: E_A = 0.5417249, so A += 32·(0.25 − 0.5417249) = −9.335196 and
  // B += 32·(0.25 − 0.4582751) = −6.664804: both lose, the favourite more.
  step('both_bad');
  expect(a.elo).toBeCloseTo(1505.195302, 5);
  expect(b.elo).toBeCloseTo(1478.804698, 5);

  // 4. right_better: E_B = 1 − 0.5379063; B += 32·0.5379063 = 17.212996, A −= the same.
  step('right_better');
  expect(a.elo).toBeCloseTo(1487.982302, 5);
  expect(b.elo).toBeCloseTo(1496.017698, 5);

  expect(a).toMatchObject({ vote_count: 4, wins: 1, losses: 2, ties: 1 });
  expect(b).toMatchObject({ vote_count: 4, wins: 1, losses: 2, ties: 1 });
  expect(winRate(a)).toBe(0.25);
});

test('applyVote does not change its inputs', () => {
  const a = freshStats();
  const b = freshStats();
  applyVote(a, b, 'left_better');
  expect(a).toEqual(freshStats());
  expect(b).toEqual(freshStats());
});

test('confidence interval is 1.96·400/√n', () => {
  expect(confidenceInterval(0)).toBeNull();
  expect(confidenceInterval(1)).toBeCloseTo(784, 10);
  expect(confidenceInterval(4)).toBeCloseTo(392, 10);
  expect(confidenceInterval(100)).toBeCloseTo(78.4, 10);
  expect(winRate({ wins: 0, vote_count: 0 })).toBe(0);
});
