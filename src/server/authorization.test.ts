import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, ensureTestTenant, loginAs, type TestSession } from '../../test/auth-helpers.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { isApiRoute, registerAuth, type RouteAccessEntry } from '../modules/auth/auth.plugin.ts';
import { createAuthServices } from '../modules/auth/auth.services.ts';
import { roles, type Role } from '../modules/auth/auth.types.ts';
import { isPoststelleError } from '../modules/shared/errors.ts';
import { createServer } from './server.ts';

/**
 * Walks EVERY route of the real server — including routes added later by
 * anyone — and proves it is authorised as declared: no login → 401 unless the
 * route is on the reviewed public list; each role → 403 exactly when its
 * declared access excludes the role; cookie sessions need the CSRF header on
 * every state-changing route; no API route lacks a declaration; and another
 * tenant's document is never reachable (404).
 *
 * A new public route must be added to `reviewedPublicRoutes` on purpose.
 */
const reviewedPublicRoutes = new Set([
  'GET /',
  'GET /*',
  'GET /assets/*',
  'GET /healthz',
  'GET /metrics',
  'GET /openapi.json',
  'GET /docs',
  'POST /api/v1/auth/login',
]);

const authCodes = new Set(['auth.unauthenticated', 'auth.forbidden', 'auth.access_undeclared', 'auth.csrf']);
const missingId = '00000000-0000-4000-8000-00000000beef';

interface Substitutes {
  documentId: string;
  customerNumber: string;
}

/** A concrete URL for a route pattern: ids, page numbers and wildcards filled in. */
function concreteUrl(url: string, values: Substitutes): string {
  return url
    .replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
      if (name === 'id' || name === 'documentId') return values.documentId;
      if (/^(n|no|pageNo|page|pageNumber)$/.test(name)) return '1';
      if (name === 'customerNumber') return values.customerNumber;
      return missingId;
    })
    .replace(/\*$/, 'pruefung');
}

const key = (route: RouteAccessEntry) => `${route.method} ${route.url}`;
const codeOf = (body: string): string | undefined => {
  try {
    return (JSON.parse(body) as { code?: string }).code;
  } catch {
    return undefined;
  }
};

describe('authorisation of every route', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let routes: RouteAccessEntry[];
  const tokens = new Map<Role, { authorization: string }>();
  const sessions = new Map<Role, TestSession>();

  beforeAll(async () => {
    app = await createTestApp();
    server = await createServer(app);
    await server.ready();
    // HEAD routes are Fastify's automatic twins of GET routes, with the same config.
    routes = server.routeAccess.filter((route) => route.method !== 'HEAD');
    for (const role of roles) {
      tokens.set(role, (await createTestToken(app, { role })).headers);
      sessions.set(role, await loginAs(server, app, role));
    }
  });

  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  it('sees the routes of every module', () => {
    const urls = routes.map(key);
    expect(urls).toEqual(expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'GET /api/v1/documents/:id', 'GET /api/v1/search', 'GET /api/v1/users', 'DELETE /api/v1/tokens/:id']));
    expect(routes.length).toBeGreaterThanOrEqual(20);
    // A route registered before the auth plugin would be missing here (and unprotected): every
    // operation of the OpenAPI document must be one the plugin saw.
    const spec = server.swagger() as { paths?: Record<string, Record<string, unknown>> };
    const seen = new Set(urls);
    const unseen = Object.entries(spec.paths ?? {}).flatMap(([path, operations]) =>
      Object.keys(operations)
        .map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`)
        .filter((operation) => !seen.has(operation)),
    );
    expect(unseen).toEqual([]);
  });

  it('has no API route without an access declaration, and no public route that was not reviewed', () => {
    const undeclared = routes.filter((route) => isApiRoute(route.url) && route.access === undefined).map(key);
    expect(undeclared).toEqual([]);
    const unreviewedPublic = routes.filter((route) => route.access === 'public' && !reviewedPublicRoutes.has(key(route))).map(key);
    expect(unreviewedPublic).toEqual([]);
    // Outside /api, a route without a declaration is only tolerated for GET (static files of the UI).
    const undeclaredWrites = routes.filter((route) => route.access === undefined && route.method !== 'GET').map(key);
    expect(undeclaredWrites).toEqual([]);
  });

  it('answers 401 without a login on every route that is not public', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const isPublic = route.access === 'public' || (route.access === undefined && !isApiRoute(route.url));
      const response = await server.inject({ method: route.method as 'GET', url: concreteUrl(route.url, { documentId: missingId, customerNumber: '9999999999' }) });
      if (isPublic ? response.statusCode === 401 : response.statusCode !== 401 || codeOf(response.body) !== 'auth.unauthenticated') failures.push(`${key(route)} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('gives each role 403 exactly where the declared access excludes it (API tokens)', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      if (!Array.isArray(route.access)) continue;
      const access = route.access as readonly Role[];
      for (const role of roles) {
        const response = await server.inject({ method: route.method as 'GET', url: concreteUrl(route.url, { documentId: missingId, customerNumber: '9999999999' }), headers: tokens.get(role) });
        const code = codeOf(response.body);
        const allowed = access.includes(role);
        const ok = allowed ? response.statusCode !== 401 && !(code && authCodes.has(code)) : response.statusCode === 403 && code === 'auth.forbidden';
        if (!ok) failures.push(`${key(route)} as ${role}: expected ${allowed ? 'allowed' : '403'}, got ${response.statusCode} ${code ?? ''}`);
        checked += 1;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('demands the CSRF header from cookie sessions on every state-changing route, for every role', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (!Array.isArray(route.access) || ['GET', 'HEAD', 'OPTIONS'].includes(route.method)) continue;
      const access = route.access as readonly Role[];
      for (const role of roles) {
        const session = sessions.get(role) as TestSession;
        const response = await server.inject({ method: route.method as 'POST', url: concreteUrl(route.url, { documentId: missingId, customerNumber: '9999999999' }), headers: session.headers });
        const expected = access.includes(role) ? 'auth.csrf' : 'auth.forbidden';
        if (response.statusCode !== 403 || codeOf(response.body) !== expected) failures.push(`${key(route)} as ${role} without CSRF: ${response.statusCode} ${codeOf(response.body) ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
    // And with the header, the session gets through (logout is harmless to check with: the session is the agent's spare one).
    const spare = await loginAs(server, app, 'agent');
    expect((await server.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: spare.writeHeaders })).statusCode).toBe(204);
  });

  it("never lets one tenant reach another tenant's document or customer", async () => {
    const tenantA = 'stadtwerke-nord';
    const tenantB = 'kanzlei-sued';
    await ensureTestTenant(app, tenantA);
    await ensureTestTenant(app, tenantB);
    const documentId = randomUUID();
    const customerNumber = '4711081542';
    await sql`
      insert into documents (id, tenant_id, sha256, original_key, original_name, source, size_bytes, channel, received_at, status, text, request_type, customer_number, match_status)
      values (${documentId}, ${tenantA}, ${'ab'.repeat(32)}, ${'cd'.repeat(32)}, ${'kuendigung-mueller.pdf'}, ${'kuendigung-mueller.pdf'}, 2048, 'upload',
              ${new Date('2026-11-30T09:15:00Z')}, 'routed', ${'Sehr geehrte Damen und Herren, hiermit kündige ich meinen Stromvertrag. Mit freundlichen Grüßen, Erika Müller, Lindenstraße 12, 24103 Kiel'},
              'cancellation', ${customerNumber}, 'auto')`.execute(app.db);
    await sql`
      insert into customers (tenant_id, customer_number, first_name, last_name, street, house_number, postal_code, city)
      values (${tenantA}, ${customerNumber}, 'Erika', 'Müller', 'Lindenstraße', '12', '24103', 'Kiel')`.execute(app.db);
    const before = await app.db.selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirstOrThrow();

    const ownAdmin = (await createTestToken(app, { role: 'admin', tenantId: tenantA })).headers;
    const otherAdmin = (await createTestToken(app, { role: 'admin', tenantId: tenantB })).headers;
    // Control: the document's own tenant does see it.
    expect((await server.inject({ url: `/api/v1/documents/${documentId}`, headers: ownAdmin })).statusCode).toBe(200);
    expect((await server.inject({ url: '/api/v1/documents', headers: ownAdmin })).body).toContain(documentId);

    const leaks: string[] = [];
    const values = { documentId, customerNumber };
    for (const route of routes) {
      if (!Array.isArray(route.access) || !isApiRoute(route.url)) continue;
      const targetsDocument = /\/documents\/:(id|documentId)\b/.test(route.url);
      const targetsCustomer = route.url.includes(':customerNumber');
      const hasParams = route.url.includes(':') || route.url.includes('*');
      const response = await server.inject({ method: route.method as 'GET', url: concreteUrl(route.url, values), headers: otherAdmin });
      if (route.method === 'GET' && (targetsDocument || targetsCustomer)) {
        if (response.statusCode !== 404) leaks.push(`${key(route)} → ${response.statusCode}`);
      } else if (targetsDocument && response.statusCode >= 200 && response.statusCode < 300) {
        leaks.push(`${key(route)} → ${response.statusCode}`);
      } else if (route.method === 'GET' && !hasParams && (response.body.includes(documentId) || response.body.includes(customerNumber) || response.body.includes('Lindenstraße'))) {
        leaks.push(`${key(route)} lists tenant A's data`);
      }
    }
    expect(leaks).toEqual([]);
    const after = await app.db.selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirstOrThrow();
    expect({ status: after.status, queue: after.queue, request_type: after.request_type, updated_at: after.updated_at }).toEqual({ status: before.status, queue: before.queue, request_type: before.request_type, updated_at: before.updated_at });
  });

  it('denies a route that declares no access, even to an admin (fail closed)', async () => {
    const probe = Fastify();
    probe.setErrorHandler((error, _request, reply) => reply.code(isPoststelleError(error) ? error.statusCode : 500).send({ code: isPoststelleError(error) ? error.code : 'internal' }));
    await registerAuth(probe, createAuthServices({ db: app.db }));
    probe.get('/api/v1/forgotten', async () => ({ secret: 'Gehaltsliste' }));
    probe.post('/internal/rebuild', async () => ({ done: true }));
    probe.get('/api/v1/declared', { config: { access: ['admin'] } }, async () => ({ ok: true }));
    const admin = (await createTestToken(app, { role: 'admin' })).headers;
    const forgotten = await probe.inject({ url: '/api/v1/forgotten', headers: admin });
    expect(forgotten.statusCode).toBe(403);
    expect(forgotten.json().code).toBe('auth.access_undeclared');
    expect((await probe.inject({ url: '/api/v1/forgotten' })).statusCode).toBe(401);
    expect((await probe.inject({ method: 'POST', url: '/internal/rebuild', headers: admin })).json().code).toBe('auth.access_undeclared');
    expect((await probe.inject({ url: '/api/v1/declared', headers: admin })).json()).toEqual({ ok: true });
    expect(probe.routeAccess.map(key)).toEqual(['GET /api/v1/forgotten', 'HEAD /api/v1/forgotten', 'POST /internal/rebuild', 'GET /api/v1/declared', 'HEAD /api/v1/declared']);
    await probe.close();
  });
});
