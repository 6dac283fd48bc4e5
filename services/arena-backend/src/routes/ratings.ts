import type { Service } from '../../../shared/src/service.ts';
import type { Arena } from '../context.ts';
import { RatingsRun, RatingsStatus } from '../schemas.ts';

const tags = ['ratings'];

export function registerRatingsRoutes(app: Service, arena: Arena): void {
  app.post(
    '/api/ratings/run',
    {
      schema: {
        summary: 'Run the ratings job now and wait for it (after any run in progress); applies every pending vote',
        tags,
        response: { 200: RatingsRun },
      },
    },
    async () => arena.ratings.run(),
  );

  app.get(
    '/api/ratings/status',
    { schema: { summary: 'Pending and applied votes, the last run of this process', tags, response: { 200: RatingsStatus } } },
    async () => arena.ratings.status(),
  );
}
