// Start-up: read config.json, check the controller is there, then route to a workflow.
import { useEffect, useMemo, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ControllerClient } from './api/client.ts';
import { ControllerContext } from './api/ControllerContext.tsx';
import { loadConfig } from './config.ts';
import { StartupScreen } from './layout/StartupScreen.tsx';
import { Workbench } from './layout/Workbench.tsx';

type Boot = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; client: ControllerClient };

export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setBoot({ state: 'loading' });
    loadConfig()
      .then(async (config) => {
        const client = new ControllerClient(config);
        await client.health();
        if (live) setBoot({ state: 'ready', client });
      })
      .catch((error: Error) => live && setBoot({ state: 'error', message: error.message }));
    return () => {
      live = false;
    };
  }, [attempt]);
  const retry = useMemo(() => () => setAttempt((a) => a + 1), []);

  if (boot.state !== 'ready') return <StartupScreen boot={boot} onRetry={retry} />;
  return (
    <ControllerContext.Provider value={boot.client}>
      <BrowserRouter>
        <Routes>
          <Route path="/" element={<Workbench workflow="engineer" />} />
          <Route path="/benchmark" element={<Workbench workflow="benchmark" />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </BrowserRouter>
    </ControllerContext.Provider>
  );
}
