// POST /workflows/{workflow_id}/callbacks/{topic}: a worker reporting a long check's result to
// the workflow waiting for it (agent/callbacks.ts). Authenticated by the call's own token, not
// the API key: a worker holds no key, only the token of the one result it was asked for.
import { DBOS } from '@dbos-inc/dbos-sdk';
import { Type } from 'typebox';
import { errors, sendError } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { validCallbackToken } from '../agent/callbacks.ts';

export const CALLBACK_ROUTE = '/workflows/:workflow_id/callbacks/:topic';

export function registerWorkflowRoutes(app: Service, secret: string): void {
  app.post(
    CALLBACK_ROUTE,
    {
      schema: {
        summary: "A worker's result for a workflow waiting on a long check (e.g. verify as a job)",
        description:
          'The body is handed to the waiting workflow as it is (the heavy worker sends {job_id, kind, session_id, finished_at, response | error}). ' +
          'X-Callback-Token must be the token the controller gave for this workflow and topic: otherwise 401, and nothing is delivered. ' +
          'An unknown workflow → 404; one that has already finished → 409 (the result is not needed any more). A workflow that waits ' +
          'across a controller restart still gets it: the worker retries until the controller answers.',
        tags: ['workflows'],
        headers: Type.Object({ 'x-callback-token': Type.Optional(Type.String({ maxLength: 200 })) }),
        params: Type.Object({ workflow_id: Type.String({ minLength: 1, maxLength: 200 }), topic: Type.String({ minLength: 1, maxLength: 200 }) }),
        body: Type.Object({}, { additionalProperties: true }),
        response: { 202: Type.Object({ status: Type.Literal('delivered'), workflow_id: Type.String(), topic: Type.String() }), ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { workflow_id, topic } = request.params;
      if (!validCallbackToken(secret, workflow_id, topic, request.headers['x-callback-token'])) {
        return sendError(reply, 401, 'unauthorized', 'X-Callback-Token is missing or not the token of this workflow and topic', 'headers.x-callback-token');
      }
      const status = await DBOS.getWorkflowStatus(workflow_id);
      if (!status) return sendError(reply, 404, 'not_found', `no workflow ${workflow_id}`, 'params.workflow_id');
      if (!['PENDING', 'ENQUEUED'].includes(status.status)) {
        return sendError(reply, 409, 'workflow_finished', `workflow ${workflow_id} is ${status.status}; it no longer waits for ${topic}`, 'params.workflow_id');
      }
      // Keyed by workflow and topic: a redelivered result is sent once.
      await DBOS.send(workflow_id, request.body, topic, `callback:${workflow_id}:${topic}`);
      return reply.status(202).send({ status: 'delivered' as const, workflow_id, topic });
    },
  );
}
