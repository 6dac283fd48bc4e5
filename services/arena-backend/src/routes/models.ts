import type { Service } from '../../../shared/src/service.ts';
import type { Arena } from '../context.ts';
import { INITIAL_ELO } from '../elo.ts';
import { OVERALL } from '../ratings.ts';
import { ModelList } from '../schemas.ts';

export function registerModelRoutes(app: Service, arena: Arena): void {
  app.get(
    '/api/models',
    { schema: { summary: 'The models in the arena (POLICY_SERVERS) with their overall rating', tags: ['models'], response: { 200: ModelList } } },
    async () => {
      const stats = new Map((await arena.repo.stats(OVERALL)).map((r) => [r.model_id, r]));
      return {
        models: [...arena.models.values()].map((m) => ({
          model_id: m.model_id,
          name: m.name,
          type: m.type,
          elo_score: stats.get(m.model_id)?.elo ?? INITIAL_ELO,
          vote_count: stats.get(m.model_id)?.vote_count ?? 0,
        })),
      };
    },
  );
}
