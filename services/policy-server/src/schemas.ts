import { Type } from 'typebox';
import { LIMITS } from './config.ts';

const Instruction = Type.String({ minLength: 1, maxLength: LIMITS.maxInstruction, pattern: '\\S', description: 'what the robot should do, in words' });
const Xml = Type.String({ minLength: 1, description: `a whole MJCF model (<mujoco> root, no file references), at most ${LIMITS.xmlBytes} bytes` });

export const PredictBody = Type.Object({ instruction: Instruction, xml_string: Xml });
export const PredictResponse = Type.Object({ action: Type.Array(Type.Number({ minimum: -1, maximum: 1 }), { minItems: 8, maxItems: 8 }), model_id: Type.String() });

export const EpisodeBody = Type.Object({
  instruction: Instruction,
  xml_string: Xml,
  steps: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxSteps, description: `control steps (default ${LIMITS.defaultSteps})` })),
  control_dt: Type.Optional(Type.Number({ minimum: 0.001, maximum: 0.1, description: `seconds each action is held (default ${LIMITS.defaultControlDt}; rounded to whole timesteps)` })),
});
const State = Type.Object({ qpos: Type.Array(Type.Number()), qvel: Type.Array(Type.Number()), time: Type.Number() });
export const EpisodeResponse = Type.Object({
  model_id: Type.String(),
  actions: Type.Array(Type.Array(Type.Number({ minimum: -1, maximum: 1 }))),
  states: Type.Array(State, { description: 'states[i]: the state after actions[i] was held for one control period' }),
  duration_ms: Type.Number(),
  steps: Type.Integer(),
  control_dt: Type.Number(),
  timestep: Type.Number(),
  truncated: Type.Boolean({ description: 'the rollout hit its wall-time budget before `steps`' }),
});

export const Health = Type.Object({ status: Type.Literal('healthy'), service: Type.Literal('policy-server'), model: Type.String(), policy: Type.String(), mujoco_version: Type.String() });
export const Info = Type.Object({
  model_id: Type.String(),
  name: Type.String(),
  policy: Type.String(),
  type: Type.String(),
  description: Type.String(),
  device: Type.Literal('cpu'),
  loaded: Type.Boolean(),
  action_dim: Type.Literal(8),
  action_space: Type.String(),
  simulator: Type.String(),
  limits: Type.Object({ xml_bytes: Type.Integer(), max_steps: Type.Integer() }),
});

