import type { FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { errors } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { resolveSessionPath } from '../../../shared/src/workspace.ts';
import { assetPathFromUrl, checkSourceSyntax, MODEL_EXTENSIONS, MODEL_SOURCE_RULE, mimeTypeFor, modelSourceCandidates } from '../assets.ts';
import { AssetParams, BinaryBody, SessionHeaders } from '../schemas.ts';
import { fileStat } from './fs.ts';
import path from 'node:path';

export function registerAssetRoute(app: Service): void {
  app.get(
    '/assets/*',
    {
      schema: {
        summary: 'A session file with its MIME type',
        description: [
          'glb `model/gltf-binary`, stl `model/stl`, png, jpg, mp4, source files (`.ts`, `.js`, `.py`, `.md`, `.yaml`) as text, else by extension.',
          'Encoded separators (`%2F`, `%5C`, `%00`) → 400, dot segments (`..`, `%2e%2e`) → 403.',
          MODEL_SOURCE_RULE,
        ].join(' '),
        tags: ['assets'],
        headers: SessionHeaders,
        params: AssetParams,
        response: { 200: { description: 'the file', content: { '*/*': { schema: BinaryBody } } }, ...errors(400, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { root } = request.session;
      const target = await resolveSessionPath(root, assetPathFromUrl(request.raw.url ?? request.url));
      const stat = await fileStat(target);
      if (MODEL_EXTENSIONS.has(path.extname(target.rel).toLowerCase())) {
        for (const candidate of modelSourceCandidates(target.rel)) {
          const source = await resolveSessionPath(root, candidate).catch(() => undefined);
          if (!source || !(await fs.stat(source.abs).catch(() => undefined))?.isFile()) continue;
          await checkSourceSyntax(source.abs, source.rel);
          break;
        }
      }
      // Binary bodies bypass the typed (JSON) reply.
      return (reply as FastifyReply)
        .type(mimeTypeFor(target.rel))
        .header('content-length', stat.size)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(createReadStream(target.abs));
    },
  );
}
