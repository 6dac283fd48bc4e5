import type { Service } from '../../../shared/src/service.ts';
import { scenes } from '../assets.ts';
import { SceneList } from '../schemas.ts';

export function registerSceneRoutes(app: Service): void {
  app.get('/api/scenes', { schema: { summary: 'Scenes a session can use', tags: ['assets'], response: { 200: SceneList } } }, async () => ({
    scenes: scenes(),
  }));
}
