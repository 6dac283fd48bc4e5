// The closed loop of one episode: observe (the data MuJoCo holds) → act → step, the action held
// for one control period. states[i] is the state after actions[i] was applied for that period.
import type { LoadedModel } from './mujoco.ts';
import { ACTION_SIZE, type Controller } from './policies/types.ts';

export interface State {
  qpos: number[];
  qvel: number[];
  time: number;
}

export interface RolloutResult {
  actions: number[][];
  states: State[];
  steps: number;
  truncated: boolean;
  control_dt: number;
}

/** Starts at the model's "home" keyframe where it has one, else at its qpos0. */
export function resetToStart({ mj, model, data }: LoadedModel): void {
  const home = mj.mj_name2id(model, (mj.mjtObj as unknown as Record<string, { value: number }>).mjOBJ_KEY!.value, 'home');
  if (home >= 0) mj.mj_resetDataKeyframe(model, data, home);
  else mj.mj_resetData(model, data);
  mj.mj_forward(model, data);
}

/** An action in [-1, 1] to each actuator's control range (an unlimited actuator takes it as is). */
export function applyAction({ model, data }: LoadedModel, action: number[]): void {
  for (let i = 0; i < Math.min(model.nu, ACTION_SIZE); i++) {
    const [lo, hi] = [model.actuator_ctrlrange[2 * i]!, model.actuator_ctrlrange[2 * i + 1]!];
    const a = Math.max(-1, Math.min(1, action[i]!));
    data.ctrl[i] = hi > lo ? lo + ((a + 1) / 2) * (hi - lo) : a;
  }
}

export function rollout(loaded: LoadedModel, controller: Controller, options: { steps: number; controlDt: number; budgetMs: number }): RolloutResult {
  const { mj, model, data } = loaded;
  const substeps = Math.max(1, Math.round(options.controlDt / model.opt.timestep));
  const started = performance.now();
  const actions: number[][] = [];
  const states: State[] = [];
  let truncated = false;
  for (let i = 0; i < options.steps; i++) {
    if (performance.now() - started > options.budgetMs) {
      truncated = true;
      break;
    }
    const action = controller.act();
    applyAction(loaded, action);
    for (let k = 0; k < substeps; k++) mj.mj_step(model, data);
    actions.push(action);
    states.push({ qpos: Array.from(data.qpos), qvel: Array.from(data.qvel), time: data.time });
  }
  return { actions, states, steps: actions.length, truncated, control_dt: substeps * model.opt.timestep };
}
