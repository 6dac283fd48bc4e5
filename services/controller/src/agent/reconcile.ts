// At start-up, before DBOS recovers anything: every episode the database says is running or
// planned is checked against its workflow's DBOS record, so none stays `running` for ever. A
// crash between writing the row and starting the workflow, or between cancelling the workflow
// and recording `cancelled`, or a workflow of another application version (which DBOS will not
// recover) each end in an explicit state with a reason.
import { ACTIVE_EPISODE_STATUSES } from '../../../shared/src/schemas.ts';
import type { Repo, WorkflowRecord } from '../repo.ts';

export type Reconciliation =
  | { action: 'resume' }
  | { action: 'cancelled'; reason: string }
  | { action: 'failed'; reason: string; cancelWorkflow: boolean };

export function reconcile(workflowId: string, record: Pick<WorkflowRecord, 'status' | 'application_version'> | undefined, version: string): Reconciliation {
  if (!record) return { action: 'failed', reason: `the controller stopped before the episode's workflow ${workflowId} started`, cancelWorkflow: false };
  switch (record.status) {
    case 'PENDING':
    case 'ENQUEUED':
      if (record.application_version === version) return { action: 'resume' };
      return {
        action: 'failed',
        reason: `workflow ${workflowId} belongs to controller version ${record.application_version ?? 'unknown'}; this controller (${version}) cannot resume it`,
        cancelWorkflow: true,
      };
    case 'CANCELLED':
      return { action: 'cancelled', reason: `workflow ${workflowId} was cancelled; the controller stopped before recording it` };
    default:
      // SUCCESS would have recorded the episode's end in its last step; ERROR and exhausted
      // recoveries never will.
      return { action: 'failed', reason: `workflow ${workflowId} ended ${record.status} without recording the episode's end`, cancelWorkflow: false };
  }
}

/** Applies reconcile() to every active episode; returns the workflows to cancel once DBOS runs. */
export async function reconcileEpisodes(repo: Repo, version: string): Promise<string[]> {
  const active = await repo.activeEpisodes();
  const records = await repo.workflowRecords(active.map((e) => e.workflow_id ?? e.id));
  const toCancel: string[] = [];
  for (const episode of active) {
    const workflowId = episode.workflow_id ?? episode.id;
    const r = reconcile(workflowId, records.get(workflowId), version);
    if (r.action === 'resume') {
      await repo.addTrace(episode.id, {
        type: 'log',
        name: 'workflow_resumed',
        content: `controller restarted; resuming workflow ${workflowId} (${episode.status})`,
        metadata: { workflow_id: workflowId, status: episode.status, pid: process.pid, version },
      });
    } else if (r.action === 'cancelled') {
      await repo.addTrace(episode.id, { type: 'log', name: 'interrupted', content: r.reason, metadata: { workflow_id: workflowId } });
      await repo.setStatus(episode.id, 'cancelled', { from: [...ACTIVE_EPISODE_STATUSES], vars: { cancelled_at: new Date().toISOString() } });
    } else {
      await repo.failEpisode(episode.id, r.reason);
      if (r.cancelWorkflow) toCancel.push(workflowId);
    }
  }
  return toCancel;
}
