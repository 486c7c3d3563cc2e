import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, loginAs, type TestSession } from '../../test/auth-helpers.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { createServer } from './server.ts';

interface SavedSearchBody {
  id: string;
  name: string;
  query: Record<string, string>;
  createdAt: string;
}

describe('saved searches (per user)', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let agent: TestSession;
  let colleague: TestSession;
  let auditor: TestSession;
  let otherTenant: TestSession;

  beforeAll(async () => {
    app = await createTestApp();
    server = await createServer(app);
    agent = await loginAs(server, app, 'agent');
    colleague = await loginAs(server, app, 'agent');
    auditor = await loginAs(server, app, 'auditor');
    otherTenant = await loginAs(server, app, 'admin', { tenantId: 'stadtwerke-sued' });
  });

  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const save = (session: TestSession, name: string, query: Record<string, string>) =>
    server.inject({ method: 'POST', url: '/api/v1/saved-searches', headers: session.writeHeaders, payload: { name, query } });
  const list = async (session: TestSession) => (await server.inject({ url: '/api/v1/saved-searches', headers: session.headers })).json() as SavedSearchBody[];

  it('saves, lists and deletes a user’s own searches, filters included', async () => {
    const first = await save(agent, 'Kündigungen Köln November', { q: 'Kündigung Köln', type: 'cancellation', from: '2026-11-01', to: '2026-11-30' });
    expect(first.statusCode).toBe(201);
    const created = first.json() as SavedSearchBody;
    expect(created).toMatchObject({ name: 'Kündigungen Köln November', query: { q: 'Kündigung Köln', type: 'cancellation', from: '2026-11-01', to: '2026-11-30' } });
    expect((await save(agent, '  Bankdaten Müller  ', { q: 'Müller IBAN', queue: 'customer-data', status: 'needs_review' })).statusCode).toBe(201);

    const mine = await list(agent);
    expect(mine.map((entry) => entry.name)).toEqual(['Kündigungen Köln November', 'Bankdaten Müller']);
    expect(mine[1]?.query).toEqual({ q: 'Müller IBAN', queue: 'customer-data', status: 'needs_review' });

    const deleted = await server.inject({ method: 'DELETE', url: `/api/v1/saved-searches/${created.id}`, headers: agent.writeHeaders });
    expect(deleted.statusCode).toBe(204);
    expect((await list(agent)).map((entry) => entry.name)).toEqual(['Bankdaten Müller']);
    // Gone is gone: a second delete is a 404.
    expect((await server.inject({ method: 'DELETE', url: `/api/v1/saved-searches/${created.id}`, headers: agent.writeHeaders })).statusCode).toBe(404);
  });

  it("never shows or deletes another user's saved search (404), in the same tenant or another", async () => {
    const own = (await save(colleague, 'Rufnummernmitnahme Hamburg', { q: 'Rufnummer Mitnahme', type: 'number_porting', channel: 'fax' })).json() as SavedSearchBody;
    const foreign = (await save(otherTenant, 'Rechnungsreklamationen', { q: 'Rechnung falsch', type: 'invoice_complaint' })).json() as SavedSearchBody;

    expect((await list(colleague)).map((entry) => entry.id)).toEqual([own.id]);
    expect((await list(agent)).map((entry) => entry.id)).not.toContain(own.id);
    expect((await list(auditor)).map((entry) => entry.id)).toEqual([]);
    expect((await list(agent)).map((entry) => entry.id)).not.toContain(foreign.id);

    for (const intruder of [agent, auditor, otherTenant]) {
      const response = await server.inject({ method: 'DELETE', url: `/api/v1/saved-searches/${own.id}`, headers: intruder.writeHeaders });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('saved_searches.not_found');
    }
    expect((await server.inject({ method: 'DELETE', url: '/api/v1/saved-searches/kein-gueltiger-schluessel', headers: agent.writeHeaders })).statusCode).toBe(404);
    // Still there for its owner.
    expect((await list(colleague)).map((entry) => entry.name)).toEqual(['Rufnummernmitnahme Hamburg']);
  });

  it('keeps an API token’s saved searches apart from every user’s, and rejects a search without a name', async () => {
    const token = await createTestToken(app, { role: 'agent', name: 'CRM-Anbindung Suche' });
    const saved = await server.inject({ method: 'POST', url: '/api/v1/saved-searches', headers: token.headers, payload: { name: 'Offene Klärungsfälle', query: { status: 'needs_review' } } });
    expect(saved.statusCode).toBe(201);
    const byToken = (await server.inject({ url: '/api/v1/saved-searches', headers: token.headers })).json() as SavedSearchBody[];
    expect(byToken.map((entry) => entry.name)).toEqual(['Offene Klärungsfälle']);
    expect((await list(agent)).map((entry) => entry.name)).not.toContain('Offene Klärungsfälle');
    expect((await save(agent, '   ', { q: 'Umzug' })).statusCode).toBe(400);
  });
});
