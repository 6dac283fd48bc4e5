// What the routes share: configuration, stores, the ratings job and the models in play.
import type pg from 'pg';
import type { FastifyReply } from 'fastify';
import type { Docstore } from '../../shared/src/docstore.ts';
import type { Config, PolicyServer } from './config.ts';
import type { RatingsJob } from './ratings.ts';
import type { Repo } from './repo.ts';
import type { TurnStore } from './turns.ts';

export interface ModelInfo extends PolicyServer {
  name: string;
  type: string | null;
}

export interface Arena {
  config: Config;
  pool: pg.Pool;
  docstore: Docstore;
  repo: Repo;
  turns: TurnStore;
  ratings: RatingsJob;
  /** The configured models, by id; names and types filled in from their /info when they answer. */
  models: Map<string, ModelInfo>;
}

export function notFound(reply: FastifyReply, what: string, id: string, field = 'params.id') {
  return reply.status(404).send({ error: 'not_found', message: `${what} ${JSON.stringify(id)} not found`, field });
}

export const modelName = (arena: Arena, modelId: string) => arena.models.get(modelId)?.name ?? modelId;
