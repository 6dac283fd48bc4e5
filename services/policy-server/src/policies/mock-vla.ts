// The seed's mock model: no perception, no physics knowledge, just a deterministic function of
// (model id, instruction). A sha256 of both seeds a small PRNG, so the same input gives the same
// actions in every process and after every restart, and two model ids give different ones.
import crypto from 'node:crypto';
import { ACTION_SIZE, type Policy } from './types.ts';

function prng(seed: string): () => number {
  let state = crypto.createHash('sha256').update(seed).digest().readUInt32LE(0);
  // mulberry32
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The action /predict answers: 8 numbers in [-1, 1], a pure function of model id and instruction. */
export function mockAction(modelId: string, instruction: string): number[] {
  const next = prng(`${modelId}\n${instruction}`);
  return Array.from({ length: ACTION_SIZE }, () => next() * 2 - 1);
}

export const mockVla: Policy = {
  type: 'mock (deterministic hash of model id and instruction; not a neural network)',
  description:
    'Stands in for a vision-language-action model: its actions depend only on the model id and the instruction. In an episode ' +
    'it eases from the robot\'s starting targets to that action, so its motion is smooth and reproducible.',
  predict: ({ modelId, instruction }) => mockAction(modelId, instruction),
  start({ modelId, instruction, model, data, duration }) {
    const goal = mockAction(modelId, instruction).map((v) => v * 0.6);
    // Where each actuator's joint starts, normalised into its control range.
    const start = Array.from({ length: ACTION_SIZE }, (_, i) => {
      if (i >= model.nu) return 0;
      const [lo, hi] = [model.actuator_ctrlrange[2 * i]!, model.actuator_ctrlrange[2 * i + 1]!];
      const joint = model.actuator_trnid[2 * i]!;
      const q = joint >= 0 ? data.qpos[model.jnt_qposadr[joint]!]! : 0;
      return hi > lo ? ((q - lo) / (hi - lo)) * 2 - 1 : 0;
    });
    return {
      act: () => {
        const s = Math.min(1, data.time / Math.max(duration * 0.8, 1e-9));
        const ease = s * s * (3 - 2 * s);
        return start.map((a, i) => Math.max(-1, Math.min(1, a + (goal[i]! - a) * ease)));
      },
    };
  },
};
