// The conversation with the agent: history, live output, plan approval, context, prompt.
import { Loader2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useController } from '../api/ControllerContext.tsx';
import { TERMINAL_STATUSES, type Episode } from '../api/types.ts';
import { toWire, useContextStore } from '../context/ContextStore.tsx';
import { StatusBadge } from '../layout/StatusBadge.tsx';
import { parseMentions } from '../../../services/shared/src/mentions.ts';
import { useSession } from '../session/SessionContext.tsx';
import { ChatInput } from './ChatInput.tsx';
import { ContextCards } from './ContextCards.tsx';
import { conversation } from './conversation.ts';
import { FeedbackBar } from './FeedbackBar.tsx';
import { PlanApprovalCard } from './PlanApprovalCard.tsx';
import { ReasoningBlock } from './ReasoningBlock.tsx';
import { ToolCallRow } from './ToolCallRow.tsx';

function newSessionId(): string {
  return `ui-${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

function Conversation({ episode }: { episode: Episode }) {
  const rows = conversation(episode.traces);
  return (
    <ol className="messages" aria-label="Conversation" data-testid="conversation">
      <li className="message user">{episode.task}</li>
      {rows.map((row) => {
        switch (row.kind) {
          case 'assistant':
            return (
              <li key={row.key} className="message assistant" data-testid="assistant-message">
                {row.reasoning && <ReasoningBlock text={row.reasoning} />}
                {row.text && <div className="message-text">{row.text}</div>}
              </li>
            );
          case 'tool':
            return (
              <li key={row.key}>
                <ToolCallRow start={row.start} end={row.end} />
              </li>
            );
          case 'user':
            return (
              <li key={row.key} className="message user">
                {row.text}
              </li>
            );
          case 'note':
            return (
              <li key={row.key} className="message note" data-testid="note">
                {row.text}
              </li>
            );
          case 'error':
            return (
              <li key={row.key} className="message error" role="note">
                {row.text}
              </li>
            );
        }
      })}
    </ol>
  );
}

export function ChatPanel() {
  const client = useController();
  const { workflow, episodeId, live, open, historyChanged } = useSession();
  const { items, clear, setDraft } = useContextStore();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const episode = live.view.state === 'ready' ? live.view.episode : null;
  const running = episode?.status === 'running' || episode?.status === 'queued';
  const awaitingApproval = episode?.status === 'planned';
  const traceCount = episode?.traces.length ?? 0;

  useEffect(() => {
    scroller.current?.scrollTo({ top: scroller.current.scrollHeight });
  }, [traceCount, running]);
  useEffect(() => setError(null), [episodeId]);

  const send = async (text: string) => {
    setBusy(true);
    setError(null);
    try {
      if (!episodeId) {
        const accepted = workflow === 'benchmark' ? await client.generateBenchmark(text) : await client.runAgent(text, newSessionId());
        const id = accepted.episode_id ?? (await findEpisodeBySession(accepted.session_id));
        setDraft('');
        historyChanged();
        open(id);
      } else {
        await client.sendMessage(episodeId, text, items.map(toWire), parseMentions(text));
        setDraft('');
        clear();
        live.markRunning();
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const findEpisodeBySession = async (sessionId: string | undefined): Promise<string> => {
    if (!sessionId) throw new Error('The controller accepted the run but named no episode.');
    for (let i = 0; i < 20; i++) {
      const found = (await client.listEpisodes(20)).find((e) => e.session_id === sessionId || e.id === sessionId);
      if (found) return found.id;
      await new Promise((r) => setTimeout(r, 250));
    }
    return sessionId;
  };

  const stop = async () => {
    if (!episodeId) return;
    setError(null);
    try {
      await client.interrupt(episodeId);
      live.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="chat" aria-label="Chat">
      <div className="chat-header">
        {episode ? (
          <>
            <span className="chat-title" title={episode.task}>
              {episode.task}
            </span>
            <StatusBadge status={episode.status} />
          </>
        ) : (
          <span className="chat-title">New {workflow === 'benchmark' ? 'benchmark' : 'design'} session</span>
        )}
      </div>
      <div className="chat-scroll" ref={scroller}>
        {live.view.state === 'none' && (
          <p className="empty-state">{workflow === 'benchmark' ? 'Describe the benchmark to generate. The planner stops for your approval before building.' : 'Describe what to design. The agent plans, builds, validates and simulates it.'}</p>
        )}
        {live.view.state === 'loading' && (
          <p className="muted" role="status">
            Loading session…
          </p>
        )}
        {live.view.state === 'error' && (
          <p className="error-text" role="alert">
            Could not load this session: {live.view.message}
          </p>
        )}
        {episode && <Conversation episode={episode} />}
        {running && (
          <p className="thinking" role="status" data-testid="agent-thinking">
            <Loader2 size={14} className="spin" aria-hidden /> Agent is thinking…
          </p>
        )}
        {episode?.status === 'planned' && <PlanApprovalCard episode={episode} />}
        {episode && TERMINAL_STATUSES.has(episode.status) && <FeedbackBar episode={episode} />}
      </div>
      {error && (
        <p className="error-text chat-error" role="alert" data-testid="chat-error">
          {error}
        </p>
      )}
      {/* Selections travel only with a message to an existing session (a new run takes a task alone). */}
      {episodeId && <ContextCards />}
      <ChatInput
        running={running}
        busy={busy}
        // A message now would go to a workflow that is waiting for the plan decision, not to the agent.
        blocked={awaitingApproval ? 'The plan is waiting for your decision: comment on it and confirm above.' : null}
        onSend={send}
        onStop={stop}
        placeholder={awaitingApproval ? 'Messages are off until the plan is confirmed.' : episode ? 'Reply to the agent… (@file:1-5 to point at lines)' : 'What should the agent build?'}
      />
    </section>
  );
}
