import { errors } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { execute } from '../execute.ts';
import { describeSandbox } from '../sandbox.ts';
import { ExecuteBody, ExecuteResponse, SessionHeaders } from '../schemas.ts';
import { seedSession } from '../seed.ts';

export function registerRuntimeRoutes(app: Service): void {
  app.post(
    '/runtime/execute',
    {
      schema: {
        summary: 'Run JavaScript in the session',
        description: [
          'Runs `code` as an ES module in a child `node` whose working directory is the session root.',
          'It can read and write only inside the session root (Node permission model); no child processes or workers;',
          `On this host: ${describeSandbox()} GET /health?detail=true reports the same.`,
          'Scrubbed environment; the run and everything it started are killed after `timeout` seconds, or as soon as the client disconnects.',
          'stdout/stderr are capped at 1 MiB each. Lines the code appends to `events.jsonl` come back in `events` (capped, see `events_truncated`);',
          'if the code left events.jsonl unreadable, `events_error` says why and the output is still returned.',
          'A non-zero exit is still HTTP 200. The read-only prefixes are restored after every run (changed files only, each replaced atomically).',
        ].join(' '),
        tags: ['runtime'],
        headers: SessionHeaders,
        body: ExecuteBody,
        response: { 200: ExecuteResponse, ...errors(400, 413) },
      },
    },
    async (request, reply) => {
      const { root } = request.session;
      // A caller that gives up (the controller interrupting an episode) ends the run now.
      const abandoned = new AbortController();
      const onClose = () => {
        if (!reply.sent) abandoned.abort();
      };
      request.raw.socket.on('close', onClose);
      try {
        return await execute(root, request.body.code, request.body.timeout ?? 30, abandoned.signal, (killed) =>
          // The record a caller can check: the run and everything it started are gone.
          request.log.info({ ...killed, session_id: request.headers['x-session-id'] }, 'run killed'),
        );
      } finally {
        request.raw.socket.off('close', onClose);
        await seedSession(root);
      }
    },
  );
}
