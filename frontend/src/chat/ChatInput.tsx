import { Send, Square } from 'lucide-react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useContextStore } from '../context/ContextStore.tsx';

/** The prompt box; its button is Send, or Stop while the agent runs. `blocked` says why Send is off. */
export function ChatInput(props: { running: boolean; busy: boolean; blocked: string | null; onSend: (text: string) => void; onStop: () => void; placeholder: string }) {
  const { running, busy, blocked, onSend, onStop, placeholder } = props;
  const { draft, setDraft } = useContextStore();
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (running || busy || blocked || !draft.trim()) return;
    onSend(draft.trim());
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) submit(e);
  };
  return (
    <>
      {blocked && (
        <p className="muted chat-blocked" id="chat-blocked" data-testid="chat-blocked">
          {blocked}
        </p>
      )}
      <form className="chat-input" onSubmit={submit}>
        <label htmlFor="chat-input" className="visually-hidden">
          Message
        </label>
        <textarea id="chat-input" aria-describedby={blocked ? 'chat-blocked' : undefined} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} placeholder={placeholder} rows={3} />
        {running ? (
          <button type="button" className="danger-button" onClick={onStop} aria-label="Stop Agent" data-testid="stop-button">
            <Square size={14} aria-hidden /> Stop Agent
          </button>
        ) : (
          <button type="submit" className="primary-button" aria-label="Send Message" title={blocked ?? undefined} disabled={busy || !!blocked || !draft.trim()} data-testid="send-button">
            <Send size={14} aria-hidden /> Send
          </button>
        )}
      </form>
    </>
  );
}
