import { Send, Square } from 'lucide-react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useContextStore } from '../context/ContextStore.tsx';

/** The prompt box; its button is Send, or Stop while the agent runs. */
export function ChatInput({ running, busy, onSend, onStop, placeholder }: { running: boolean; busy: boolean; onSend: (text: string) => void; onStop: () => void; placeholder: string }) {
  const { draft, setDraft } = useContextStore();
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (running || busy || !draft.trim()) return;
    onSend(draft.trim());
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) submit(e);
  };
  return (
    <form className="chat-input" onSubmit={submit}>
      <label htmlFor="chat-input" className="visually-hidden">
        Message
      </label>
      <textarea id="chat-input" value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} placeholder={placeholder} rows={3} />
      {running ? (
        <button type="button" className="danger-button" onClick={onStop} aria-label="Stop Agent" data-testid="stop-button">
          <Square size={14} aria-hidden /> Stop Agent
        </button>
      ) : (
        <button type="submit" className="primary-button" aria-label="Send Message" disabled={busy || !draft.trim()} data-testid="send-button">
          <Send size={14} aria-hidden /> Send
        </button>
      )}
    </form>
  );
}
