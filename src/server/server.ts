import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { AppContext } from '../modules/app/app.context.ts';
import { createAuditLog } from '../modules/audit/audit.log.ts';
import { archiveRoutes } from '../modules/archive/archive.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { registerAuth } from '../modules/auth/auth.plugin.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { createAuthServices } from '../modules/auth/auth.services.ts';
import { isPoststelleError } from '../modules/shared/errors.ts';
import { documentsRoutes } from './documents.routes.ts';
import { createMetrics, metricsAllowed } from './metrics.ts';
import { searchRoutes } from './search.routes.ts';
import { webRoutes } from './web.routes.ts';
import { queuesRoutes } from './queues.routes.ts';
import { workItemsRoutes } from './work-items.routes.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { workspaceDocumentsRoutes } from './workspace-documents.routes.ts';
import { customersRoutes } from './customers.routes.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import { registerSecurityHeaders } from './security.headers.ts';
import { registerTenantScope } from './tenant-scope.hook.ts';
import { apiDocsPage } from './api-docs.page.ts';
import { securitySchemes, withAccessDocs } from './openapi.access.ts';

/** The HTTP server: REST API, OpenAPI, health and metrics. Route handlers stay thin. */
export async function createServer(app: AppContext): Promise<FastifyInstance> {
  // trustProxy may also be a hop count or address list (Fastify takes all three); the cast only picks Fastify's HTTP/1 overload.
  const server = Fastify({ loggerInstance: app.logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger, bodyLimit: 64 * 1024 * 1024, trustProxy: app.config.trustProxy as boolean | undefined }).withTypeProvider<ZodTypeProvider>();
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  const metrics = createMetrics({ db: app.db });

  await server.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Poststelle API', version: '1', description: 'Digital mailroom: documents, pages, search.' },
      components: { securitySchemes },
    },
    transform: withAccessDocs(jsonSchemaTransform),
  });
  await registerSecurityHeaders(server);
  // Before any route: the auth plugin must see every route to enforce its `config.access`.
  const auth = createAuthServices({ db: app.db });
  await registerAuth(server, auth);
  registerTenantScope(server);

  server.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  server.setErrorHandler((error, _request, reply) => {
    if (isPoststelleError(error)) return reply.code(error.statusCode).send({ code: error.code, message: error.message });
    const validation = (error as { validation?: unknown }).validation;
    if (validation) return reply.code(400).send({ code: 'request.invalid', message: (error as Error).message });
    app.logger.error({ err: error }, 'request failed');
    return reply.code(500).send({ code: 'internal', message: 'internal error' });
  });

  server.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(app.db);
    } catch {
      return reply.code(503).send({ status: 'database unavailable' });
    }
    try {
      await app.blobs.check();
    } catch {
      return reply.code(503).send({ status: 'blob store unavailable' });
    }
    return { status: 'ok' };
  });

  // Public to the session layer, guarded here: counts of every tenant are no business of a tenant's user.
  server.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (!metricsAllowed(request, app.config.metricsToken ?? null)) {
      return reply.code(403).send({ code: 'auth.metrics_forbidden', message: 'metrics need the scraper token (POSTSTELLE_METRICS_TOKEN) or a loopback client' });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  await server.register(authRoutes({ ...auth, defaultTenantId: app.config.tenantId, audit: createAuditLog({ db: app.db }) }));
  await server.register(documentsRoutes(app));
  await server.register(searchRoutes(app));
  const workspaceAudit = createAuditLog({ db: app.db });
  await server.register(queuesRoutes(app, { routingRules: app.routingRules, audit: workspaceAudit }));
  await server.register(workItemsRoutes(app, { audit: workspaceAudit }));
  await server.register(webhooksRoutes(app, { audit: workspaceAudit }));
  await server.register(workspaceDocumentsRoutes(app, { audit: workspaceAudit }));
  await server.register(customersRoutes(app, { audit: workspaceAudit }));
  await server.register(dashboardRoutes(app));
  await server.register(auditRoutes({ db: app.db }));
  await server.register(archiveRoutes({ db: app.db, blobs: app.blobs, dataDir: app.config.dataDir }));

  server.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => server.swagger());
  server.get('/docs', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(apiDocsPage(server.swagger(), server.routeAccess)));
  await server.register(webRoutes());
  return server;
}
