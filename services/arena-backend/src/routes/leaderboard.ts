import type { Service } from '../../../shared/src/service.ts';
import { hasRobot } from '../assets.ts';
import { modelName, notFound, type Arena } from '../context.ts';
import { confidenceInterval, LEADERBOARD_MIN_VOTES, winRate } from '../elo.ts';
import { OVERALL, robotScope } from '../ratings.ts';
import { errors, Leaderboard, LeaderboardQuery } from '../schemas.ts';

export function registerLeaderboardRoutes(app: Service, arena: Arena): void {
  app.get(
    '/api/leaderboard',
    {
      schema: {
        summary: `Models with at least ${LEADERBOARD_MIN_VOTES} applied votes, best ELO first; per robot with ?robot_id=, else overall`,
        description: 'Ratings change when the ratings job runs (every RATINGS_INTERVAL_MS, or POST /api/ratings/run).',
        tags: ['leaderboard'],
        querystring: LeaderboardQuery,
        response: { 200: Leaderboard, ...errors(404, 422) },
      },
    },
    async (request, reply) => {
      const robotId = request.query.robot_id ?? null;
      if (robotId !== null && !hasRobot(robotId)) return notFound(reply, 'robot', robotId, 'querystring.robot_id');
      const rows = await arena.repo.stats(robotId === null ? OVERALL : robotScope(robotId));
      return {
        robot_id: robotId,
        min_votes: LEADERBOARD_MIN_VOTES,
        rankings: rows
          .filter((r) => r.vote_count >= LEADERBOARD_MIN_VOTES)
          .map((r) => ({
            model_id: r.model_id,
            name: modelName(arena, r.model_id),
            elo_score: r.elo,
            vote_count: r.vote_count,
            wins: r.wins,
            losses: r.losses,
            ties: r.ties,
            win_rate: winRate(r),
            ci: confidenceInterval(r.vote_count)!,
          })),
      };
    },
  );
}
