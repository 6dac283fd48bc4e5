import { Swords, Trophy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { BrowserRouter, NavLink, Route, Routes } from 'react-router-dom';
import { ArenaApi } from './api.ts';
import { ApiContext } from './ApiContext.tsx';
import { BattleLayout } from './battle/BattleLayout.tsx';
import { loadConfig } from './config.ts';
import { LeaderboardPage } from './leaderboard/LeaderboardPage.tsx';
import { ThemeToggle } from './theme/ThemeToggle.tsx';

export function App() {
  const [api, setApi] = useState<ArenaApi | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadConfig()
      .then((c) => setApi(new ArenaApi(c.backendUrl)))
      .catch((e: Error) => setError(e.message));
  }, []);

  if (error)
    return (
      <div className="startup" data-testid="startup-error" role="alert">
        <h1>Robot Arena</h1>
        <p className="error-text">Could not read the runtime configuration: {error}</p>
      </div>
    );
  if (!api) return <div className="startup muted">Loading…</div>;

  return (
    <ApiContext.Provider value={api}>
      <BrowserRouter>
        <div className="app">
          <header className="app-header">
            <h1>Robot Arena</h1>
            <nav className="app-nav" aria-label="Pages">
              <NavLink to="/" end data-testid="nav-battle">
                <Swords size={15} /> Battle
              </NavLink>
              <NavLink to="/leaderboard" data-testid="nav-leaderboard">
                <Trophy size={15} /> Leaderboard
              </NavLink>
            </nav>
            <ThemeToggle />
          </header>
          <Routes>
            <Route path="/" element={<BattleLayout />} />
            <Route path="/leaderboard" element={<LeaderboardPage />} />
          </Routes>
        </div>
      </BrowserRouter>
    </ApiContext.Provider>
  );
}
