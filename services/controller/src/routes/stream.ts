// WS /episodes/{id}/ws: the episode's live changes (`new_trace`, `status_update`, `file_update`)
// and a `heartbeat` on connect and every WS_HEARTBEAT_MS.
import type { WebSocket } from 'ws';
import type { Service } from '../../../shared/src/service.ts';
import { subscribe } from '../bus.ts';
import type { Repo } from '../repo.ts';
import { ErrorBody } from '../../../shared/src/schemas.ts';
import { IdParams } from '../schemas.ts';

export function registerStreamRoute(app: Service, repo: Repo, heartbeatMs: number): void {
  app.route({
    method: 'GET',
    url: '/episodes/:id/ws',
    // A plain GET (no upgrade) gets a JSON answer saying what to do instead of an empty 404.
    handler: async (_request, reply) =>
      reply.status(426).header('upgrade', 'websocket').send({ error: 'upgrade_required', message: 'this route is a WebSocket: connect with an Upgrade: websocket request' }),
    schema: {
      summary: 'WebSocket of the episode: JSON messages {type: new_trace|status_update|file_update|heartbeat, …}',
      description:
        'Upgrade with `X-API-Key` or `?api_key=`. On connect: a `status_update` with the current status and a `heartbeat`. ' +
        'Then `new_trace {trace}`, `status_update {status, metadata_vars}`, `file_update {path}` as they happen. An unknown ' +
        'episode closes with code 4404; a GET without an upgrade → 426.',
      tags: ['episodes'],
      params: IdParams,
      response: { 426: ErrorBody },
    },
    wsHandler: async (socket: WebSocket, request) => {
      const { id } = request.params as { id: string };
      const send = (message: object) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ episode_id: id, ...message }));
      };
      // Subscribe first, so nothing between the read below and the subscription is missed.
      const unsubscribe = subscribe(id, send);
      const timer = setInterval(() => send({ type: 'heartbeat', timestamp: new Date().toISOString() }), heartbeatMs);
      socket.on('close', () => {
        clearInterval(timer);
        unsubscribe();
      });
      const episode = await repo.getSummary(id);
      if (!episode) {
        socket.close(4404, `episode ${id} not found`);
        return;
      }
      send({ type: 'status_update', status: episode.status, metadata_vars: episode.metadata_vars });
      send({ type: 'heartbeat', timestamp: new Date().toISOString() });
    },
  });
}
