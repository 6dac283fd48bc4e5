// The upper right: the CAD model, its simulation, or the simulation's outputs, one at a time.
import { useState } from 'react';
import { CadViewer } from './cad/CadViewer.tsx';
import { ResultsPanel } from './results/ResultsPanel.tsx';
import { SimulationPlayer } from './simulation/SimulationPlayer.tsx';
import { useTrajectory } from './simulation/useTrajectory.ts';
import { useArtifacts, useModel } from './useModel.ts';

type Tab = 'cad' | 'simulation' | 'results';
const LABELS: Record<Tab, string> = { cad: 'CAD', simulation: 'Simulation', results: 'Results' };

export function ViewerPanel() {
  const [tab, setTab] = useState<Tab>('cad');
  const artifacts = useArtifacts();
  const model = useModel(artifacts.glb);
  const trajectory = useTrajectory(tab === 'simulation' ? artifacts.trajectory : null);
  return (
    <section className="viewer" aria-label="Viewer">
      <div className="tabs" role="tablist" aria-label="Viewer">
        {(['cad', 'simulation', 'results'] as const).map((t) => (
          <button key={t} type="button" role="tab" id={`tab-${t}`} aria-selected={tab === t} aria-controls={`tabpanel-${t}`} className={`tab${tab === t ? ' active' : ''}`} onClick={() => setTab(t)}>
            {LABELS[t]}
          </button>
        ))}
      </div>
      <div className="tabpanel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'cad' ? <CadViewer model={model} /> : tab === 'simulation' ? <SimulationPlayer model={model} trajectory={trajectory} /> : <ResultsPanel outputs={artifacts.outputs} />}
      </div>
    </section>
  );
}
