// Plays the recorded simulation: each body of the model follows its poses from the trajectory
// file; play/pause, a seek slider in seconds, and rewind.
import { Pause, Play, RotateCcw } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import * as THREE from 'three';
import { useTheme } from '../../theme/useTheme.ts';
import { Stage } from '../three/Stage.ts';
import { webglAvailable } from '../three/webgl.ts';
import type { ModelState } from '../useModel.ts';
import { duration, formatSeconds, frameAt, type Trajectory } from './trajectory.ts';
import type { TrajectoryState } from './useTrajectory.ts';

interface Body {
  object: THREE.Object3D;
  base: THREE.Matrix4;
  inverseStart: THREE.Matrix4;
  name: string;
}

const poseMatrix = (p: number[]) =>
  new THREE.Matrix4().compose(new THREE.Vector3(p[0], p[1], p[2]), new THREE.Quaternion(p[3], p[4], p[5], p[6]), new THREE.Vector3(1, 1, 1));

export function SimulationPlayer({ model, trajectory }: { model: ModelState; trajectory: TrajectoryState }) {
  const host = useRef<HTMLDivElement>(null);
  const stage = useRef<Stage | null>(null);
  const [theme] = useTheme();
  const [gl] = useState(webglAvailable);
  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);
  const traj: Trajectory | null = trajectory.state === 'ready' ? trajectory.trajectory : null;
  const end = traj ? duration(traj) : 0;

  // The model's meshes are in world coordinates at the start pose; each body moves by pose(t)·pose(0)⁻¹.
  const scene = useMemo(() => {
    if (model.state !== 'ready' || !traj) return null;
    const root = model.root.clone(true);
    // Materials of its own: the CAD view tints selected parts, which means nothing here.
    root.traverse((o) => {
      const mesh = o as THREE.Mesh;
      if (!mesh.isMesh) return;
      const material = (mesh.material as THREE.MeshStandardMaterial).clone();
      material.emissive?.set(0);
      mesh.material = material;
    });
    const first = traj.frames[0]!.poses;
    const bodies: Body[] = [];
    root.traverse((o) => {
      const start = o.name ? first[o.name] : undefined;
      if (!start) return;
      o.matrixAutoUpdate = false;
      bodies.push({ object: o, base: o.matrix.clone(), inverseStart: poseMatrix(start).invert(), name: o.name });
    });
    return { root, bodies };
  }, [model, traj]);

  useEffect(() => {
    if (!gl || !host.current || !scene) return;
    const s = new Stage(host.current);
    stage.current = s;
    s.setContent(scene.root);
    return () => {
      s.dispose();
      stage.current = null;
    };
  }, [gl, scene]);
  useEffect(() => stage.current?.setBackground(theme === 'dark' ? '#161b22' : '#f4f6f8'), [theme, scene]);

  // Apply the poses of the frame at `time`.
  useEffect(() => {
    if (!scene || !traj) return;
    const poses = traj.frames[frameAt(traj, time)]!.poses;
    for (const b of scene.bodies) {
      const p = poses[b.name];
      if (!p) continue;
      b.object.matrix.copy(poseMatrix(p).multiply(b.inverseStart).multiply(b.base));
      b.object.matrixWorldNeedsUpdate = true;
    }
    stage.current?.requestRender();
  }, [scene, traj, time]);

  // Playback clock.
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let raf = requestAnimationFrame(function step(now) {
      const dt = (now - last) / 1000;
      last = now;
      setTime((t) => {
        const next = t + dt;
        if (next >= end) {
          setPlaying(false);
          return end;
        }
        return next;
      });
      raf = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(raf);
  }, [playing, end]);

  useEffect(() => {
    setTime(0);
    setPlaying(false);
  }, [traj]);

  const status =
    trajectory.state === 'none' ? 'No simulation yet. It appears here once the agent simulates its design.' : trajectory.state === 'loading' ? 'Loading the simulation…' : model.state === 'loading' ? 'Loading the model…' : null;
  const error = trajectory.state === 'error' ? `Could not load the simulation: ${trajectory.message}` : model.state === 'error' ? `Could not load the model: ${model.message}` : null;

  return (
    <div className="sim-player" data-testid="simulation-player">
      <div className="canvas-host" ref={host}>
        {status && <p className="empty-state overlay">{status}</p>}
        {error && (
          <p className="error-text overlay" role="alert">
            {error}
          </p>
        )}
        {traj && !gl && <p className="muted overlay">3D view unavailable (this browser has no WebGL); the timeline still plays.</p>}
      </div>
      <div className="timeline" role="group" aria-label="Simulation timeline">
        <button
          type="button"
          className="icon-button"
          aria-label={playing ? 'Pause' : 'Play'}
          disabled={!traj}
          onClick={() => {
            if (!playing && time >= end) setTime(0);
            setPlaying((p) => !p);
          }}
          data-testid="sim-play"
        >
          {playing ? <Pause size={14} aria-hidden /> : <Play size={14} aria-hidden />}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Rewind"
          disabled={!traj}
          onClick={() => {
            setPlaying(false);
            setTime(0);
          }}
          data-testid="sim-rewind"
        >
          <RotateCcw size={14} aria-hidden />
        </button>
        <input
          type="range"
          aria-label="Seek"
          min={0}
          max={end}
          step={0.01}
          value={Math.min(time, end)}
          disabled={!traj}
          onChange={(e) => {
            setPlaying(false);
            setTime(Number(e.target.value));
          }}
          data-testid="sim-seek"
        />
        <output className="sim-time" data-testid="sim-time" aria-live="off">
          {formatSeconds(time)}
        </output>
        <span className="muted">/ {formatSeconds(end)}</span>
      </div>
    </div>
  );
}
