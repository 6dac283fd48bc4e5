// GET /episodes/{id}/assets/{path}: a GET-only proxy to the light worker's /assets for the
// episode's session (status, MIME type and body passed through); other methods → 405. The path
// is rebuilt from checked segments, so no request can reach a worker route outside /assets.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Service } from '../../../shared/src/service.ts';
import type { Repo } from '../repo.ts';
import type { WorkerClient } from '../workers.ts';
import { AuthHeaders, errors, Uuid } from '../schemas.ts';

const Params = Type.Object({ id: Uuid, '*': Type.String({ description: 'session path of the file' }) });

/**
 * The upstream path for the raw (still percent-encoded) path after `/assets/`, or why it is
 * refused: `.`/`..` segments (raw or encoded), encoded separators, undecodable escapes.
 */
export function assetUpstreamPath(raw: string): { path: string } | { problem: string } {
  const segments: string[] = [];
  for (const segment of raw.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { problem: `the path segment "${segment}" is not valid percent-encoding` };
    }
    if (decoded === '.' || decoded === '..') return { problem: 'the path must not contain "." or ".." segments' };
    if (/[/\\\u0000]/.test(decoded)) return { problem: `the path segment "${segment}" encodes a separator or a NUL character` };
    if (decoded !== '') segments.push(encodeURIComponent(decoded));
  }
  if (!segments.length) return { problem: 'a file path is required after /assets/' };
  return { path: `/assets/${segments.join('/')}` };
}

export function registerAssetProxy(app: Service, repo: Repo, light: WorkerClient): void {
  app.get(
    '/episodes/:id/assets/*',
    {
      schema: {
        summary: "A file of the episode's session workspace, through the light worker (GET only)",
        description:
          'glb `model/gltf-binary`, stl `model/stl`, images, video, source as text; 422 when a model\'s source script has syntax errors; ' +
          '400 for `.`/`..` segments (raw or percent-encoded) or encoded separators; 502 when the light worker is unreachable or fails.',
        tags: ['episodes'],
        headers: AuthHeaders,
        params: Params,
        response: {
          200: { description: 'the file', content: { '*/*': { schema: Type.String({ format: 'binary' }) } } },
          ...errors(400, 401, 404, 422, 502),
        },
      },
    },
    async (request, reply) => {
      const episode = await repo.getSummary(request.params.id);
      if (!episode) return reply.status(404).send({ error: 'not_found', message: `episode ${request.params.id} not found`, field: 'params.id' });
      // The raw URL keeps the client's encoding: `%2e%2e` must be seen before anything decodes it.
      const raw = (request.raw.url ?? '').split('?')[0]!;
      const target = assetUpstreamPath(raw.slice(raw.indexOf('/assets/') + '/assets/'.length));
      if ('problem' in target) return reply.status(400).send({ error: 'invalid_path', message: target.problem, field: 'params.*' });
      let upstream: Response;
      try {
        upstream = await light.get(target.path, episode.session_id);
      } catch (e) {
        return reply.status(502).send({ error: 'worker_unavailable', message: `the light worker is unreachable: ${(e as Error).message}` });
      }
      if (upstream.status >= 500) {
        const text = await upstream.text().catch(() => '');
        return reply.status(502).send({ error: 'worker_failed', message: `the light worker answered ${upstream.status}: ${text.slice(0, 500)}` });
      }
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
