// Ratings with their 95 % intervals: one row per model, a dot at the rating, a bar across ±CI.
import type { Ranking } from '../api.ts';

const ROW = 34;
const LEFT = 150;
const RIGHT = 24;
const WIDTH = 640;

export function RatingsChart({ rankings }: { rankings: Ranking[] }) {
  if (rankings.length === 0) return null;
  const lo = Math.min(...rankings.map((r) => r.elo_score - r.ci));
  const hi = Math.max(...rankings.map((r) => r.elo_score + r.ci));
  const pad = Math.max((hi - lo) * 0.08, 10);
  const [min, max] = [Math.floor((lo - pad) / 50) * 50, Math.ceil((hi + pad) / 50) * 50];
  const x = (v: number) => LEFT + ((v - min) / (max - min)) * (WIDTH - LEFT - RIGHT);
  const height = rankings.length * ROW + 40;
  const ticks: number[] = [];
  const step = max - min > 600 ? 200 : max - min > 250 ? 100 : 50;
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);

  return (
    <svg className="ratings-chart" data-testid="leaderboard-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="ELO ratings with 95 % confidence intervals">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={8} y2={height - 28} className="grid" />
          <text x={x(t)} y={height - 12} textAnchor="middle" className="tick">
            {t}
          </text>
        </g>
      ))}
      {x(1500) > LEFT && x(1500) < WIDTH - RIGHT && <line x1={x(1500)} x2={x(1500)} y1={8} y2={height - 28} className="baseline" />}
      {rankings.map((r, i) => {
        const y = 24 + i * ROW;
        return (
          <g key={r.model_id} data-testid={`chart-row-${r.model_id}`} data-elo={r.elo_score} data-ci={r.ci}>
            <text x={LEFT - 10} y={y + 4} textAnchor="end" className="label">
              {r.name}
            </text>
            <line x1={x(r.elo_score - r.ci)} x2={x(r.elo_score + r.ci)} y1={y} y2={y} className="interval" />
            <line x1={x(r.elo_score - r.ci)} x2={x(r.elo_score - r.ci)} y1={y - 6} y2={y + 6} className="interval" />
            <line x1={x(r.elo_score + r.ci)} x2={x(r.elo_score + r.ci)} y1={y - 6} y2={y + 6} className="interval" />
            <circle cx={x(r.elo_score)} cy={y} r={5} className="point">
              <title>
                {r.name}: {r.elo_score.toFixed(1)} ± {r.ci.toFixed(1)}
              </title>
            </circle>
          </g>
        );
      })}
    </svg>
  );
}
