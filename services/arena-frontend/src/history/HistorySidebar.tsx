// Session history from the live API, newest first; opening one restores its battle and replays.
import { CheckCircle2, Circle, RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Session } from '../api.ts';
import { useApi } from '../ApiContext.tsx';

export function HistorySidebar({ version }: { version: number }) {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const current = params.get('session');
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .sessions(50)
      .then((s) => {
        setSessions(s);
        setError(null);
      })
      .catch((e: Error) => setError(`History unavailable: ${e.message}`));
  }, [api]);

  useEffect(load, [load, version]);

  return (
    <aside className="sidebar" data-testid="history" aria-label="Session history">
      <div className="section-head">
        <h2 className="section-title">History</h2>
        <button type="button" className="icon-button small" onClick={load} aria-label="Refresh history" title="Refresh history" data-testid="history-refresh">
          <RefreshCw size={13} />
        </button>
      </div>
      {error && <p className="error-text small-note">{error}</p>}
      {sessions && sessions.length === 0 && <p className="empty-state" data-testid="history-empty">No sessions yet.</p>}
      <ul className="session-list">
        {sessions?.map((s) => (
          <li key={s.session_id}>
            <button
              type="button"
              className="session-item"
              data-testid={`history-item-${s.session_id}`}
              data-voted={s.voted}
              data-turns={s.turn_count}
              aria-current={s.session_id === current}
              onClick={() => setParams({ session: s.session_id })}
            >
              <span className="session-task">
                {s.robot_id} · {s.scene_id}
              </span>
              <span className="session-meta">
                <span data-testid="history-turns">
                  {s.turn_count} turn{s.turn_count === 1 ? '' : 's'}
                </span>
                {s.voted ? (
                  <span className="status-badge status-completed" data-testid="history-voted">
                    <CheckCircle2 size={11} /> voted
                  </span>
                ) : (
                  <span className="status-badge status-planned" data-testid="history-voted">
                    <Circle size={11} /> not voted
                  </span>
                )}
                <time dateTime={s.created_at}>{new Date(s.created_at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}</time>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
