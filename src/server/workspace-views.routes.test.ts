import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type TestSession } from '../../test/auth-helpers.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { insertRoutedDocument } from '../../test/workspace-fixtures.ts';
import type { CustomerRecord } from '../modules/customers/customers.types.ts';
import { createCustomersRepository } from '../modules/customers/customers.repository.ts';
import { createDashboardService } from '../modules/dashboard/dashboard.service.ts';
import { createServer } from './server.ts';

const customer = (record: Partial<CustomerRecord> & { customerNumber: string }): CustomerRecord => ({
  firstName: null, lastName: null, company: null, street: null, houseNumber: null, postalCode: null, city: null,
  email: null, phone: null, iban: null, birthDate: null, contractNumbers: [], ...record,
});

describe('customer view and dashboard', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let agent: TestSession;
  let supervisor: TestSession;
  let auditor: TestSession;

  beforeAll(async () => {
    app = await createTestApp();
    server = await createServer(app);
    agent = await loginAs(server, app, 'agent');
    supervisor = await loginAs(server, app, 'supervisor');
    auditor = await loginAs(server, app, 'auditor');
    await createCustomersRepository({ db: app.db }).upsertMany('default', [
      customer({ customerNumber: '4711002310', firstName: 'Jürgen', lastName: 'Hübner', street: 'Kastanienweg', houseNumber: '7', postalCode: '50667', city: 'Köln', email: 'j.huebner@example.de', iban: 'DE89370400440532013000' }),
      customer({ customerNumber: '4711002320', firstName: 'Anneliese', lastName: 'Hübner-Kramer', postalCode: '50999', city: 'Köln' }),
      customer({ customerNumber: '5200204518', firstName: 'Renate', lastName: 'Wegener', postalCode: '44135', city: 'Dortmund' }),
      customer({ customerNumber: '6300300777', company: 'Bäckerei Vollmer GmbH', postalCode: '40210', city: 'Düsseldorf' }),
    ]);
  });

  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  it('finds customers by name with or without umlauts, by company, postcode and number', async () => {
    const find = async (q: string) => {
      const response = await server.inject({ url: `/api/v1/customers?q=${encodeURIComponent(q)}`, headers: auditor.headers });
      expect(response.statusCode).toBe(200);
      return (response.json() as Array<{ customerNumber: string }>).map((entry) => entry.customerNumber);
    };
    expect(await find('Hübner')).toEqual(['4711002310', '4711002320']);
    expect(await find('huebner jürgen')).toEqual(['4711002310']);
    expect(await find('Vollmer')).toEqual(['6300300777']);
    expect(await find('4413')).toEqual(['5200204518']);
    expect(await find('52002045')).toEqual(['5200204518']);
    expect(await find('Hübner 50999')).toEqual(['4711002320']);
    expect(await find('Zander')).toEqual([]);
    expect((await server.inject({ url: '/api/v1/customers?q=Hübner' })).statusCode).toBe(401);
  });

  it("shows a customer's documents on a timeline, newest first, with their work state", async () => {
    const older = await insertRoutedDocument(app.db, { receivedAt: '2026-10-12T09:00:00+02:00', requestType: 'invoice_complaint', queue: 'billing', firstName: 'Jürgen', lastName: 'Hübner', customerNumber: '4711002310' });
    const newer = await insertRoutedDocument(app.db, { receivedAt: '2026-11-20T09:00:00+01:00', requestType: 'cancellation', queue: 'cancellations', firstName: 'Jürgen', lastName: 'Hübner', customerNumber: '4711002310', channel: 'email' });
    await insertRoutedDocument(app.db, { receivedAt: '2026-11-21T09:00:00+01:00', requestType: 'cancellation', queue: 'cancellations', firstName: 'Renate', lastName: 'Wegener', customerNumber: '5200204518' });
    await server.inject({ method: 'POST', url: `/api/v1/documents/${older}/close`, headers: agent.writeHeaders, payload: { resolution: 'Gutschrift erteilt' } });

    const response = await server.inject({ url: '/api/v1/customers/4711002310', headers: agent.headers });
    expect(response.statusCode).toBe(200);
    const view = response.json();
    expect(view.customer).toMatchObject({ customerNumber: '4711002310', firstName: 'Jürgen', lastName: 'Hübner', city: 'Köln', iban: 'DE89370400440532013000' });
    expect(view.documents.map((entry: { documentId: string }) => entry.documentId)).toEqual([newer, older]);
    expect(view.documents[0]).toMatchObject({ channel: 'email', requestType: 'cancellation', queueId: 'cancellations', status: 'open', dueAt: '2026-11-25', senderName: 'Jürgen Hübner' });
    expect(view.documents[1]).toMatchObject({ status: 'closed', resolution: 'Gutschrift erteilt', overdue: false });
    expect((await server.inject({ url: '/api/v1/customers/9999999999', headers: agent.headers })).json().code).toBe('customers.not_found');
    const audited = await app.db.selectFrom('audit_events').select(['action', 'subject_id']).where('action', '=', 'customer.view').execute();
    expect(audited).toEqual([{ action: 'customer.view', subject_id: '4711002310' }]);
  });

  it('computes the dashboard numbers of a known week', async () => {
    const tenantId = 'stadtwerke';
    await app.db.insertInto('tenants').values({ id: tenantId, name: 'Stadtwerke Musterstadt' }).execute();
    const workerOfTenant = await loginAs(server, app, 'agent', { tenantId });
    const supervisorOfTenant = await loginAs(server, app, 'supervisor', { tenantId });
    const seed = (receivedAt: string, requestType: string | null, queue: string, channel: 'scan' | 'fax' | 'email' | 'upload', lastName: string) =>
      insertRoutedDocument(app.db, { tenantId, receivedAt, requestType, queue, channel, firstName: 'Kim', lastName });
    const d1 = await seed('2026-11-02T09:00:00+01:00', 'cancellation', 'cancellations', 'scan', 'Albers');
    await seed('2026-11-02T10:00:00+01:00', 'invoice_complaint', 'billing', 'fax', 'Brandt');
    const d3 = await seed('2026-11-03T08:00:00+01:00', 'cancellation', 'cancellations', 'email', 'Claßen');
    await seed('2026-11-03T12:00:00+01:00', 'tariff_change', 'contracts', 'scan', 'Dietz');
    const d5 = await seed('2026-11-04T09:00:00+01:00', null, 'triage', 'upload', 'Eichhorn');
    const d6 = await seed('2026-11-04T11:00:00+01:00', 'customer_data_change', 'customer-data', 'scan', 'Frenzel');
    const d8 = await seed('2026-11-06T09:00:00+01:00', 'number_porting', 'number-porting', 'email', 'Gärtner');
    await seed('2026-10-30T09:00:00+01:00', 'cancellation', 'cancellations', 'scan', 'Hahn'); // before the period, still open

    const write = (url: string, payload: Record<string, unknown>, method: 'POST' | 'PATCH' = 'POST') => server.inject({ method, url, headers: workerOfTenant.writeHeaders, payload });
    expect((await write(`/api/v1/documents/${d5}/recognition`, { requestType: 'cancellation' }, 'PATCH')).json()).toMatchObject({ rerouted: { from: 'triage', to: 'cancellations' } });
    expect((await write(`/api/v1/documents/${d6}/forward`, { queueId: 'billing' })).statusCode).toBe(200);
    for (const [id, closedAt] of [[d1, '2026-11-03T09:00:00+01:00'], [d3, '2026-11-09T14:00:00+01:00'], [d8, '2026-11-06T15:00:00+01:00']] as const) {
      expect((await write(`/api/v1/documents/${id}/close`, {})).statusCode).toBe(200);
      await app.db.updateTable('work_items').set({ closed_at: new Date(closedAt) }).where('document_id', '=', id).execute();
    }

    const dashboard = await createDashboardService({ db: app.db }).build(tenantId, { from: '2026-11-02', to: '2026-11-10' }, new Date('2026-11-10T12:00:00+01:00'));
    expect(dashboard.volumeByDay).toEqual([
      { day: '2026-11-02', channel: 'fax', requestType: 'invoice_complaint', count: 1 },
      { day: '2026-11-02', channel: 'scan', requestType: 'cancellation', count: 1 },
      { day: '2026-11-03', channel: 'email', requestType: 'cancellation', count: 1 },
      { day: '2026-11-03', channel: 'scan', requestType: 'tariff_change', count: 1 },
      { day: '2026-11-04', channel: 'scan', requestType: 'customer_data_change', count: 1 },
      { day: '2026-11-04', channel: 'upload', requestType: 'cancellation', count: 1 },
      { day: '2026-11-06', channel: 'email', requestType: 'number_porting', count: 1 },
    ]);
    const backlog = Object.fromEntries(dashboard.backlog.filter((queue) => queue.open > 0).map((queue) => [queue.queueId, [queue.open, queue.overdue]]));
    // billing: invoice (due 16 Nov) + forwarded address change (due 18 Nov); cancellations: the corrected upload
    // (due 9 Nov) and the October letter (due 4 Nov); contracts: tariff change due 10 Nov, not yet overdue.
    expect(backlog).toEqual({ billing: [2, 0], cancellations: [2, 2], contracts: [1, 0] });
    // Overdue from the day after the due date: October letter 5 Nov, late close 7 Nov, corrected upload 10 Nov.
    expect(dashboard.slaBreaches).toEqual([{ day: '2026-11-05', count: 1 }, { day: '2026-11-07', count: 1 }, { day: '2026-11-10', count: 1 }]);
    // 7 letters reached a queue in the period; the corrected upload and the forwarded one needed a person.
    expect(dashboard.straightThroughRate).toBe(0.7143);
    // Closed after 24 h, 150 h and 6 h.
    expect(dashboard.handlingTimeHours).toEqual({ p50: 24, p90: 124.8 });

    const overHttp = await server.inject({ url: '/api/v1/dashboard?from=2026-11-02&to=2026-11-10', headers: supervisorOfTenant.headers });
    expect(overHttp.statusCode).toBe(200);
    expect(overHttp.json()).toMatchObject({ from: '2026-11-02', to: '2026-11-10', volumeByDay: dashboard.volumeByDay, straightThroughRate: 0.7143, handlingTimeHours: { p50: 24, p90: 124.8 } });
    expect((await server.inject({ url: '/api/v1/dashboard', headers: agent.headers })).statusCode).toBe(403);
    // Another tenant's supervisor sees none of it.
    expect((await server.inject({ url: '/api/v1/dashboard?from=2026-11-02&to=2026-11-10', headers: supervisor.headers })).json().volumeByDay).toEqual([]);
  });
});
