// The model in 3D: click to select a part, a face or a subassembly (Ctrl/⌘ adds to the
// selection); the model browser lists the parts. Selections become context cards.
import { Box, Layers, ListTree, Maximize, Square } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import * as THREE from 'three';
import { useContextStore } from '../../context/ContextStore.tsx';
import { useTheme } from '../../theme/useTheme.ts';
import { Stage } from '../three/Stage.ts';
import { partsOf } from '../three/loadGlb.ts';
import { webglAvailable } from '../three/webgl.ts';
import type { ModelState } from '../useModel.ts';
import { faceAt } from './faces.ts';
import { partOf, selectionFor, subassemblyOf, type SelectionMode } from './selection.ts';

const MODES: { mode: SelectionMode; label: string; Icon: typeof Box }[] = [
  { mode: 'part', label: 'Part', Icon: Box },
  { mode: 'face', label: 'Face', Icon: Square },
  { mode: 'subassembly', label: 'Subassembly', Icon: Layers },
];

const HIGHLIGHT = new THREE.Color(0x2f81f7);

export function CadViewer({ model }: { model: ModelState }) {
  const host = useRef<HTMLDivElement>(null);
  const stage = useRef<Stage | null>(null);
  const [theme] = useTheme();
  const [mode, setMode] = useState<SelectionMode>('part');
  const [browser, setBrowser] = useState(true);
  const { items, select } = useContextStore();
  const [gl] = useState(webglAvailable);
  const root = model.state === 'ready' ? model.root : null;
  const path = model.state === 'ready' ? model.path : '';
  const parts = useMemo(() => (root ? partsOf(root) : []), [root]);

  useEffect(() => {
    if (!gl || !host.current || !root) return;
    const s = new Stage(host.current);
    stage.current = s;
    s.setContent(root);
    return () => {
      s.setContent(null);
      s.dispose();
      stage.current = null;
    };
  }, [gl, root]);

  useEffect(() => stage.current?.setBackground(theme === 'dark' ? '#161b22' : '#f4f6f8'), [theme, root]);

  // Tint what is selected.
  const selectedNames = useMemo(() => {
    const names = new Set<string>();
    if (!root) return names;
    for (const item of items) {
      if (item.path !== path) continue;
      if (item.kind === 'subassembly') for (const p of parts) if (subassemblyOf(p, root) === item.name) names.add(p.name);
      if (item.kind === 'part' || item.kind === 'face') names.add(item.name ?? '');
    }
    return names;
  }, [items, parts, path, root]);
  useEffect(() => {
    for (const p of parts) {
      p.traverse((o) => {
        const mat = (o as THREE.Mesh).material as THREE.MeshStandardMaterial | undefined;
        if (mat?.emissive) mat.emissive.copy(selectedNames.has(p.name) ? HIGHLIGHT : new THREE.Color(0));
      });
    }
    stage.current?.requestRender();
  }, [parts, selectedNames]);

  const down = useRef<{ x: number; y: number } | null>(null);
  const onPointerUp = (e: React.PointerEvent) => {
    const start = down.current;
    down.current = null;
    if (!start || !root || Math.hypot(e.clientX - start.x, e.clientY - start.y) > 4) return;
    const hit = stage.current?.pick(e.clientX, e.clientY);
    if (!hit) return;
    const face = mode === 'face' && hit.faceIndex != null ? faceAt(hit.object as THREE.Mesh, hit.faceIndex, root) : undefined;
    select(selectionFor(mode, partOf(hit.object, root), root, path, face), e.ctrlKey || e.metaKey);
  };
  const pickFromBrowser = (part: THREE.Object3D, e: ReactMouseEvent) => {
    if (!root) return;
    select(selectionFor(mode === 'face' ? 'part' : mode, part, root, path), e.ctrlKey || e.metaKey);
  };

  return (
    <div className="cad-viewer" data-testid="cad-viewer">
      <div className="toolbar" role="toolbar" aria-label="Selection mode">
        {MODES.map(({ mode: m, label, Icon }) => (
          <button key={m} type="button" className={`mode-button${mode === m ? ' active' : ''}`} aria-pressed={mode === m} onClick={() => setMode(m)} data-testid={`mode-${m}`}>
            <Icon size={13} aria-hidden /> {label}
          </button>
        ))}
        <span className="toolbar-spacer" />
        <button type="button" className={`mode-button${browser ? ' active' : ''}`} aria-pressed={browser} onClick={() => setBrowser((b) => !b)} data-testid="toggle-model-browser">
          <ListTree size={13} aria-hidden /> Model browser
        </button>
        <button type="button" className="icon-button" aria-label="Fit view" onClick={() => stage.current?.frameContent()} disabled={!root}>
          <Maximize size={13} aria-hidden />
        </button>
      </div>
      <div className="cad-body">
        <div className="canvas-host" ref={host} onPointerDown={(e) => (down.current = { x: e.clientX, y: e.clientY })} onPointerUp={onPointerUp}>
          {model.state === 'none' && <p className="empty-state overlay">No model yet. It appears here once the agent builds and simulates its script.</p>}
          {model.state === 'loading' && (
            <p className="muted overlay" role="status">
              Loading {model.path}…
            </p>
          )}
          {model.state === 'error' && (
            <p className="error-text overlay" role="alert">
              Could not load {model.path}: {model.message}
            </p>
          )}
          {root && !gl && <p className="muted overlay">3D view unavailable (this browser has no WebGL); use the model browser to select parts.</p>}
        </div>
        {browser && root && (
          <nav className="model-browser" aria-label="Model browser" data-testid="model-browser">
            <h3 className="section-title">{path}</h3>
            <ul>
              {parts.map((p) => (
                <li key={p.uuid}>
                  <button type="button" className={`tree-row${selectedNames.has(p.name) ? ' selected' : ''}`} aria-pressed={selectedNames.has(p.name)} data-testid="model-part" data-part={p.name} onClick={(e) => pickFromBrowser(p, e)}>
                    <Box size={12} aria-hidden /> {p.name || '(unnamed)'}
                    <span className="muted small-text">{subassemblyOf(p, root)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </div>
    </div>
  );
}
