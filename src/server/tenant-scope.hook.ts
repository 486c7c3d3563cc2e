import type { FastifyInstance } from 'fastify';
import { runInTenantScope } from '../modules/database/tenant-scope.ts';

/**
 * Every authenticated request runs in its caller's tenant scope: its database
 * connections are held to that tenant's rows by PostgreSQL (row-level security),
 * whatever a query forgets to filter. Public routes (login, health, static files)
 * stay in the system scope.
 *
 * A preHandler, not onRequest: Fastify reads the body between the two, from the
 * socket's own async context, which would lose an AsyncLocalStorage entered
 * earlier. The callback style matters: `done` runs inside `run`, so the handler,
 * the reply (serialisation, streamed bodies) and the error handler all inherit it.
 * Registered on the root instance after the auth plugin, so it sees the principal.
 */
export function registerTenantScope(server: FastifyInstance): void {
  server.addHook('preHandler', (request, _reply, done) => {
    const principal = request.principal;
    if (!principal) {
      done();
      return;
    }
    runInTenantScope(principal.tenantId, done);
  });
}
