// The handover's simulation gate (issue 15, item 10): /benchmark/submit is refused unless the
// worker itself recorded a SUCCESSFUL FULL simulation (smoke_test_mode: false) of exactly the
// current inputs (the build script, every session file it imports, objectives.yaml). Smoke runs
// (0.5 s) are ignored: they cannot show the moved object resting in the goal. The newest full run
// of the current files decides: when it failed, the handover is refused with its failure.
import { fingerprintOf, hashInputs, readRecords, type RunRecord } from '../records.ts';
import type { Workspace } from '../workspace.ts';

const isFull = (r: RunRecord) => r.summary.smoke_test_mode === false;
const isCurrent = (ws: Workspace, r: RunRecord) => fingerprintOf(hashInputs(ws.inputDir, r.files.map((f) => f.path))) === r.fingerprint;

/** What is missing for the handover, in words naming the file and the run (empty when the gate passes). */
export function simulationGateProblems(ws: Workspace, sessionId: string, scriptPath: string): string[] {
  const runs = readRecords(sessionId, 'simulation').filter((r) => r.script_path === scriptPath);
  const current = runs.filter((r) => isCurrent(ws, r));
  const full = current.find(isFull);
  if (full?.success) return [];
  if (full) {
    return [`a successful full simulation: the last full simulation (smoke_test_mode: false) of ${scriptPath} with these exact files failed (${full.failure?.reason}: ${full.failure?.detail})`];
  }
  if (current.length) {
    return [
      `a successful full simulation: only smoke-mode runs (smoke_test_mode: true) of the current ${scriptPath} are on record, and a smoke run cannot show the object resting in the goal; run benchmark/simulate with smoke_test_mode false`,
    ];
  }
  const lastFull = runs.find(isFull);
  if (lastFull) {
    const now = hashInputs(ws.inputDir, lastFull.files.map((f) => f.path));
    const changed = lastFull.files.filter((f, i) => f.sha256 !== now[i]!.sha256).map((f) => f.path);
    return [`a successful full simulation of the current files: ${changed.join(', ') || scriptPath} changed since ${scriptPath} was last simulated (${lastFull.at}); run benchmark/simulate with smoke_test_mode false again`];
  }
  return [`a successful full simulation: ${scriptPath} has never been simulated with smoke_test_mode false on this worker; run benchmark/simulate with smoke_test_mode false`];
}
