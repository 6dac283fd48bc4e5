import { Equal, ThumbsDown, ThumbsUp } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Battle, VoteValue } from '../api.ts';

export const VOTE_LABELS: Record<VoteValue, string> = {
  left_better: 'Left is better',
  right_better: 'Right is better',
  tie: 'Tie',
  both_bad: 'Both are bad',
};

const ICONS: Record<VoteValue, ReactNode> = {
  left_better: <ThumbsUp size={15} />,
  right_better: <ThumbsUp size={15} />,
  tie: <Equal size={15} />,
  both_bad: <ThumbsDown size={15} />,
};

interface Props {
  battle: Battle;
  /** Both replays were played to the end or scrubbed through. */
  watched: boolean;
  hasEpisodes: boolean;
  voting: boolean;
  error: string | null;
  onVote(v: VoteValue): void;
}

export function VotePanel({ battle, watched, hasEpisodes, voting, error, onVote }: Props) {
  const enabled = !battle.voted && hasEpisodes && watched && !voting;
  let hint: string;
  if (battle.voted) hint = 'This battle has its vote; the models are revealed. You can still run more turns.';
  else if (!hasEpisodes) hint = 'Run a turn, then watch both replays to vote.';
  else if (!watched) hint = 'Play or scrub both replays to the end to vote.';
  else hint = 'Which robot did better?';
  return (
    <div className="vote-panel" data-testid="vote-panel">
      <div className="vote-buttons" role="group" aria-label="Vote">
        {(Object.keys(VOTE_LABELS) as VoteValue[]).map((v) => (
          <button
            key={v}
            type="button"
            className={`secondary-button vote-button${battle.vote === v ? ' chosen' : ''}`}
            data-testid={`vote-${v}`}
            disabled={!enabled}
            aria-pressed={battle.vote === v}
            onClick={() => onVote(v)}
          >
            {ICONS[v]} {VOTE_LABELS[v]}
          </button>
        ))}
      </div>
      <p className="muted vote-hint" data-testid="vote-hint">
        {hint}
      </p>
      {battle.voted && battle.vote && (
        <p className="vote-result" data-testid="vote-result">
          Voted <strong>{VOTE_LABELS[battle.vote]}</strong>: left was <strong>{battle.left_model}</strong>, right was{' '}
          <strong>{battle.right_model}</strong>.
        </p>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="vote-error">
          {error}
        </p>
      )}
    </div>
  );
}
