// The simulation's outputs from the episode's real assets: the outcome from
// simulation_result.json, the heavy worker's still renders (front, side, top, iso) and the video
// of the run. Images and the video load through the controller's asset proxy.
import { useController } from '../../api/ControllerContext.tsx';
import { useSession } from '../../session/SessionContext.tsx';
import type { SimulationOutputs } from '../../workspace/files.ts';
import { useAsset } from '../useAsset.ts';

interface SimulationResult {
  success: boolean;
  failure: { reason: string; detail: string } | null;
  detail?: string;
  time_elapsed_s?: number;
  smoke_test_mode?: boolean;
}

const parseResult = async (res: Response) => (await res.json()) as SimulationResult;

export function ResultsPanel({ outputs }: { outputs: SimulationOutputs }) {
  const client = useController();
  const { episodeId } = useSession();
  const result = useAsset(outputs.result, parseResult);
  if (!episodeId || (!outputs.result && !outputs.renders.length && !outputs.video)) {
    return <p className="empty-state">No simulation outputs yet: a full simulation writes its result, renders and video here.</p>;
  }
  const url = (path: string) => client.assetUrl(episodeId, path, true);
  return (
    <div className="results" data-testid="simulation-results">
      <section aria-label="Simulation result" className="result-summary">
        {result.state === 'ready' ? (
          <p data-testid="simulation-outcome" className={result.value.success ? 'ok-text' : 'error-text'}>
            {result.value.success ? 'Success' : `Failed: ${result.value.failure?.reason ?? 'unknown'}`}
            {result.value.time_elapsed_s !== undefined && ` after ${result.value.time_elapsed_s.toFixed(2)} s`}
            {result.value.smoke_test_mode && ' (smoke test)'}
            <span className="muted"> — {result.value.failure?.detail ?? result.value.detail ?? ''}</span>
          </p>
        ) : result.state === 'error' ? (
          <p className="error-text" role="alert">{`${result.path}: ${result.message}`}</p>
        ) : result.state === 'loading' ? (
          <p className="muted">Loading the result…</p>
        ) : null}
      </section>
      {outputs.video && (
        <section aria-label="Simulation video">
          <video data-testid="simulation-video" src={url(outputs.video)} controls muted preload="metadata" />
        </section>
      )}
      {outputs.renders.length > 0 && (
        <section aria-label="Renders" className="render-grid">
          {outputs.renders.map((r) => (
            <figure key={r.path}>
              <img src={url(r.path)} alt={`${r.view} view`} loading="lazy" />
              <figcaption>{r.view}</figcaption>
            </figure>
          ))}
        </section>
      )}
    </div>
  );
}
