import type { Service } from '../../../shared/src/service.ts';
import { notFound, type Arena } from '../context.ts';
import { isId } from '../ids.ts';
import { reveal } from '../repo.ts';
import { Episode, errors, IdParams } from '../schemas.ts';

export function registerEpisodeRoutes(app: Service, arena: Arena): void {
  app.get(
    '/api/episodes/:id',
    {
      schema: {
        summary: "One side's episode of a turn: actions and MuJoCo states per step",
        description: 'model_id is "???" until the battle is voted on, like everywhere else (the stored document keeps the real id).',
        tags: ['episodes'],
        params: IdParams,
        response: { 200: Episode, ...errors(404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const doc = isId('episode', id) ? await arena.turns.episodes.findOne({ episode_id: id }) : null;
      // A document whose turn row does not exist is a leftover of a crashed turn (turns.ts).
      const turn = doc ? await arena.repo.turnVisibility(doc.turn_id) : null;
      if (!doc || !turn) return notFound(reply, 'episode', id);
      return {
        episode_id: doc.episode_id,
        battle_id: doc.battle_id,
        turn_id: doc.turn_id,
        side: doc.side,
        model_id: reveal(doc.model_id, turn.voted),
        instruction: doc.instruction,
        actions: doc.actions,
        states: doc.states,
        duration_ms: doc.duration_ms,
        steps: doc.steps,
        truncated: doc.truncated,
        created_at: doc.created_at,
      };
    },
  );
}
