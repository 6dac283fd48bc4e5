import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { loadConfig } from './config.ts';

type Health =
  | { state: 'loading' }
  | { state: 'ok'; body: { status: string; postgres: { ok: boolean }; s3: { ok: boolean } } }
  | { state: 'error'; message: string };

function App() {
  const [health, setHealth] = useState<Health>({ state: 'loading' });
  useEffect(() => {
    loadConfig()
      .then(({ controllerUrl }) => fetch(`${controllerUrl}/health`))
      .then(async (res) => setHealth({ state: 'ok', body: await res.json() }))
      .catch((error: Error) => setHealth({ state: 'error', message: `The controller is unreachable: ${error.message}` }));
  }, []);
  return (
    <main data-testid="app-layout" style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>Workbench</h1>
      {health.state === 'loading' && <p role="status">Connecting to the controller…</p>}
      {health.state === 'error' && <p role="alert">{health.message}</p>}
      {health.state === 'ok' && (
        <p role="status" data-testid="controller-status">
          Controller {health.body.status} · Postgres {health.body.postgres.ok ? 'up' : 'down'} · S3 {health.body.s3.ok ? 'up' : 'down'}
        </p>
      )}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
