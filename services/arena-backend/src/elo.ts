// The arena's rating rules, pure: ELO from 1500 with K = 32; a vote's scores are left_better
// 1/0, right_better 0/1, tie ½/½, both_bad ¼/¼ (both lose a little against expectation, so the
// pair's total is not conserved). Counts: a win or a loss for a decided vote, a tie for tie;
// both_bad counts as a loss for both. win_rate = wins / votes; ci = 1.96·400/√votes.

export const VOTES = ['left_better', 'right_better', 'tie', 'both_bad'] as const;
export type Vote = (typeof VOTES)[number];

export const INITIAL_ELO = 1500;
export const K = 32;

export interface Stats {
  elo: number;
  vote_count: number;
  wins: number;
  losses: number;
  ties: number;
}

export const freshStats = (): Stats => ({ elo: INITIAL_ELO, vote_count: 0, wins: 0, losses: 0, ties: 0 });

/** Expected score of a player rated `ra` against one rated `rb`. */
export function expectedScore(ra: number, rb: number): number {
  return 1 / (1 + 10 ** ((rb - ra) / 400));
}

export function scores(vote: Vote): [left: number, right: number] {
  switch (vote) {
    case 'left_better':
      return [1, 0];
    case 'right_better':
      return [0, 1];
    case 'tie':
      return [0.5, 0.5];
    case 'both_bad':
      return [0.25, 0.25];
  }
}

type Outcome = 'win' | 'loss' | 'tie';
function outcomes(vote: Vote): [Outcome, Outcome] {
  switch (vote) {
    case 'left_better':
      return ['win', 'loss'];
    case 'right_better':
      return ['loss', 'win'];
    case 'tie':
      return ['tie', 'tie'];
    case 'both_bad':
      return ['loss', 'loss'];
  }
}

function count(s: Stats, o: Outcome, elo: number): Stats {
  return {
    elo,
    vote_count: s.vote_count + 1,
    wins: s.wins + (o === 'win' ? 1 : 0),
    losses: s.losses + (o === 'loss' ? 1 : 0),
    ties: s.ties + (o === 'tie' ? 1 : 0),
  };
}

/** Both models' stats after one vote; both ratings move from their values before it. */
export function applyVote(left: Stats, right: Stats, vote: Vote): [Stats, Stats] {
  const [sl, sr] = scores(vote);
  const el = expectedScore(left.elo, right.elo);
  const er = expectedScore(right.elo, left.elo);
  const [ol, or] = outcomes(vote);
  return [count(left, ol, left.elo + K * (sl - el)), count(right, or, right.elo + K * (sr - er))];
}

export function winRate(s: Pick<Stats, 'wins' | 'vote_count'>): number {
  return s.vote_count ? s.wins / s.vote_count : 0;
}

/** Half-width of the 95 % interval on the rating, in ELO points; null without votes. */
export function confidenceInterval(voteCount: number): number | null {
  return voteCount > 0 ? (1.96 * 400) / Math.sqrt(voteCount) : null;
}

/** The leaderboard lists models with at least this many votes. */
export const LEADERBOARD_MIN_VOTES = 5;
