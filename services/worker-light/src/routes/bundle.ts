import type { FastifyReply } from 'fastify';
import type { Service } from '../../../shared/src/service.ts';
import { BUNDLE_EXCLUSIONS, bundleSession } from '../bundle.ts';
import { BinaryBody, errors, SessionHeaders } from '../schemas.ts';

export function registerBundleRoute(app: Service): void {
  app.post(
    '/fs/bundle',
    {
      schema: {
        summary: 'The session as a gzip tarball',
        description: `Paths relative to the session root. Excluded: ${BUNDLE_EXCLUSIONS}. The heavy worker accepts it base64-encoded as \`bundle_base64\`.`,
        tags: ['fs'],
        headers: SessionHeaders,
        response: { 200: { description: 'tar.gz', content: { 'application/gzip': { schema: BinaryBody } } }, ...errors(400) },
      },
    },
    async (request, reply) => {
      const tarball = await bundleSession(request.session.root);
      // Binary bodies bypass the typed (JSON) reply.
      return (reply as FastifyReply)
        .type('application/gzip')
        .header('content-disposition', `attachment; filename="${request.session.id}.tar.gz"`)
        .send(tarball);
    },
  );
}
