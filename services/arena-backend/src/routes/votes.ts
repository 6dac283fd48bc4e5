import type { Service } from '../../../shared/src/service.ts';
import { notFound, type Arena } from '../context.ts';
import { isId } from '../ids.ts';
import { errors, VoteBody, VoteResponse } from '../schemas.ts';

export function registerVoteRoutes(app: Service, arena: Arena): void {
  app.post(
    '/api/votes',
    {
      schema: {
        summary: 'Vote on a battle; reveals its models. One vote per battle (a second → 400); a battle without turns → 400',
        tags: ['votes'],
        body: VoteBody,
        response: { 201: VoteResponse, ...errors(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const { battle_id, vote } = request.body;
      if (!isId('battle', battle_id)) return notFound(reply, 'battle', battle_id, 'body.battle_id');
      const outcome = await arena.repo.vote(battle_id, vote);
      if (!outcome.ok) return reply.status(outcome.status).send({ error: outcome.error, message: outcome.message, field: 'body.battle_id' });
      return reply.status(201).send({ vote_id: outcome.vote_id, battle_id, vote, revealed_models: { left: outcome.left, right: outcome.right } });
    },
  );
}
