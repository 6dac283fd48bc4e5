import { Loader2, RefreshCw } from 'lucide-react';

/** Before the workbench can show anything: connecting, or why it cannot. */
export function StartupScreen({ boot, onRetry }: { boot: { state: 'loading' } | { state: 'error'; message: string }; onRetry: () => void }) {
  return (
    <main className="startup" data-testid="app-layout">
      <h1>Workbench</h1>
      {boot.state === 'loading' ? (
        <p role="status">
          <Loader2 size={16} className="spin" aria-hidden /> Connecting to the controller…
        </p>
      ) : (
        <>
          <p role="alert" className="error-text" data-testid="startup-error">
            The workbench cannot reach its controller. {boot.message}
          </p>
          <button type="button" className="primary-button" onClick={onRetry}>
            <RefreshCw size={14} aria-hidden /> Try again
          </button>
        </>
      )}
    </main>
  );
}
