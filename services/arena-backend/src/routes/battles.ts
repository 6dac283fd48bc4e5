import type { Service } from '../../../shared/src/service.ts';
import { compose, UnknownAssetError } from '../assets.ts';
import { notFound, type Arena } from '../context.ts';
import { isId, newId } from '../ids.ts';
import { PolicyError, runBoth } from '../policies.ts';
import { reveal } from '../repo.ts';
import { Battle, errors, IdParams, TurnBody, TurnResponse } from '../schemas.ts';
import { StoreError } from '../turns.ts';

const tags = ['battles'];

export function registerBattleRoutes(app: Service, arena: Arena): void {
  app.get(
    '/api/battles/:id',
    {
      schema: {
        summary: 'A battle with its turns (oldest first) and their episode ids; model ids hidden until voted',
        tags,
        params: IdParams,
        response: { 200: Battle, ...errors(404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const battle = isId('battle', id) ? await arena.repo.getBattle(id) : null;
      if (!battle) return notFound(reply, 'battle', id);
      const voted = battle.vote !== null;
      return {
        ...battle,
        left_model: reveal(battle.left_model, voted),
        right_model: reveal(battle.right_model, voted),
        voted,
        turns: await arena.repo.listTurns(id),
      };
    },
  );

  app.post(
    '/api/battles/:id/turns',
    {
      schema: {
        summary: 'A turn: both models act on the composed robot + scene; one episode stored per side',
        description:
          'Both policy servers run their episode at once, within TURN_TIMEOUT_MS. A server down → 503, erroring or answering ' +
          'an invalid episode → 502, too slow → 504; the error names the side and model, and nothing is stored. Any number ' +
          'of turns per battle; concurrent turns get consecutive seq numbers.',
        tags,
        params: IdParams,
        body: TurnBody,
        response: { 201: TurnResponse, ...errors(404, 409, 422, 502, 503, 504) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const battle = isId('battle', id) ? await arena.repo.getBattle(id) : null;
      if (!battle) return notFound(reply, 'battle', id);
      const instruction = request.body.instruction.trim();

      let xml: string;
      try {
        xml = compose(battle.robot_id, battle.scene_id);
      } catch (error) {
        // The session was opened with ids the assets no longer have: not the user's input today.
        if (error instanceof UnknownAssetError) {
          request.log.warn({ err: error }, 'session assets no longer exist');
          return reply.status(409).send({ error: 'unknown_asset', message: error.message });
        }
        throw error;
      }

      const servers = arena.config.policyServers;
      const server = (modelId: string) => servers.find((s) => s.model_id === modelId);
      const left = server(battle.left_model);
      const right = server(battle.right_model);
      if (!left || !right) {
        const missing = !left ? battle.left_model : battle.right_model;
        return reply.status(503).send({
          error: 'model_not_configured',
          message: `${!left ? 'left' : 'right'} model ${missing} is not in POLICY_SERVERS of this backend`,
          side: !left ? 'left' : 'right',
          model_id: missing,
        });
      }

      let results;
      try {
        results = await runBoth({ left, right }, { instruction, xml_string: xml, steps: arena.config.episodeSteps }, arena.config.turnTimeoutMs);
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        request.log.warn({ side: error.side, model_id: error.modelId, reason: error.message }, 'turn failed: policy server');
        return reply.status(error.status).send({ error: error.code, message: `turn not stored: ${error.message}`, side: error.side, model_id: error.modelId });
      }

      const turnId = newId('turn');
      const episodeIds = { left: newId('episode'), right: newId('episode') };
      try {
        const { seq } = await arena.turns.store({
          turnId,
          battleId: id,
          sessionId: battle.session_id,
          robotId: battle.robot_id,
          sceneId: battle.scene_id,
          instruction,
          episodeIds,
          models: { left: battle.left_model, right: battle.right_model },
          results,
        });
        return reply.status(201).send({ turn_id: turnId, left_episode_id: episodeIds.left, right_episode_id: episodeIds.right, status: 'completed', seq });
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        if (error.status === 404) return notFound(reply, 'battle', id);
        request.log.error({ err: error }, 'turn not stored');
        return reply.status(503).send({ error: 'storage_unavailable', message: error.message });
      }
    },
  );
}
