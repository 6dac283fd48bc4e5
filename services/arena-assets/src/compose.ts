// PLACEHOLDER written on the wt-backend branch so the arena backend builds and runs before the
// real asset composer lands; the arena-assets branch's version of this file replaces it at merge.
// Same interface: listRobots, listScenes, composeModel, UnknownAssetError.

export interface RobotInfo {
  id: string;
  name: string;
  dof: number;
  actuators: number;
}
export interface SceneInfo {
  id: string;
  name: string;
  description: string;
  objects: string[];
}

export class UnknownAssetError extends Error {
  constructor(
    readonly kind: 'robot' | 'scene',
    readonly id: string,
  ) {
    super(`unknown ${kind} ${JSON.stringify(id)}`);
    this.name = 'UnknownAssetError';
  }
}

const ROBOTS: RobotInfo[] = [{ id: 'franka_panda', name: 'Franka Panda (placeholder)', dof: 7, actuators: 8 }];
const SCENES: SceneInfo[] = [
  { id: 'table_pick_place', name: 'Table pick and place (placeholder)', description: 'A table with a red cube.', objects: ['red_cube'] },
];

export function listRobots(): RobotInfo[] {
  return ROBOTS.map((r) => ({ ...r }));
}

export function listScenes(): SceneInfo[] {
  return SCENES.map((s) => ({ ...s, objects: [...s.objects] }));
}

/** A tiny valid MJCF: a 7-hinge chain with a slide "gripper" (8 motors) and a cube on a table. */
export function composeModel(robotId: string, sceneId: string): string {
  if (!ROBOTS.some((r) => r.id === robotId)) throw new UnknownAssetError('robot', robotId);
  if (!SCENES.some((s) => s.id === sceneId)) throw new UnknownAssetError('scene', sceneId);
  let chain = '';
  let close = '';
  for (let i = 1; i <= 7; i++) {
    chain += `<body name="link${i}" pos="0 0 0.1"><joint name="joint${i}" type="hinge" axis="${i % 2 ? '0 0 1' : '0 1 0'}" range="-2.8 2.8"/><geom type="capsule" size="0.03" fromto="0 0 0 0 0 0.1"/>`;
    close += '</body>';
  }
  const motors = Array.from({ length: 7 }, (_, i) => `<motor joint="joint${i + 1}" ctrlrange="-1 1" gear="10"/>`).join('');
  return `<mujoco model="${robotId}__${sceneId}">
  <worldbody>
    <geom name="floor" type="plane" size="2 2 0.1"/>
    <body name="table" pos="0.5 0 0.2"><geom type="box" size="0.3 0.3 0.2"/></body>
    <body name="red_cube" pos="0.5 0 0.43"><freejoint/><geom type="box" size="0.02 0.02 0.02" rgba="1 0 0 1" mass="0.05"/></body>
    <body name="base">${chain}<body name="finger" pos="0 0 0.1"><joint name="gripper" type="slide" axis="1 0 0" range="0 0.04"/><geom type="box" size="0.01 0.01 0.02"/></body>${close}</body>
  </worldbody>
  <actuator>${motors}<motor joint="gripper" ctrlrange="-1 1"/></actuator>
</mujoco>
`;
}
