// The official MuJoCo WebAssembly build (mujoco-js), loaded once and on demand: the module is
// ~11 MB with its WASM embedded, so it is a dynamic import that does not hold up the first paint.
import type { MainModule, MjData, MjModel } from 'mujoco-js';

let loading: Promise<MainModule> | null = null;

export function loadMujoco(): Promise<MainModule> {
  loading ??= (async () => {
    const { default: factory } = await import('mujoco-js');
    const mujoco = await factory();
    const fs = (mujoco as unknown as { FS: EmscriptenFs; MEMFS: unknown }).FS;
    fs.mkdir('/arena');
    fs.mount((mujoco as unknown as { MEMFS: unknown }).MEMFS, { root: '.' }, '/arena');
    return mujoco;
  })();
  // A failed load (e.g. a network error fetching the chunk) may be retried by the next caller.
  loading.catch(() => (loading = null));
  return loading;
}

interface EmscriptenFs {
  mkdir(path: string): void;
  mount(type: unknown, opts: object, path: string): void;
  writeFile(path: string, data: string): void;
  unlink(path: string): void;
}

let fileSeq = 0;

/** A joint with one qpos value (hinge or slide): what the readout lists. */
export interface ScalarJoint {
  name: string;
  qposAdr: number;
  kind: 'hinge' | 'slide';
}

/** One compiled model and its data: the replay sets qpos and runs mj_forward, never mj_step. */
export class Replay {
  private constructor(
    readonly mujoco: MainModule,
    readonly model: MjModel,
    readonly data: MjData,
  ) {}

  static async fromXml(xml: string): Promise<Replay> {
    const mujoco = await loadMujoco();
    const fs = (mujoco as unknown as { FS: EmscriptenFs }).FS;
    const file = `/arena/model-${++fileSeq}.xml`;
    fs.writeFile(file, xml);
    try {
      const model = mujoco.MjModel.loadFromXML(file);
      if (!model) throw new Error('MuJoCo could not compile the MJCF');
      const data = new mujoco.MjData(model);
      return new Replay(mujoco, model, data);
    } finally {
      fs.unlink(file);
    }
  }

  get nq(): number {
    return this.model.nq;
  }

  /** The hinge and slide joints in model order (the arm's joints and the gripper's). */
  scalarJoints(): ScalarJoint[] {
    const m = this.model;
    const { mjJNT_HINGE, mjJNT_SLIDE } = this.mujoco.mjtJoint;
    const types = m.jnt_type as ArrayLike<number>;
    const adr = m.jnt_qposadr as ArrayLike<number>;
    const out: ScalarJoint[] = [];
    for (let j = 0; j < m.njnt; j++) {
      const type = types[j];
      if (type !== mjJNT_HINGE.value && type !== mjJNT_SLIDE.value) continue;
      const name = this.mujoco.mj_id2name(m, this.mujoco.mjtObj.mjOBJ_JOINT.value, j) || `joint ${j}`;
      out.push({ name, qposAdr: adr[j]!, kind: type === mjJNT_HINGE.value ? 'hinge' : 'slide' });
    }
    return out;
  }

  /** Puts the recorded positions in and computes the kinematics (geom poses) from them. */
  setQpos(qpos: readonly number[]): void {
    const target = this.data.qpos as Float64Array;
    const n = Math.min(target.length, qpos.length);
    for (let i = 0; i < n; i++) target[i] = qpos[i]!;
    this.mujoco.mj_forward(this.model, this.data);
  }

  qpos(): Float64Array {
    return this.data.qpos as Float64Array;
  }

  dispose(): void {
    this.data.delete();
    this.model.delete();
  }
}
