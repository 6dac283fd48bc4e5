// What a policy is to the server: something that, given a loaded MuJoCo model, yields a controller
// for one episode; the controller is asked for an action (8 numbers in [-1, 1]) each control step.
import type { LoadedModel } from '../mujoco.ts';

export interface EpisodeContext extends LoadedModel {
  modelId: string;
  instruction: string;
  /** Simulated length of the episode, seconds (some policies plan in phases of it). */
  duration: number;
}

export interface Controller {
  /** The next action from the current state (data), 8 numbers in [-1, 1]. */
  act(): number[];
}

export interface Policy {
  /** What /info says about it: honest, this is what the policy is. */
  type: string;
  description: string;
  start(ctx: EpisodeContext): Controller;
  /** The one action /predict answers for the model's starting state. */
  predict(ctx: EpisodeContext): number[];
}

export const ACTION_SIZE = 8;

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
