// Renders of a simulation, by the policy in docs/decisions/0018-renders.md: after every full-mode
// simulation (smoke runs are a quick check and render nothing), four still views of the assembly
// at its start pose — front, side, top, iso — and a video of the run from the trajectory, each
// 320 × 240, zones drawn in their colours (goal green, forbid red, build blue), the moved object
// orange. The video keeps the trajectory's real time: at most MAX_VIDEO_FRAMES frames, sampled
// evenly, H.264 in MP4 by the ffmpeg binary that ships inside an npm package (@ffmpeg-installer).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ChildPart } from '../cad/run-script.ts';
import { movedObjectMesh } from '../glb.ts';
import type { Objectives, Vec3 } from '../objectives.ts';
import type { Trajectory } from '../simulate/run.ts';
import { Frame, VIEWS, type BoxItem, type MeshItem, type Rgb } from './raster.ts';

export const RENDER_WIDTH = 320;
export const RENDER_HEIGHT = 240;
export const MAX_VIDEO_FRAMES = 150;
export const RENDERS_DIR = 'renders';
export const VIDEO_FILE = `${RENDERS_DIR}/simulation.mp4`;

export const ZONE_COLORS = { goal: [0, 170, 70] as Rgb, forbid: [220, 40, 40] as Rgb, build: [40, 110, 230] as Rgb };
export const MOVED_COLOR: Rgb = [240, 140, 40];
const PART_COLORS: Rgb[] = [[150, 160, 178], [120, 130, 150], [176, 160, 140], [140, 170, 160], [170, 150, 175], [160, 160, 160]];

interface Body {
  name: string;
  vert: number[];
  tri: number[];
  color: Rgb;
}

function colorOf(material: string, index: number): Rgb {
  let h = index;
  for (const ch of material) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PART_COLORS[h % PART_COLORS.length]!;
}

function bodiesOf(parts: ChildPart[], objectives: Objectives, start: Vec3): Body[] {
  const m = objectives.moved_object;
  return [
    ...parts.map((p, i) => ({ name: p.name, vert: p.mesh.vert, tri: p.mesh.tri, color: colorOf(String(p.metadata.material_id), i) })),
    { name: m.label, ...movedObjectMesh(m.shape, m, start), color: MOVED_COLOR },
  ];
}

function zonesOf(o: Objectives): BoxItem[] {
  return [
    { ...o.objectives.build_zone, color: ZONE_COLORS.build },
    ...o.objectives.forbid_zones.map((z) => ({ min: z.min, max: z.max, color: ZONE_COLORS.forbid })),
    { ...o.objectives.goal_zone, color: ZONE_COLORS.goal },
  ];
}

function boundsOf(points: Iterable<ArrayLike<number>>): { min: number[]; max: number[] } {
  const min = [Infinity, Infinity, Infinity], max = [-Infinity, -Infinity, -Infinity];
  for (const v of points) for (let i = 0; i + 2 < v.length; i += 3) for (let k = 0; k < 3; k++) {
    min[k] = Math.min(min[k]!, v[i + k]!);
    max[k] = Math.max(max[k]!, v[i + k]!);
  }
  return { min, max };
}

const corners = (b: { min: readonly number[]; max: readonly number[] }) => [...b.min, ...b.max];

/** The still views at the start pose: view name → PNG bytes. */
export function renderViews(parts: ChildPart[], objectives: Objectives, start: Vec3): Map<string, Buffer> {
  const bodies = bodiesOf(parts, objectives, start);
  const zones = zonesOf(objectives);
  const bounds = boundsOf([...bodies.map((b) => b.vert), ...zones.map(corners)]);
  const out = new Map<string, Buffer>();
  for (const view of VIEWS) {
    const frame = new Frame(RENDER_WIDTH, RENDER_HEIGHT, view, bounds);
    for (const b of bodies) frame.mesh(b as MeshItem);
    for (const z of zones) frame.box(z);
    out.set(view.name, frame.png());
  }
  return out;
}

type Pose = number[];
/** v' = R(q1) · R(q0)⁻¹ · (v − p0) + p1 for every vertex: a body moved from pose 0 to pose 1. */
export function moveVertices(vert: readonly number[], from: Pose, to: Pose): number[] {
  const rot = (q: Pose, v: number[], inverse: boolean): number[] => {
    const [x, y, z] = v as [number, number, number];
    const [qx, qy, qz, qw] = [inverse ? -q[3]! : q[3]!, inverse ? -q[4]! : q[4]!, inverse ? -q[5]! : q[5]!, q[6]!];
    const tx = 2 * (qy * z - qz * y), ty = 2 * (qz * x - qx * z), tz = 2 * (qx * y - qy * x);
    return [x + qw * tx + (qy * tz - qz * ty), y + qw * ty + (qz * tx - qx * tz), z + qw * tz + (qx * ty - qy * tx)];
  };
  const out = new Array<number>(vert.length);
  for (let i = 0; i < vert.length; i += 3) {
    const local = rot(from, [vert[i]! - from[0]!, vert[i + 1]! - from[1]!, vert[i + 2]! - from[2]!], true);
    const w = rot(to, local, false);
    out[i] = w[0]! + to[0]!;
    out[i + 1] = w[1]! + to[1]!;
    out[i + 2] = w[2]! + to[2]!;
  }
  return out;
}

/** Which trajectory frames the video shows, and at what frame rate, to keep real time. */
export function videoSampling(frames: number, sampleHz: number): { indices: number[]; fps: number } {
  const step = Math.max(1, Math.ceil(frames / MAX_VIDEO_FRAMES));
  const indices: number[] = [];
  for (let i = 0; i < frames; i += step) indices.push(i);
  if (indices.at(-1) !== frames - 1) indices.push(frames - 1);
  return { indices, fps: sampleHz / step };
}

/** Where the bundled ffmpeg is (FFMPEG_PATH overrides). */
export function ffmpegPath(): string {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve(`@ffmpeg-installer/${process.platform}-${process.arch}/package.json`)), 'ffmpeg');
  } catch {
    throw new Error(`no ffmpeg for ${process.platform}-${process.arch}: install @ffmpeg-installer/ffmpeg or set FFMPEG_PATH`);
  }
}

/** The video of a run (iso view), written to `file`: frames, fps and bytes. */
export async function renderVideo(parts: ChildPart[], objectives: Objectives, start: Vec3, trajectory: Trajectory, file: string): Promise<{ frames: number; fps: number; bytes: number }> {
  const bodies = bodiesOf(parts, objectives, start);
  const zones = zonesOf(objectives);
  const first = trajectory.frames[0]!.poses;
  const { indices, fps } = videoSampling(trajectory.frames.length, trajectory.sample_hz);
  const posed = indices.map((i) => {
    const poses = trajectory.frames[i]!.poses;
    return bodies.map((b) => ({ ...b, vert: poses[b.name] && first[b.name] ? moveVertices(b.vert, first[b.name]!, poses[b.name]!) : b.vert }));
  });
  const bounds = boundsOf([...posed.flatMap((p) => p.map((b) => b.vert)), ...zones.map(corners)]);
  const iso = VIEWS.find((v) => v.name === 'iso')!;
  const tmp = `${file}.${process.pid}.tmp.mp4`;
  const ffmpeg = spawn(ffmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${RENDER_WIDTH}x${RENDER_HEIGHT}`, '-r', String(fps), '-i', 'pipe:0',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y', tmp,
  ], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  ffmpeg.stderr.on('data', (c) => (stderr += c));
  ffmpeg.stdin.on('error', () => undefined); // an early exit is reported by its exit code below
  const done = new Promise<number | null>((resolve, reject) => {
    ffmpeg.once('error', reject);
    ffmpeg.once('close', resolve);
  });
  try {
    for (const frameBodies of posed) {
      const frame = new Frame(RENDER_WIDTH, RENDER_HEIGHT, iso, bounds);
      for (const b of frameBodies) frame.mesh(b);
      for (const z of zones) frame.box(z);
      if (!ffmpeg.stdin.write(frame.rgba)) await new Promise((r) => ffmpeg.stdin.once('drain', r));
    }
    ffmpeg.stdin.end();
    const code = await done;
    if (code !== 0) throw new Error(`ffmpeg exited with ${code}: ${stderr.trim().slice(0, 500)}`);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { frames: indices.length, fps, bytes: fs.statSync(file).size };
}
