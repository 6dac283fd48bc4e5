import { randomInt } from 'node:crypto';
import type { Service } from '../../../shared/src/service.ts';
import { compose, hasRobot, hasScene } from '../assets.ts';
import { notFound, type Arena } from '../context.ts';
import { isId } from '../ids.ts';
import { errors, HIDDEN, IdParams, ListQuery, Session, SessionInitBody, SessionInitResponse, SessionList } from '../schemas.ts';

const tags = ['sessions'];

/** Two different models in random order: index 0 goes left. */
export function pickPair(modelIds: string[]): { left: string; right: string } {
  const ids = [...modelIds];
  for (let i = ids.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return { left: ids[0]!, right: ids[1]! };
}

export function registerSessionRoutes(app: Service, arena: Arena): void {
  app.post(
    '/api/sessions/init',
    {
      schema: {
        summary: 'Start a session for a robot and a scene; opens its first battle between two hidden models',
        tags,
        body: SessionInitBody,
        response: { 201: SessionInitResponse, ...errors(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const { robot_id, scene_id } = request.body;
      if (!hasRobot(robot_id)) return notFound(reply, 'robot', robot_id, 'body.robot_id');
      if (!hasScene(scene_id)) return notFound(reply, 'scene', scene_id, 'body.scene_id');
      const ids = await arena.repo.createSession(robot_id, scene_id, pickPair([...arena.models.keys()]));
      return reply.status(201).send({ ...ids, left_model: HIDDEN, right_model: HIDDEN });
    },
  );

  app.get(
    '/api/sessions',
    {
      schema: {
        summary: 'Session history, newest first: robot, scene, battles with their turn counts and whether they are voted',
        tags,
        querystring: ListQuery,
        response: { 200: SessionList, ...errors(422) },
      },
    },
    async (request) => ({ sessions: await arena.repo.listSessions(Number(request.query.limit ?? 50)) }),
  );

  app.get(
    '/api/sessions/:id',
    { schema: { summary: 'One session with its battles', tags, params: IdParams, response: { 200: Session, ...errors(404) } } },
    async (request, reply) => {
      const { id } = request.params;
      const session = isId('session', id) ? (await arena.repo.listSessions(1, id))[0] : undefined;
      return session ?? notFound(reply, 'session', id);
    },
  );

  app.get(
    '/api/sessions/:id/mjcf',
    {
      schema: {
        summary: "The composed MJCF (robot + scene) the session's episodes ran on, for replay",
        tags,
        params: IdParams,
        produces: ['application/xml'],
        response: { 200: { type: 'string' }, ...errors(404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const session = isId('session', id) ? (await arena.repo.listSessions(1, id))[0] : undefined;
      if (!session) return notFound(reply, 'session', id);
      return reply.type('application/xml').send(compose(session.robot_id, session.scene_id));
    },
  );
}
