import { ThumbsDown, ThumbsUp } from 'lucide-react';
import { useState } from 'react';
import type { Episode } from '../api/types.ts';
import { useSession } from '../session/SessionContext.tsx';
import { lastAssistantTrace } from './conversation.ts';
import { FeedbackModal } from './FeedbackModal.tsx';

/** Thumbs up/down on the finished run's last answer. */
export function FeedbackBar({ episode }: { episode: Episode }) {
  const { live } = useSession();
  const [score, setScore] = useState<0 | 1 | null>(null);
  const trace = lastAssistantTrace(episode.traces);
  if (!trace) return null;
  const given = trace.feedback_score;
  return (
    <div className="feedback-bar" aria-label="Rate this answer" role="group">
      <span className="muted">Was this helpful?</span>
      <button type="button" className="icon-button" data-testid="sidebar-thumbs-up" aria-label="Thumbs up" aria-pressed={given === 1} onClick={() => setScore(1)}>
        <ThumbsUp size={15} aria-hidden />
      </button>
      <button type="button" className="icon-button" data-testid="sidebar-thumbs-down" aria-label="Thumbs down" aria-pressed={given === 0} onClick={() => setScore(0)}>
        <ThumbsDown size={15} aria-hidden />
      </button>
      {score !== null && <FeedbackModal episodeId={episode.id} trace={trace} score={score} onClose={(sent) => {
            setScore(null);
            if (sent) live.refresh();
          }} />}
    </div>
  );
}
