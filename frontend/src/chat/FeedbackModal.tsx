import { useEffect, useRef, useState } from 'react';
import { useController } from '../api/ControllerContext.tsx';
import type { Trace } from '../api/types.ts';

export const FEEDBACK_TOPICS = ['Misinterpretation', "Doesn't follow instructions", 'Technical Error', 'Poor Design', 'Other'] as const;

/** `[Topic, Topic] text` — what the controller stores as the trace's feedback comment. */
export function feedbackComment(topics: string[], text: string): string {
  const head = topics.length ? `[${topics.join(', ')}]` : '';
  return [head, text.trim()].filter(Boolean).join(' ');
}

export function FeedbackModal({ episodeId, trace, score, onClose }: { episodeId: string; trace: Trace; score: 0 | 1; onClose: (sent: boolean) => void }) {
  const client = useController();
  const dialog = useRef<HTMLDialogElement>(null);
  const [topics, setTopics] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [state, setState] = useState<{ phase: 'edit' | 'sending' | 'sent'; error?: string }>({ phase: 'edit' });

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const toggle = (topic: string) => setTopics((t) => (t.includes(topic) ? t.filter((x) => x !== topic) : [...t, topic]));
  const send = async () => {
    setState({ phase: 'sending' });
    try {
      await client.sendFeedback(episodeId, trace.id, score, feedbackComment(topics, text) || undefined);
      setState({ phase: 'sent' });
    } catch (error) {
      setState({ phase: 'edit', error: (error as Error).message });
    }
  };

  return (
    <dialog ref={dialog} className="modal" aria-labelledby="feedback-title" onClose={() => onClose(state.phase === 'sent')} data-testid="feedback-modal">
      <h2 id="feedback-title">Agent Feedback</h2>
      {state.phase === 'sent' ? (
        <>
          <p role="status">Feedback Received</p>
          <button type="button" className="primary-button" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </>
      ) : (
        <>
          <p className="muted">{score === 1 ? 'What went well?' : 'What went wrong?'}</p>
          <fieldset className="topics">
            <legend>Topics</legend>
            {FEEDBACK_TOPICS.map((topic) => (
              <label key={topic} className="topic">
                <input type="checkbox" checked={topics.includes(topic)} onChange={() => toggle(topic)} /> {topic}
              </label>
            ))}
          </fieldset>
          <label className="field-label" htmlFor="feedback-text">
            Details
          </label>
          <textarea id="feedback-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          {state.error && (
            <p className="error-text" role="alert">
              {state.error}
            </p>
          )}
          <div className="modal-actions">
            <button type="button" className="secondary-button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="button" className="primary-button" onClick={send} disabled={state.phase === 'sending'}>
              Send Feedback
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
