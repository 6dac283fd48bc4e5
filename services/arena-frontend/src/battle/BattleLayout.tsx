import { useCallback, useState } from 'react';
import { HistorySidebar } from '../history/HistorySidebar.tsx';
import { BattlePage } from './BattlePage.tsx';

/** The history beside the battle; a battle that changes (new session, turn, vote) refreshes the list. */
export function BattleLayout() {
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  return (
    <div className="battle-layout">
      <HistorySidebar version={version} />
      <BattlePage onChanged={changed} />
    </div>
  );
}
