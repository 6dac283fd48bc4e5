// The one place the backend touches the robot and scene assets (services/arena-assets).
import { composeModel, listRobots, listScenes, UnknownAssetError } from '../../arena-assets/src/compose.ts';

export { UnknownAssetError };

export const robots = () => listRobots();
export const scenes = () => listScenes();

export function hasRobot(id: string): boolean {
  return listRobots().some((r) => r.id === id);
}
export function hasScene(id: string): boolean {
  return listScenes().some((s) => s.id === id);
}

/** The complete MJCF for a robot in a scene; throws UnknownAssetError naming an unknown id. */
export function compose(robotId: string, sceneId: string): string {
  return composeModel(robotId, sceneId);
}
