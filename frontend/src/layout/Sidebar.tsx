// Session history from the live API; a session opens in its own workflow's route.
import { Plus } from 'lucide-react';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../session/SessionContext.tsx';
import type { EpisodesState } from '../session/useEpisodes.ts';
import { episodeHref, workflowOf } from '../session/workflow.ts';
import { StatusBadge } from './StatusBadge.tsx';

export function Sidebar({ history }: { history: EpisodesState }) {
  const { episodeId, open } = useSession();
  const navigate = useNavigate();
  return (
    <aside className="sidebar" aria-label="Sessions">
      <div className="sidebar-top">
        <button type="button" className="primary-button" data-testid="create-new-button" onClick={() => open(null)}>
          <Plus size={16} aria-hidden /> CREATE NEW
        </button>
      </div>
      <h2 className="section-title">History</h2>
      {history.state === 'loading' && <p className="muted" role="status">Loading sessions…</p>}
      {history.state === 'error' && (
        <p className="error-text" role="alert">
          Could not load sessions: {history.message}
        </p>
      )}
      {history.state === 'ready' && history.episodes.length === 0 && <p className="muted">No sessions yet. Start one with CREATE NEW.</p>}
      {history.state === 'ready' && history.episodes.length > 0 && (
        <ul className="session-list" data-testid="session-list">
          {history.episodes.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                className="session-item"
                aria-current={e.id === episodeId ? 'true' : undefined}
                data-testid="session-item"
                data-episode-id={e.id}
                onClick={() => navigate(episodeHref(e))}
              >
                <span className="session-task">{e.task || '(no task)'}</span>
                <span className="session-meta">
                  <span className="session-kind">{workflowOf(e) === 'benchmark' ? 'Benchmark' : 'Engineer'}</span>
                  <StatusBadge status={e.status} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
