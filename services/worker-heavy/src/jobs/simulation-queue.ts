// Simulate and verify run one at a time per worker: the request is checked at once (a bad one
// fails without waiting), then the job runs when the queue reaches it; a waiting request emits
// simulation_queued and its message says "queued at position N".
import { SimulationQueue, type QueueTicket } from '../queue.ts';
import type { BenchmarkRequest } from '../schemas.ts';
import { openWorkspace, type Workspace } from '../workspace.ts';
import { Recorder, scriptPathIn } from './io.ts';

const queue = new SimulationQueue();

export function queuedPrefix(ticket: QueueTicket): string {
  return ticket.position > 0 ? `queued at position ${ticket.position}; ` : '';
}

/**
 * Opens (for bundles: unpacks) the workspace and checks the request before queueing, so a bad
 * request fails at once; then runs `job` when the simulation queue reaches it.
 */
export async function enqueue<T>(
  sessionId: string,
  body: BenchmarkRequest,
  check: (ws: Workspace, scriptPath: string) => Promise<void>,
  job: (ws: Workspace, scriptPath: string, rec: Recorder, ticket: QueueTicket) => Promise<T>,
): Promise<T> {
  const ws = await openWorkspace(sessionId, body.bundle_base64);
  try {
    const scriptPath = await scriptPathIn(ws, body.script_path);
    await check(ws, scriptPath);
    const rec = new Recorder(ws.root, sessionId);
    return await queue.run(
      (ticket) => job(ws, scriptPath, rec, ticket),
      (position) => rec.emit('simulation_queued', { position, message: `queued at position ${position}` }),
    );
  } finally {
    ws.dispose();
  }
}
