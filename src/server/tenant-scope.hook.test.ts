import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, ensureTestTenant, loginAs } from '../../test/auth-helpers.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { createAuditLog } from '../modules/audit/audit.log.ts';
import { registerAuth } from '../modules/auth/auth.plugin.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { createAuthServices } from '../modules/auth/auth.services.ts';
import { readers } from '../modules/auth/auth.types.ts';
import { tenantRole } from '../modules/database/tenant-isolation.ts';
import { createServer } from './server.ts';
import { registerTenantScope } from './tenant-scope.hook.ts';

/**
 * The tenant scope reaches every part of a request that may touch the
 * database: an async handler after a parsed body and a timer, a streamed body
 * produced after the handler returned, and the error handler; public routes
 * stay in the system scope. Then the real server: what the scope costs per
 * request (round trips that switch a connection), printed, not asserted.
 */
interface SeenScope {
  user: string;
  tenant: string;
  documents: string[];
}

const tenantA = 'hausverwaltung-elbe';
const tenantB = 'autohaus-rhein';

describe('tenant scope of HTTP requests', () => {
  let app: TestApp;
  let probe: FastifyInstance;

  async function seenScope(): Promise<SeenScope> {
    const setting = await sql<{ user: string; tenant: string | null }>`select current_user as user, current_setting('poststelle.tenant_id', true) as tenant`.execute(app.db);
    const documents = await app.db.selectFrom('documents').select('tenant_id').execute();
    return { user: setting.rows[0]?.user ?? '', tenant: setting.rows[0]?.tenant ?? '', documents: [...new Set(documents.map((row) => row.tenant_id))].sort() };
  }

  beforeAll(async () => {
    app = await createTestApp();
    for (const [index, tenantId] of [tenantA, tenantB].entries()) {
      await ensureTestTenant(app, tenantId);
      await sql`
        insert into documents (id, tenant_id, sha256, original_key, original_name, source, size_bytes, channel, received_at, status, text)
        values (gen_random_uuid(), ${tenantId}, ${String(index).repeat(64)}, ${`originals/${tenantId}`}, 'mahnung.pdf', 'mahnung.pdf', 1536, 'upload', now(), 'routed',
                ${index === 0 ? 'Mahnung: Nebenkostenabrechnung 2025, Wohnung 3. OG links, Elbchaussee 112, 22763 Hamburg' : 'Rechnung Inspektion VW Golf, Kennzeichen K-RH 2026, Rheinuferstraße 7, 50668 Köln'})`.execute(app.db);
    }
    probe = Fastify();
    probe.setValidatorCompiler(validatorCompiler);
    probe.setSerializerCompiler(serializerCompiler);
    probe.setErrorHandler(async (error, _request, reply) => reply.code(500).send({ message: (error as Error).message, scope: await seenScope() }));
    const auth = createAuthServices({ db: app.db });
    await registerAuth(probe, auth);
    registerTenantScope(probe);
    await probe.register(authRoutes({ ...auth, defaultTenantId: app.config.tenantId, audit: createAuditLog({ db: app.db }) }));
    probe.get('/public', { config: { access: 'public' } }, async () => seenScope());
    probe.post('/api/probe', { config: { access: readers } }, async (request) => {
      await sleep(5);
      return { body: request.body, scope: await seenScope() };
    });
    probe.get('/api/stream', { config: { access: readers } }, async (_request, reply) => {
      // The body is produced while the reply streams, after the handler has returned.
      const chunks = (async function* () {
        await sleep(5);
        yield JSON.stringify(await seenScope());
      })();
      return reply.type('application/json').send(Readable.from(chunks));
    });
    probe.get('/api/fail', { config: { access: readers } }, async () => {
      await seenScope();
      throw new Error('Zustellung fehlgeschlagen');
    });
    await probe.ready();
  });

  afterAll(async () => {
    await probe?.close();
    await app?.cleanup();
  });

  it('runs an async handler, a streamed body and the error handler in the caller’s tenant scope', async () => {
    const tokenA = await createTestToken(app, { role: 'agent', tenantId: tenantA });
    const sessionB = await loginAs(probe, app, 'supervisor', { tenantId: tenantB });
    const asA: SeenScope = { user: tenantRole, tenant: tenantA, documents: [tenantA] };
    const asB: SeenScope = { user: tenantRole, tenant: tenantB, documents: [tenantB] };

    const posted = await probe.inject({ method: 'POST', url: '/api/probe', headers: tokenA.headers, payload: { betreff: 'Rückfrage zur Kündigung' } });
    expect(posted.json()).toEqual({ body: { betreff: 'Rückfrage zur Kündigung' }, scope: asA });
    const postedB = await probe.inject({ method: 'POST', url: '/api/probe', headers: sessionB.writeHeaders, payload: { betreff: 'Werkstatttermin' } });
    expect(postedB.json()).toEqual({ body: { betreff: 'Werkstatttermin' }, scope: asB });

    const streamed = await probe.inject({ url: '/api/stream', headers: sessionB.headers });
    expect(streamed.json()).toEqual(asB);
    const failed = await probe.inject({ url: '/api/fail', headers: tokenA.headers });
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({ message: 'Zustellung fehlgeschlagen', scope: asA });

    // Interleaved requests of both tenants at once: each sees its own.
    const mixed = await Promise.all(Array.from({ length: 12 }, (_, index) => probe.inject(index % 2 === 0 ? { url: '/api/stream', headers: tokenA.headers } : { url: '/api/stream', headers: sessionB.headers })));
    expect(mixed.map((response) => response.json())).toEqual(Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? asA : asB)));
  });

  it('leaves public routes in the system scope', async () => {
    const seen = (await probe.inject({ url: '/public' })).json<SeenScope>();
    expect(seen.user).not.toBe(tenantRole);
    expect(seen.tenant).toBe('');
    expect(seen.documents).toEqual([tenantA, tenantB].sort());
  });

  it('measures what the scope costs the real server per request (printed, not asserted)', async () => {
    const server = await createServer(app);
    await server.ready();
    try {
      const headersA = (await createTestToken(app, { role: 'agent', tenantId: tenantA })).headers;
      const headersB = (await createTestToken(app, { role: 'agent', tenantId: tenantB })).headers;
      const statistics = app.database.tenantScopeStatistics;
      const rounds = 60;
      async function run(label: string, headersOf: (index: number) => { authorization: string }): Promise<string> {
        const acquiredBefore = statistics.acquired;
        const switchedBefore = statistics.switched;
        const started = performance.now();
        for (let index = 0; index < rounds; index += 1) {
          const response = await server.inject({ url: '/api/v1/documents', headers: headersOf(index) });
          expect(response.statusCode).toBe(200);
        }
        const elapsed = performance.now() - started;
        const acquired = (statistics.acquired - acquiredBefore) / rounds;
        const switched = (statistics.switched - switchedBefore) / rounds;
        return `${label}: ${acquired.toFixed(1)} connections, ${switched.toFixed(2)} scope switches (round trips) per request, ${(elapsed / rounds).toFixed(2)} ms per request`;
      }
      const lines = [await run('one tenant', () => headersA), await run('two tenants alternating', (index) => (index % 2 === 0 ? headersA : headersB))];
      // One switch round trip, measured alone: what each switch above adds.
      const switchStarted = performance.now();
      for (let index = 0; index < rounds; index += 1) await sql`select set_config('poststelle.tenant_id', ${index % 2 === 0 ? tenantA : tenantB}, false)`.execute(app.db);
      lines.push(`one round trip alone: ${((performance.now() - switchStarted) / rounds).toFixed(2)} ms`);
      console.info(`tenant scope overhead (GET /api/v1/documents, ${rounds} requests each)\n  ${lines.join('\n  ')}`);
      expect(statistics.switched).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
