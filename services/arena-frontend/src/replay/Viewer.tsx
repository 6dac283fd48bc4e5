// One side's replay: the session's composed MJCF compiled by MuJoCo in the browser, the
// episode's recorded qpos put in at the shared timeline's time, mj_forward, and the geoms drawn.
import { useEffect, useRef, useState } from 'react';
import type { Episode, Side } from '../api.ts';
import { useTheme } from '../theme/useTheme.ts';
import { Replay, type ScalarJoint } from './mujoco.ts';
import { GeomScene } from './scene3d.ts';
import { frameAt } from './timeline.ts';

interface Props {
  side: Side;
  mjcf: string;
  episode: Episode | null;
  /** Seconds into the replay (the shared timeline). */
  time: number;
  model: string;
}

interface Loaded {
  replay: Replay;
  scene: GeomScene;
  joints: ScalarJoint[];
}

export function Viewer({ side, mjcf, episode, time, model }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [theme] = useTheme();
  // What MuJoCo holds after the last mj_forward (not the episode's numbers copied): the readout.
  const [shown, setShown] = useState<{ episodeId: string | null; frame: number; time: number | null; qpos: number[] } | null>(null);

  // Compile the model once per MJCF; each viewer owns its MjModel/MjData.
  useEffect(() => {
    let cancelled = false;
    let current: Loaded | null = null;
    setLoaded(null);
    setError(null);
    Replay.fromXml(mjcf)
      .then((replay) => {
        if (cancelled) return replay.dispose();
        const scene = new GeomScene(canvasRef.current!, replay);
        current = { replay, scene, joints: replay.scalarJoints() };
        setLoaded(current);
      })
      .catch((e: unknown) => !cancelled && setError(`MuJoCo could not load the model: ${(e as Error).message ?? String(e)}`));
    return () => {
      cancelled = true;
      if (current) {
        current.scene.dispose();
        current.replay.dispose();
      }
    };
  }, [mjcf]);

  useEffect(() => {
    const host = hostRef.current;
    if (!loaded || !host) return;
    const ro = new ResizeObserver(() => loaded.scene.resize(host.clientWidth, host.clientHeight));
    ro.observe(host);
    return () => ro.disconnect();
  }, [loaded]);

  const frame = episode ? frameAt(episode.states, time) : -1;
  const state = frame >= 0 ? episode!.states[frame]! : null;

  useEffect(() => {
    if (!loaded) return;
    loaded.scene.setTheme(theme);
    if (state) loaded.replay.setQpos(state.qpos);
    else loaded.replay.setQpos(Array.from(loaded.replay.model.qpos0 as ArrayLike<number>));
    loaded.scene.syncPoses();
    loaded.scene.render();
    setShown({ episodeId: episode?.episode_id ?? null, frame, time: state ? state.time : null, qpos: Array.from(loaded.replay.qpos()) });
  }, [loaded, state, frame, theme, episode]);

  // Ready: an episode is shown, and what is drawn and listed is the frame the timeline asks for.
  const ready = loaded !== null && episode !== null && shown !== null && shown.frame === frame && shown.episodeId === episode.episode_id;
  const qpos = shown?.qpos;

  return (
    <section className="viewer" data-testid={`viewer-${side}`} data-ready={ready ? 'true' : 'false'} aria-label={`${side} replay`}>
      <header className="viewer-header">
        <span className="side-label">{side === 'left' ? 'Model A (left)' : 'Model B (right)'}</span>
        <span className={`model-name ${model === '???' ? 'hidden-model' : 'revealed-model'}`} data-testid={`model-${side}`}>
          {model}
        </span>
      </header>
      <div className="canvas-host" ref={hostRef}>
        <canvas ref={canvasRef} data-testid={`viewer-canvas-${side}`} />
        {!loaded && !error && <div className="canvas-note" data-testid={`viewer-loading-${side}`}>Loading MuJoCo…</div>}
        {error && (
          <div className="canvas-note error-text" role="alert" data-testid={`viewer-error-${side}`}>
            {error}
          </div>
        )}
        {!episode && loaded && <div className="canvas-note muted">No episode yet: run a turn.</div>}
      </div>
      <div
        className="joint-readout"
        data-testid={`joint-readout-${side}`}
        data-frame={shown?.frame ?? -1}
        data-time={shown?.time ?? ''}
        aria-label={`${side} joint positions`}
      >
        <span className="readout-title">
          qpos {shown && shown.time !== null && episode ? <>· frame {shown.frame + 1}/{episode.states.length} · t={shown.time.toFixed(3)} s</> : '· initial pose'}
        </span>
        <ul>
          {loaded?.joints.map((j) => {
            const v = qpos?.[j.qposAdr] ?? 0;
            return (
              <li key={j.name} data-joint={j.name} data-qposadr={j.qposAdr} data-value={v} title={`${j.kind} joint ${j.name}, qpos[${j.qposAdr}]`}>
                <span className="joint-name">{j.name}</span>
                <span className="joint-value">{v.toFixed(3)}</span>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
