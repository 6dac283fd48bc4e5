// The heavy worker's session routes (benchmark, jobs, plan): the X-Session-ID header validated
// first, the session located, not created — a session without a workspace here is a 404 from
// openWorkspace.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SESSION_ID_PATTERN } from '../../../shared/src/schemas.ts';
import type { Service } from '../../../shared/src/service.ts';
import { useSessionScope } from '../../../shared/src/session-scope.ts';
import { sessionRoot, sessionsDir } from '../../../shared/src/workspace.ts';

export const SessionHeaders = Type.Object({ 'x-session-id': Type.String({ pattern: SESSION_ID_PATTERN, description: 'Session ID' }) });

/** Registers `routes` in a scope of their own that resolves request.session for each of them. */
export function registerSessionRoutes(app: Service, routes: (scope: Service) => void): void {
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    useSessionScope(scope, { open: (id) => ({ id, root: sessionRoot(sessionsDir(), id) }) });
    routes(scope);
  });
}
