import type { Service } from '../../../shared/src/service.ts';
import { robots } from '../assets.ts';
import { RobotList } from '../schemas.ts';

export function registerRobotRoutes(app: Service): void {
  app.get('/api/robots', { schema: { summary: 'Robots a session can use', tags: ['assets'], response: { 200: RobotList } } }, async () => ({
    robots: robots(),
  }));
}
