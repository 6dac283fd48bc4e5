// The ratings the ratings job computed, per robot or overall: a table and a chart of intervals.
import { Loader2, RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Leaderboard, Robot } from '../api.ts';
import { useApi } from '../ApiContext.tsx';
import { formatCi, formatElo, formatWinRate } from './format.ts';
import { RatingsChart } from './RatingsChart.tsx';

export function LeaderboardPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const robotId = params.get('robot') ?? '';
  const [robots, setRobots] = useState<Robot[]>([]);
  const [board, setBoard] = useState<Leaderboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    api.robots().then(setRobots).catch(() => setRobots([]));
  }, [api]);

  const load = useCallback(() => {
    setLoading(true);
    api
      .leaderboard(robotId || undefined)
      .then((b) => {
        setBoard(b);
        setError(null);
      })
      .catch((e: Error) => setError(`Could not load the leaderboard: ${e.message}`))
      .finally(() => setLoading(false));
  }, [api, robotId]);

  useEffect(load, [load]);

  const current = board && (board.robot_id ?? '') === robotId ? board : null;

  return (
    <main className="leaderboard" data-testid="leaderboard" data-robot={robotId}>
      <div className="leaderboard-bar">
        <h2>Leaderboard</h2>
        <label>
          <span className="field-label">Robot </span>
          <select data-testid="leaderboard-robot" value={robotId} onChange={(e) => setParams(e.target.value ? { robot: e.target.value } : {})}>
            <option value="">All robots (overall)</option>
            {robots.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary-button" onClick={load} data-testid="leaderboard-refresh">
          {loading ? <Loader2 size={14} className="spin" /> : <RefreshCw size={14} />} Refresh
        </button>
      </div>
      {error && <p className="error-text" role="alert" data-testid="leaderboard-error">{error}</p>}
      {current && (
        <>
          <p className="muted">
            Models with at least {current.min_votes} votes, best rating first. ELO from 1500, K = 32; the interval is 95 % (1.96·400/√votes).
          </p>
          {current.rankings.length === 0 ? (
            <p className="empty-state" data-testid="leaderboard-empty">
              No model has {current.min_votes} votes yet{robotId ? ' for this robot' : ''}.
            </p>
          ) : (
            <>
              <table className="ranking-table" data-testid="leaderboard-table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>Model</th>
                    <th className="num">Rating</th>
                    <th className="num">95 % CI</th>
                    <th className="num">Votes</th>
                    <th className="num">W / L / T</th>
                    <th className="num">Win rate</th>
                  </tr>
                </thead>
                <tbody>
                  {current.rankings.map((r, i) => (
                    <tr key={r.model_id} data-testid={`leaderboard-row-${r.model_id}`} data-model-id={r.model_id}>
                      <td>{i + 1}</td>
                      <td>
                        <span className="model-cell">{r.name}</span> <span className="muted mono">{r.model_id}</span>
                      </td>
                      <td className="num" data-testid="elo">{formatElo(r.elo_score)}</td>
                      <td className="num" data-testid="ci">{formatCi(r.ci)}</td>
                      <td className="num" data-testid="votes">{r.vote_count}</td>
                      <td className="num" data-testid="wlt">
                        {r.wins} / {r.losses} / {r.ties}
                      </td>
                      <td className="num" data-testid="win-rate">{formatWinRate(r.win_rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <RatingsChart rankings={current.rankings} />
            </>
          )}
        </>
      )}
    </main>
  );
}
