import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeaderPrincipalServer } from '../../../test/auth-helpers.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createAuditLog } from '../audit/audit.log.ts';
import { listAuditEvents } from '../audit/audit.query.ts';
import type { Principal } from '../auth/auth.types.ts';
import { archiveRoutes } from './archive.routes.ts';
import { seedDocument } from './archive.test-letters.ts';

let app: TestApp;
const principals: Record<string, Principal> = {
  supervisor: { kind: 'user', id: 'u-sup', username: 'b.kraemer', displayName: 'Birgit Krämer', role: 'supervisor', tenantId: 'default' },
  agent: { kind: 'user', id: 'u-agent', username: 'l.schulte', displayName: 'Lars Schulte', role: 'agent', tenantId: 'default' },
  stranger: { kind: 'user', id: 'u-x', username: 'e.roth', displayName: 'Eva Roth', role: 'admin', tenantId: 'stadtwerke-ulm' },
};

/** The routes behind a stand-in for the auth plugin: principal from a test header, `config.access` enforced. */
async function createServer() {
  const server = createHeaderPrincipalServer(principals);
  server.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => reply.code(error.statusCode ?? 500).send({ code: error.code, message: error.message }));
  await server.register(archiveRoutes({ db: app.db, blobs: app.blobs, audit: createAuditLog({ db: app.db }), dataDir: app.config.dataDir }));
  return server;
}

beforeAll(async () => {
  app = await createTestApp();
  await app.db.insertInto('tenants').values({ id: 'stadtwerke-ulm', name: 'Stadtwerke Ulm GmbH' }).execute();
  await fs.writeFile(path.join(app.config.dataDir, 'retention.json'), JSON.stringify({ byRequestType: { tariff_change: 8 } }));
}, 120_000);

afterAll(async () => {
  await app?.cleanup();
});

describe('archive routes', () => {
  it('supervisors place and release holds; everyone reads retention; other tenants see nothing', async () => {
    const server = await createServer();
    const document = await seedDocument(app, {
      tenantId: 'default',
      letter: { sender: 'Heinrich Obermaier', street: 'Leopoldstraße 120', city: '80802 München', body: ['Tarifwechsel in den Tarif Öko Plus zum 01.01.2027.'] },
      requestType: 'tariff_change',
      receivedAt: '2026-10-14T10:00:00Z',
    });
    const url = `/api/v1/documents/${document.id}/legal-hold`;
    const headers = (who: string) => ({ 'x-test-principal': who });

    expect((await server.inject({ method: 'POST', url, headers: headers('agent'), payload: { reason: 'Prüfung' } })).statusCode).toBe(403);
    expect((await server.inject({ method: 'POST', url, headers: headers('supervisor'), payload: { reason: 'x' } })).statusCode).toBe(400);
    const stranger = await server.inject({ method: 'POST', url, headers: headers('stranger'), payload: { reason: 'Betriebsprüfung 2027' } });
    expect(stranger.statusCode).toBe(404);
    const placed = await server.inject({ method: 'POST', url, headers: headers('supervisor'), payload: { reason: 'Betriebsprüfung 2027' } });
    expect(placed.statusCode).toBe(201);
    expect(placed.json()).toMatchObject({ documentId: document.id, reason: 'Betriebsprüfung 2027', setBy: 'Birgit Krämer', releasedAt: null });

    const status = await server.inject({ url: `/api/v1/documents/${document.id}/archive`, headers: headers('agent') });
    expect(status.statusCode).toBe(200);
    // tariff_change: 8 years from retention.json, counted from the end of 2026 (Europe/Berlin).
    expect(status.json()).toMatchObject({ documentId: document.id, retainUntil: '2034-12-31T23:00:00.000Z', rendition: null, legalHolds: [{ reason: 'Betriebsprüfung 2027' }] });
    expect((await server.inject({ url: `/api/v1/documents/${document.id}/archive`, headers: headers('stranger') })).statusCode).toBe(404);

    const released = await server.inject({ method: 'DELETE', url, headers: headers('supervisor'), payload: { reason: 'Prüfung abgeschlossen' } });
    expect(released.json()).toEqual({ released: 1 });
    expect((await server.inject({ method: 'DELETE', url, headers: headers('supervisor'), payload: { reason: 'Prüfung abgeschlossen' } })).statusCode).toBe(404);

    const events = await listAuditEvents({ db: app.db }, { tenantId: 'default', action: 'document.legal_hold', subjectId: document.id });
    expect(events.events.map((event) => [event.actorName, event.details.hold])).toEqual([
      ['Birgit Krämer', 'released'],
      ['Birgit Krämer', 'set'],
    ]);
    await server.close();
  });
});
