// A real controller, not a learned model: reach and grasp by inverse kinematics. It reads the
// instruction for the object to take ("pick up the red cube" → body `red_cube`), finds it in the
// MuJoCo model, and moves the gripper site (`grip_site`) above it, down onto it, closes the
// gripper and lifts, each step solving damped least squares on MuJoCo's own site Jacobian
// (position, and the gripper's axis kept pointing down).
import type { MainModule, MjData, MjModel } from 'mujoco-js';
import { ACTION_SIZE, clamp, type EpisodeContext, type Policy } from './types.ts';

const COLOURS = ['red', 'green', 'blue', 'yellow', 'orange', 'purple', 'white', 'black'];
/** Damping of the least-squares solve (keeps steps bounded near singularities). */
const LAMBDA = 0.05;
/** Largest position correction asked for in one control step, metres. */
const MAX_STEP_M = 0.03;

function obj(mj: MainModule, name: 'mjOBJ_BODY' | 'mjOBJ_SITE' | 'mjOBJ_JOINT'): number {
  return (mj.mjtObj as unknown as Record<string, { value: number }>)[name]!.value;
}

/** The body the instruction names: `<colour>_<noun>`, else any free body named by a word of it, else the first free body. */
export function targetBody(mj: MainModule, model: MjModel, instruction: string): number {
  const words = instruction.toLowerCase().match(/[a-z]+/g) ?? [];
  const free: { id: number; name: string }[] = [];
  for (let j = 0; j < model.njnt; j++) {
    if (model.jnt_type[j] !== 0) continue; // mjJNT_FREE
    const id = model.jnt_bodyid[j]!;
    free.push({ id, name: mj.mj_id2name(model, obj(mj, 'mjOBJ_BODY'), id) ?? '' });
  }
  const colour = words.find((w) => COLOURS.includes(w));
  const byColour = colour ? free.find((b) => b.name.startsWith(`${colour}_`)) : undefined;
  const byWord = free.find((b) => words.some((w) => w.length >= 3 && b.name.split('_').includes(w)));
  return (byColour ?? byWord ?? free[0])?.id ?? -1;
}

/** Solves (A) x = b for a small dense system, Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

interface Arm {
  site: number;
  /** Per arm actuator (the first seven): its joint's qpos and dof addresses and control range. */
  joints: { qpos: number; dof: number; lo: number; hi: number }[];
  gripper: { lo: number; hi: number };
}

function armOf(mj: MainModule, model: MjModel): Arm | undefined {
  const site = mj.mj_name2id(model, obj(mj, 'mjOBJ_SITE'), 'grip_site');
  if (site < 0 || model.nu < ACTION_SIZE) return undefined;
  const joints = [];
  for (let i = 0; i < 7; i++) {
    const joint = model.actuator_trnid[2 * i]!;
    if (joint < 0) return undefined;
    joints.push({ qpos: model.jnt_qposadr[joint]!, dof: model.jnt_dofadr[joint]!, lo: model.actuator_ctrlrange[2 * i]!, hi: model.actuator_ctrlrange[2 * i + 1]! });
  }
  return { site, joints, gripper: { lo: model.actuator_ctrlrange[14]!, hi: model.actuator_ctrlrange[15]! } };
}

const normalise = (v: number, lo: number, hi: number) => (hi > lo ? clamp(((v - lo) / (hi - lo)) * 2 - 1, -1, 1) : 0);

/** Joint targets that move the site by `dp` and turn its z axis toward -z, by damped least squares. */
function ikStep(mj: MainModule, model: MjModel, data: MjData, arm: Arm, dp: number[]): number[] {
  const nv = model.nv;
  const jacp = new mj.DoubleBuffer(3 * nv);
  const jacr = new mj.DoubleBuffer(3 * nv);
  try {
    mj.mj_jacSite(model, data, jacp, jacr, arm.site);
    const p = jacp.GetView() as Float64Array;
    const r = jacr.GetView() as Float64Array;
    const m = data.site_xmat.subarray(9 * arm.site, 9 * arm.site + 9);
    const z = [m[2]!, m[5]!, m[8]!];
    // Axis error: rotate z toward (0, 0, -1); its component about z itself is free.
    const er = [z[1]! * -1 - z[2]! * 0, z[2]! * 0 - z[0]! * -1, 0].map((v) => v * 0.5);
    const rows = [0, 1, 2].map((k) => arm.joints.map((j) => p[k * nv + j.dof]!)).concat([0, 1, 2].map((k) => arm.joints.map((j) => r[k * nv + j.dof]!)));
    const e = [...dp, ...er];
    // dq = Jᵀ (J Jᵀ + λ² I)⁻¹ e
    const jjt = rows.map((a, i) => rows.map((b, k) => a.reduce((s, v, c) => s + v * b[c]!, 0) + (i === k ? LAMBDA * LAMBDA : 0)));
    const y = solve(jjt, e);
    return arm.joints.map((j, c) => data.qpos[j.qpos]! + rows.reduce((s, row, i) => s + row[c]! * y[i]!, 0));
  } finally {
    jacp.delete();
    jacr.delete();
  }
}

export const ikGrasp: Policy = {
  type: 'controller (Jacobian inverse kinematics, damped least squares; not a neural network)',
  description:
    'Finds the object the instruction names in the scene, then moves the gripper above it, down onto it, closes the gripper and ' +
    'lifts, solving inverse kinematics on MuJoCo\'s site Jacobian each control step. Without an arm (no grip_site, fewer than 8 ' +
    'actuators) it answers the neutral action: every actuator at the middle of its range.',
  predict: (ctx) => ikGrasp.start(ctx).act(),
  start({ mj, model, data, instruction, duration }: EpisodeContext) {
    const arm = armOf(mj, model);
    const body = targetBody(mj, model, instruction);
    if (!arm || body < 0) return { act: () => new Array(ACTION_SIZE).fill(0) };
    return {
      act: () => {
        const phase = data.time / Math.max(duration, 1e-9);
        const object = Array.from(data.xpos.subarray(3 * body, 3 * body + 3) as Float64Array);
        const height = phase < 0.35 ? 0.15 : phase < 0.8 ? 0 : 0.2;
        const goal = [object[0]!, object[1]!, object[2]! + height];
        const site = Array.from(data.site_xpos.subarray(3 * arm.site, 3 * arm.site + 3) as Float64Array);
        const dp = goal.map((g, i) => g - site[i]!);
        const norm = Math.hypot(...dp);
        const step = norm > MAX_STEP_M ? dp.map((v) => (v * MAX_STEP_M) / norm) : dp;
        const targets = ikStep(mj, model, data, arm, step);
        const closed = phase >= 0.65;
        return [
          ...targets.map((q, i) => normalise(q, arm.joints[i]!.lo, arm.joints[i]!.hi)),
          closed ? -1 : 1,
        ];
      },
    };
  },
};
