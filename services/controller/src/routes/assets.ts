// GET /episodes/{id}/assets/{path}: a GET-only proxy to the light worker's /assets for the
// episode's session (status, MIME type and body passed through); other methods → 405.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Service } from '../../../shared/src/service.ts';
import type { Repo } from '../repo.ts';
import type { WorkerClient } from '../workers.ts';
import { AuthHeaders, errors, Uuid } from '../schemas.ts';

const Params = Type.Object({ id: Uuid, '*': Type.String({ description: 'session path of the file' }) });

export function registerAssetProxy(app: Service, repo: Repo, light: WorkerClient): void {
  app.get(
    '/episodes/:id/assets/*',
    {
      schema: {
        summary: "A file of the episode's session workspace, through the light worker (GET only)",
        description: 'glb `model/gltf-binary`, stl `model/stl`, images, video, source as text; 422 when a model\'s source script has syntax errors.',
        tags: ['episodes'],
        headers: AuthHeaders,
        params: Params,
        response: {
          200: { description: 'the file', content: { '*/*': { schema: Type.String({ format: 'binary' }) } } },
          ...errors(400, 401, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const episode = await repo.getSummary(request.params.id);
      if (!episode) return reply.status(404).send({ error: 'not_found', message: `episode ${request.params.id} not found`, field: 'params.id' });
      // The raw URL keeps the client's encoding, so the worker applies its own path checks to it.
      const raw = (request.raw.url ?? '').split('?')[0]!;
      const rest = raw.slice(raw.indexOf('/assets/') + '/assets/'.length);
      const upstream = await light.get(`/assets/${rest}`, episode.session_id);
      const out = (reply as FastifyReply).status(upstream.status);
      for (const h of ['content-type', 'content-length', 'x-content-type-options', 'content-security-policy']) {
        const v = upstream.headers.get(h);
        if (v) out.header(h, v);
      }
      if (!upstream.body) return out.send();
      return out.send(Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream));
    },
  );

  app.route({
    method: ['POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/episodes/:id/assets/*',
    schema: {
      summary: 'Not allowed: the asset proxy is GET-only',
      tags: ['episodes'],
      headers: AuthHeaders,
      response: { ...errors(401, 405) },
    },
    handler: async (request, reply) =>
      reply.status(405).header('allow', 'GET').send({ error: 'method_not_allowed', message: `${request.method} is not allowed on assets; use GET` }),
  });
}
