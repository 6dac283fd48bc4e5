import type { EpisodeStatus } from '../api/types.ts';

export function StatusBadge({ status }: { status: EpisodeStatus }) {
  return (
    <span className={`status-badge status-${status}`} data-testid="status-badge">
      {status}
    </span>
  );
}
