// The arena backend: sessions, battles, turns (both policy servers act on the composed robot +
// scene), episodes (document store), votes, leaderboard, and the ratings job in-process.
import cors from '@fastify/cors';
import { createService, runService, type Service } from '../../shared/src/service.ts';
import { openDocstore } from '../../shared/src/docstore.ts';
import { loadConfig } from './config.ts';
import type { Arena, ModelInfo } from './context.ts';
import { createPool, migrate } from '../../shared/src/postgres.ts';
import { MIGRATIONS_DIR } from './db.ts';
import { registerArenaErrors } from './errors.ts';
import { policyInfo } from './policies.ts';
import { RatingsJob } from './ratings.ts';
import { Repo } from './repo.ts';
import { registerBattleRoutes } from './routes/battles.ts';
import { registerEpisodeRoutes } from './routes/episodes.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerLeaderboardRoutes } from './routes/leaderboard.ts';
import { registerModelRoutes } from './routes/models.ts';
import { registerRatingsRoutes } from './routes/ratings.ts';
import { registerRobotRoutes } from './routes/robots.ts';
import { registerSceneRoutes } from './routes/scenes.ts';
import { registerSessionRoutes } from './routes/sessions.ts';
import { registerVoteRoutes } from './routes/votes.ts';
import { EPISODES, TurnStore } from './turns.ts';

const config = loadConfig();

const app = await createService({
  name: 'arena-backend',
  description:
    'VLA arena: blind A/B battles between robot policies on a composed MuJoCo robot + scene, episodes in the document store, ' +
    'votes and ELO ratings on Postgres.',
  // Bodies are small JSON objects (an instruction, a vote).
  bodyLimit: 64 * 1024,
});
await app.register(cors, { origin: true });

const pool = createPool(config.databaseUrl, (error) => app.log.warn({ err: error }, 'idle Postgres connection dropped'));
await migrate(config.databaseUrl, MIGRATIONS_DIR, (msg) => app.log.debug({ migration: msg }, 'migrate'));
const docstore = openDocstore(config.docstore);
await docstore.ensureCollection(EPISODES);

const models = new Map<string, ModelInfo>(config.policyServers.map((s) => [s.model_id, { ...s, name: s.model_id, type: null }]));
// Display names and types from each server's /info, when it answers; ids work without them.
for (const server of config.policyServers) {
  void policyInfo(server).then((info) => {
    const model = models.get(server.model_id)!;
    if (info?.name) model.name = info.name;
    if (info?.type) model.type = info.type;
  });
}

const turns = new TurnStore(pool, docstore);
const ratings = new RatingsJob(pool, {
  intervalMs: config.ratingsIntervalMs,
  crashAfter: config.ratingsCrashAfter,
  log: app.log.child({ component: 'ratings' }),
  onTick: () => turns.sweep(),
});
if (config.ratingsCrashAfter !== undefined) app.log.warn({ crash_after: config.ratingsCrashAfter }, 'RATINGS_CRASH_AFTER set: the ratings job will exit(137) mid-run (test fault injection)');

const swept = await turns.sweep();
if (swept) app.log.warn({ turns: swept }, 'deleted episode documents of turns a previous process left unfinished');

const arena: Arena = { config, pool, docstore, repo: new Repo(pool), turns, ratings, models };

await app.register(async (scope) => {
  const api = scope as unknown as Service;
  registerArenaErrors(scope);
  registerHealthRoutes(api, arena);
  registerSessionRoutes(api, arena);
  registerBattleRoutes(api, arena);
  registerEpisodeRoutes(api, arena);
  registerVoteRoutes(api, arena);
  registerLeaderboardRoutes(api, arena);
  registerModelRoutes(api, arena);
  registerRobotRoutes(api);
  registerSceneRoutes(api);
  registerRatingsRoutes(api, arena);
});

app.addHook('onClose', async () => {
  await ratings.stop();
  await docstore.close();
  await pool.end();
});

ratings.start();
await runService(app);
