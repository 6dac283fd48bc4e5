// Robots and scenes, written in MJCF in this folder, and the one way they become a model: the
// scene's file with the robot's sections merged in (robot bodies first, so the robot's joints
// lead qpos), and the robot's "home" keyframe extended with the scene's free bodies as placed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
    known: string[],
  ) {
    super(`unknown ${kind} ${JSON.stringify(id)} (known: ${known.join(', ')})`);
    this.name = 'UnknownAssetError';
  }
}

const ROBOTS: RobotInfo[] = [{ id: 'franka_panda', name: 'Franka Panda (7-DoF arm, parallel gripper)', dof: 7, actuators: 8 }];
const SCENES: SceneInfo[] = [
  { id: 'table_pick_place', name: 'Table pick and place', description: 'Three 5 cm cubes (red, green, blue) on a table in front of the robot.', objects: ['red_cube', 'green_cube', 'blue_cube'] },
  { id: 'push_to_target', name: 'Push to target', description: 'A yellow cube to push onto the green target square on the table.', objects: ['yellow_cube'] },
];

/** Where the MJCF files are: ARENA_ASSETS_DIR (bundled services), else this folder's parent. */
function assetsDir(): string {
  return process.env.ARENA_ASSETS_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

export function listRobots(): RobotInfo[] {
  return ROBOTS.map((r) => ({ ...r }));
}

export function listScenes(): SceneInfo[] {
  return SCENES.map((s) => ({ ...s, objects: [...s.objects] }));
}

/** The inside of a top-level `<tag>…</tag>` section (to its last closing tag: defaults nest), or ''. */
function section(xml: string, tag: string): string {
  const start = xml.indexOf(`<${tag}>`);
  const end = xml.lastIndexOf(`</${tag}>`);
  return start < 0 || end < start ? '' : xml.slice(start + tag.length + 2, end);
}

const withoutComments = (xml: string) => xml.replace(/<!--[\s\S]*?-->/g, '');

/** One complete MJCF model: `robotId` standing at the origin of `sceneId`. */
export function composeModel(robotId: string, sceneId: string): string {
  if (!ROBOTS.some((r) => r.id === robotId)) throw new UnknownAssetError('robot', robotId, ROBOTS.map((r) => r.id));
  if (!SCENES.some((s) => s.id === sceneId)) throw new UnknownAssetError('scene', sceneId, SCENES.map((s) => s.id));
  const robot = withoutComments(fs.readFileSync(path.join(assetsDir(), 'robots', `${robotId}.xml`), 'utf8'));
  const scene = withoutComments(fs.readFileSync(path.join(assetsDir(), 'scenes', `${sceneId}.xml`), 'utf8'));
  const sceneBody = section(scene, 'worldbody');
  // A free body's qpos is its position and a unit quaternion, in document order after the robot's.
  const freeBodies = [...sceneBody.matchAll(/<body name="[^"]+" pos="([^"]+)">\s*<freejoint/g)].map((m) => `${m[1]} 1 0 0 0`);
  const home = /<key name="home" qpos="([^"]+)"/.exec(robot)?.[1];
  const merged = (tag: string) => {
    const inner = `${section(robot, tag)}${section(scene, tag)}`.trim();
    return inner ? `  <${tag}>\n${inner}\n  </${tag}>\n` : '';
  };
  return [
    `<mujoco model="${robotId}__${sceneId}">`,
    // Angles are radians throughout (MJCF's default is degrees).
    '<compiler angle="radian" autolimits="true"/>',
    /<option[^>]*\/>/.exec(scene)?.[0] ?? '',
    /<size[^>]*\/>/.exec(scene)?.[0] ?? '',
    merged('default'),
    `  <worldbody>\n${section(robot, 'worldbody')}\n${sceneBody}\n  </worldbody>`,
    merged('contact'),
    merged('equality'),
    merged('actuator'),
    home ? `  <keyframe>\n    <key name="home" qpos="${[home, ...freeBodies].join(' ')}"/>\n  </keyframe>` : '',
    '</mujoco>',
    '',
  ].join('\n');
}
