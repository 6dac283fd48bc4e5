// Test scenes shared by the unit tests and the bench: a session dir with a build script and an
// objectives.yaml. Z up, metres. (Not a test file: *.fixture.ts is not picked up by the runner.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

export interface SceneOptions {
  script: string;
  goal?: { min: number[]; max: number[] };
  forbid?: { name: string; min: number[]; max: number[] }[];
  start: number[];
  jitter?: number[];
  radius?: number;
  bounds?: { min: number[]; max: number[] };
  build?: { min: number[]; max: number[] };
  constraints?: Record<string, number>;
}

export function objectivesYaml(o: Omit<SceneOptions, 'script'>): string {
  return stringify({
    objectives: {
      goal_zone: o.goal ?? { min: [0.3, 0.3, 0], max: [0.4, 0.4, 0.1] },
      forbid_zones: o.forbid ?? [],
      build_zone: o.build ?? { min: [-0.5, -0.5, -0.1], max: [0.5, 0.5, 0.5] },
    },
    simulation_bounds: o.bounds ?? { min: [-1, -1, -0.2], max: [1, 1, 1] },
    moved_object: { label: 'ball', shape: 'sphere', radius: o.radius ?? 0.01, material_id: 'steel', start_position: o.start, runtime_jitter: o.jitter ?? [0, 0, 0] },
    constraints: o.constraints ?? { max_unit_cost: 10000, max_weight_g: 100000 },
  });
}

export function sceneDir(o: SceneOptions): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-scene-'));
  fs.writeFileSync(path.join(dir, 'script.ts'), o.script);
  fs.writeFileSync(path.join(dir, 'objectives.yaml'), objectivesYaml(o));
  return dir;
}

export const FLOOR = `part('floor', box([0.8, 0.8, 0.02]).translate(0, 0, -0.01), { material_id: 'aluminum_6061', fixed: true })`;

/** Ball centre resting on a plate tilted 15° about Y (its +X end low), 5 cm from that end. */
export function tiltedPlateStart(r = 0.01, deg = 15): number[] {
  const a = (deg * Math.PI) / 180;
  const lx = 0.05, lz = 0.005 + r + 0.0005;
  return [lx * Math.cos(a) + lz * Math.sin(a), 0, -lx * Math.sin(a) + lz * Math.cos(a)];
}

export const SCRIPTS = {
  floor: `import { box, part } from 'workbench/cad';\nexport default () => [${FLOOR}];`,
  tilted: `import { box, part } from 'workbench/cad';\nexport default () => [part('ramp', box([0.2, 0.1, 0.01]).rotate(0, 15, 0), { material_id: 'aluminum_6061', fixed: true })];`,
  /** A free-floating 2 cm steel cube on a prismatic X joint to the world, with an actuator. */
  slider: (joint: Record<string, unknown>) =>
    `import { box, part } from 'workbench/cad';\nexport default () => [${FLOOR}, part('carriage', box([0.02, 0.02, 0.02]).translate(0, 0, 0.2), { material_id: 'steel', fixed: false, joint: ${JSON.stringify({ type: 'prismatic', anchor: [0, 0, 0.2], axis: [1, 0, 0], ...joint })} })];`,
};
