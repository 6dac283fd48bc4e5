import { useState } from 'react';
import { ClipboardCheck } from 'lucide-react';
import { useController } from '../api/ControllerContext.tsx';
import type { Episode } from '../api/types.ts';
import { useSession } from '../session/SessionContext.tsx';

/** Shown when the planner stopped at `planned`: read the plan, optionally comment, confirm. */
export function PlanApprovalCard({ episode }: { episode: Episode }) {
  const client = useController();
  const { live } = useSession();
  const [comment, setComment] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const confirm = async () => {
    setState({ busy: true });
    try {
      await client.confirmBenchmark(episode.id, comment.trim() || undefined);
      live.markRunning();
      setState({ busy: false });
    } catch (error) {
      setState({ busy: false, error: (error as Error).message });
    }
  };
  return (
    <section className="plan-card" aria-labelledby="plan-card-title" data-testid="plan-approval-card">
      <h3 id="plan-card-title">
        <ClipboardCheck size={16} aria-hidden /> Execution Plan Ready
      </h3>
      {episode.plan ? <pre className="plan-text">{episode.plan}</pre> : <p className="muted">The planner finished; its plan is in the workspace (plan.md).</p>}
      <label className="field-label" htmlFor="plan-comment">
        Comment (optional)
      </label>
      <textarea id="plan-comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={2} placeholder="Anything the coder should know…" />
      {state.error && (
        <p className="error-text" role="alert">
          {state.error}
        </p>
      )}
      <button type="button" className="primary-button" onClick={confirm} disabled={state.busy}>
        {state.busy ? 'Starting…' : 'Confirm & Start'}
      </button>
    </section>
  );
}
