import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { loginAs, type TestSession } from '../../test/auth-helpers.ts';
import { insertRoutedDocument } from '../../test/workspace-fixtures.ts';
import { berlinDay, dueDate } from '../modules/routing/sla.ts';
import { createServer } from './server.ts';

interface Item {
  documentId: string;
  dueAt: string;
  overdue: boolean;
  status: string;
  assignee: { id: string; displayName: string } | null;
  senderName: string | null;
  receivedAt: string;
}

function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}

describe('work queues and work actions over HTTP', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let anna: TestSession;
  let juergen: TestSession;
  let supervisor: TestSession;
  let admin: TestSession;
  let auditor: TestSession;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await createTestApp();
    server = await createServer(app);
    anna = await loginAs(server, app, 'agent');
    juergen = await loginAs(server, app, 'agent');
    supervisor = await loginAs(server, app, 'supervisor');
    admin = await loginAs(server, app, 'admin');
    auditor = await loginAs(server, app, 'auditor');
    // Cancellations: 3 business days in North Rhine-Westphalia (default queue settings).
    ids.a = await insertRoutedDocument(app.db, { receivedAt: '2026-12-23T09:15:00+01:00', requestType: 'cancellation', queue: 'cancellations', firstName: 'Helga', lastName: 'Brandt' });
    ids.b = await insertRoutedDocument(app.db, { receivedAt: '2026-12-24T10:00:00+01:00', requestType: 'cancellation', queue: 'cancellations', company: 'Bäckerei Vollmer GmbH', channel: 'fax' });
    ids.c = await insertRoutedDocument(app.db, { receivedAt: '2026-12-19T11:00:00+01:00', requestType: 'cancellation', queue: 'cancellations', firstName: 'Ömer', lastName: 'Aydın', channel: 'email' });
    ids.d = await insertRoutedDocument(app.db, { receivedAt: '2026-12-21T08:00:00+01:00', requestType: 'cancellation', queue: 'cancellations', firstName: 'Sabine', lastName: 'Kröger' });
    ids.e = await insertRoutedDocument(app.db, { receivedAt: '2026-11-02T14:30:00+01:00', requestType: 'cancellation', queue: 'cancellations', firstName: 'Wilhelm', lastName: 'Große-Brömmelkamp' });
  });

  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  async function inbox(queue: string, session: TestSession, query = ''): Promise<{ items: Item[]; nextCursor: string | null; total: number }> {
    const response = await server.inject({ url: `/api/v1/queues/${queue}/items?${query}`, headers: session.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  const post = (session: TestSession, url: string, payload: Record<string, unknown> = {}) => server.inject({ method: 'POST', url, headers: session.writeHeaders, payload });

  it('orders a queue by SLA due date across weekends and Christmas, paging with a keyset cursor', async () => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await inbox('cancellations', anna, `limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(5);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    // E: Mon 2 Nov + 3 → Thu 5 Nov. C: Sat 19 Dec counts from Mon 21 → Thu 24. D: Mon 21 → Thu 24.
    // A: Wed 23 → 24, 28, 29. B: Thu 24 → 28, 29, 30 (25/26 December are holidays).
    expect(seen.map((item) => item.dueAt)).toEqual(['2026-11-05', '2026-12-24', '2026-12-24', '2026-12-29', '2026-12-30']);
    expect(seen.map((item) => item.documentId)).toEqual([ids.e, ...[ids.c, ids.d].sort(), ids.a, ids.b]);
    expect(seen[0]).toMatchObject({ overdue: true, status: 'open', assignee: null, senderName: 'Wilhelm Große-Brömmelkamp' });
    expect(seen.find((item) => item.documentId === ids.b)?.senderName).toBe('Bäckerei Vollmer GmbH');

    const byReceipt = await inbox('cancellations', anna, 'sort=received&limit=10');
    expect(byReceipt.items.map((item) => item.documentId)).toEqual([ids.e, ids.c, ids.d, ids.a, ids.b]);
    expect((await server.inject({ url: '/api/v1/queues/cancellations/items?cursor=bogus', headers: anna.headers })).statusCode).toBe(400);
    expect((await server.inject({ url: '/api/v1/queues/no-such-queue/items', headers: anna.headers })).statusCode).toBe(404);
  });

  it('counts open, overdue and due-today documents per queue', async () => {
    const today = berlinDay(new Date());
    await insertRoutedDocument(app.db, { receivedAt: daysAgo(40).toISOString(), requestType: 'general_inquiry', queue: 'general', firstName: 'Gerda', lastName: 'Lindner' });
    await insertRoutedDocument(app.db, { receivedAt: new Date().toISOString(), requestType: 'general_inquiry', queue: 'general', firstName: 'Paul', lastName: 'Nowak' });
    // A receipt day whose 5-business-day SLA ends today (none when today is a weekend or holiday).
    let dueTodayExpected = 0;
    for (let back = 1; back < 20; back += 1) {
      const day = berlinDay(daysAgo(back));
      if (dueDate(day, 5, 'NW') === today) {
        await insertRoutedDocument(app.db, { receivedAt: `${day}T10:00:00+01:00`, requestType: 'general_inquiry', queue: 'general', company: 'Stadtwerke Neuss AöR' });
        dueTodayExpected = 1;
        break;
      }
    }
    const response = await server.inject({ url: '/api/v1/queues', headers: auditor.headers });
    expect(response.statusCode).toBe(200);
    const queues = response.json() as Array<{ id: string; name: string; slaBusinessDays: number; open: number; overdue: number; dueToday: number }>;
    expect(queues.find((queue) => queue.id === 'general')).toMatchObject({ name: 'Allgemeine Anfragen', slaBusinessDays: 5, open: 2 + dueTodayExpected, overdue: 1, dueToday: dueTodayExpected });
    expect(queues.find((queue) => queue.id === 'cancellations')).toMatchObject({ open: 5, slaBusinessDays: 3 });
    expect(queues.find((queue) => queue.id === 'billing')).toMatchObject({ open: 0, overdue: 0 });
    expect((await server.inject({ url: '/api/v1/queues' })).statusCode).toBe(401);
  });

  it('claims, assigns, forwards, closes and reopens with role rules, and records every change', async () => {
    const id = ids.a as string;
    expect((await post(anna, `/api/v1/documents/${id}/claim`)).json()).toMatchObject({ status: 'claimed', assignee: { id: anna.account.id, displayName: anna.account.displayName } });
    expect((await post(anna, `/api/v1/documents/${id}/claim`)).statusCode).toBe(200);
    expect((await post(juergen, `/api/v1/documents/${id}/claim`)).json()).toMatchObject({ code: 'work_items.claimed_by_other' });
    expect((await post(juergen, `/api/v1/documents/${id}/close`)).statusCode).toBe(409);
    expect((await post(juergen, `/api/v1/documents/${id}/release`)).json().code).toBe('work_items.claimed_by_other');
    expect((await post(anna, `/api/v1/documents/${id}/assign`, { userId: juergen.account.id })).json().code).toBe('work_items.assign_forbidden');
    expect((await post(auditor, `/api/v1/documents/${id}/claim`)).statusCode).toBe(403);

    const assigned = await post(supervisor, `/api/v1/documents/${id}/assign`, { userId: juergen.account.id });
    expect(assigned.json()).toMatchObject({ status: 'claimed', assignee: { id: juergen.account.id, displayName: juergen.account.displayName } });
    expect((await post(supervisor, `/api/v1/documents/${id}/assign`, { userId: auditor.account.id })).json().code).toBe('users.not_found');
    expect((await inbox('cancellations', juergen, 'assignee=me')).items.map((item) => item.documentId)).toEqual([id]);

    // Billing has 10 business days: from Wed 23 Dec 2026 → 24, 28–31 Dec, 4–8 Jan (1 January is a holiday).
    const forwarded = await post(juergen, `/api/v1/documents/${id}/forward`, { queueId: 'billing', note: 'Kündigung wegen strittiger Rechnung, bitte Gutschrift prüfen' });
    expect(forwarded.json()).toMatchObject({ queueId: 'billing', status: 'open', assignee: null, dueDate: '2027-01-08' });
    expect((await post(juergen, `/api/v1/documents/${id}/forward`, { queueId: 'billing' })).json().code).toBe('work_items.same_queue');
    expect((await post(juergen, `/api/v1/documents/${id}/forward`, { queueId: 'nirgendwo' })).json().code).toBe('queues.not_found');
    const document = await app.db.selectFrom('documents').select('queue').where('id', '=', id).executeTakeFirstOrThrow();
    expect(document.queue).toBe('billing');

    expect((await post(anna, `/api/v1/documents/${id}/reopen`)).json().code).toBe('work_items.not_closed');
    expect((await post(anna, `/api/v1/documents/${id}/close`, { resolution: 'Gutschrift erteilt' })).json()).toMatchObject({ status: 'closed' });
    expect((await post(juergen, `/api/v1/documents/${id}/claim`)).json().code).toBe('work_items.closed');
    expect((await inbox('billing', anna, 'status=closed')).items.map((item) => item.documentId)).toEqual([id]);
    expect((await inbox('billing', anna)).items).toHaveLength(0);
    expect((await post(juergen, `/api/v1/documents/${id}/reopen`)).json()).toMatchObject({ status: 'open', queueId: 'billing' });

    const history = await server.inject({ url: `/api/v1/documents/${id}/history`, headers: auditor.headers });
    expect(history.statusCode).toBe(200);
    const entries = history.json() as Array<{ action: string; actor: { id: string } | null; details: Record<string, unknown> }>;
    expect(entries.map((entry) => entry.action)).toEqual(['routed', 'claimed', 'assigned', 'forwarded', 'closed', 'reopened']);
    expect(entries.map((entry) => entry.actor?.id ?? null)).toEqual([null, anna.account.id, supervisor.account.id, juergen.account.id, anna.account.id, juergen.account.id]);
    expect(entries[0]?.details).toMatchObject({ queue: 'cancellations', dueDate: '2026-12-29' });
    expect(entries[3]?.details).toMatchObject({ from: 'cancellations', to: 'billing', dueDate: '2027-01-08', note: 'Kündigung wegen strittiger Rechnung, bitte Gutschrift prüfen' });
    expect(entries[4]?.details).toMatchObject({ resolution: 'Gutschrift erteilt' });

    const audited = await app.db.selectFrom('audit_events').select(['action', 'actor_id', 'details']).where('subject_id', '=', id).orderBy('seq').execute();
    expect(audited.map((entry) => entry.action)).toEqual(['document.claim', 'document.assign', 'document.forward', 'document.close', 'document.reopen']);
    // Free-text notes stay out of the audit trail.
    expect(JSON.stringify(audited)).not.toContain('Gutschrift prüfen');
  });

  it('runs bulk actions for supervisors and reports each failure with its code', async () => {
    const closed = await insertRoutedDocument(app.db, { receivedAt: '2026-12-01T09:00:00+01:00', requestType: 'cancellation', queue: 'cancellations', firstName: 'Erika', lastName: 'Mustermann' });
    await post(anna, `/api/v1/documents/${closed}/close`);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const body = { documentIds: [ids.b, ids.e, closed, unknown], action: 'close', resolution: 'Kündigung bestätigt' };
    expect((await post(anna, '/api/v1/work-items/bulk', body)).statusCode).toBe(403);
    const response = await post(supervisor, '/api/v1/work-items/bulk', body);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      done: [ids.b, ids.e],
      failed: [
        { documentId: closed, code: 'work_items.closed' },
        { documentId: unknown, code: 'work_items.not_found' },
      ],
    });
    const forward = await post(supervisor, '/api/v1/work-items/bulk', { documentIds: [ids.c, ids.d], action: 'forward', queueId: 'general', note: 'Allgemeine Anfrage, keine Kündigung' });
    expect(forward.json()).toEqual({ done: [ids.c, ids.d], failed: [] });
    expect((await post(supervisor, '/api/v1/work-items/bulk', { documentIds: [ids.c], action: 'assign' })).statusCode).toBe(400);
    const assign = await post(supervisor, '/api/v1/work-items/bulk', { documentIds: [ids.c, ids.d], action: 'assign', userId: anna.account.id });
    expect(assign.json()).toEqual({ done: [ids.c, ids.d], failed: [] });
    expect((await inbox('general', anna, 'assignee=me')).items.map((item) => item.documentId).sort()).toEqual([ids.c, ids.d].sort());
  });

  it('lets admins change a queue SLA (open items are re-dated) and the routing rules', async () => {
    const open = await insertRoutedDocument(app.db, { receivedAt: '2026-12-19T11:00:00+01:00', requestType: 'cancellation', queue: 'cancellations', firstName: 'Ingrid', lastName: 'Pohl' });
    const put = (session: TestSession, payload: Record<string, unknown>) => server.inject({ method: 'PUT', url: '/api/v1/queues/cancellations', headers: session.writeHeaders, payload });
    expect((await put(supervisor, { name: 'Kündigungen', slaBusinessDays: 1 })).statusCode).toBe(403);
    const changed = await put(admin, { name: 'Kündigungen (Team Nord)', slaBusinessDays: 1, holidayState: 'BY' });
    expect(changed.json()).toEqual({ id: 'cancellations', name: 'Kündigungen (Team Nord)', slaBusinessDays: 1, holidayState: 'BY' });
    const item = (await inbox('cancellations', admin)).items.find((entry) => entry.documentId === open);
    expect(item?.dueAt).toBe('2026-12-22'); // Sat 19 → Mon 21 + 1
    const config = await server.inject({ url: '/api/v1/queues/config', headers: supervisor.headers });
    expect(config.json()).toContainEqual({ id: 'cancellations', name: 'Kündigungen (Team Nord)', slaBusinessDays: 1, holidayState: 'BY' });

    const before = await server.inject({ url: '/api/v1/routing-rules', headers: supervisor.headers });
    expect(before.json()).toMatchObject({ rules: [], source: 'defaults' });
    expect(before.json().defaults).toContainEqual({ name: 'default:cancellation', queue: 'cancellations', requestTypes: ['cancellation'] });
    const rules = [{ name: 'Geschäftskunden-Kündigungen', queue: 'business-retention', requestTypes: ['cancellation'], customerSegments: ['business'] }, { name: 'Fax-Rechnungen', queue: 'billing', channels: ['fax'] }];
    expect((await server.inject({ method: 'PUT', url: '/api/v1/routing-rules', headers: supervisor.writeHeaders, payload: { rules } })).statusCode).toBe(403);
    const saved = await server.inject({ method: 'PUT', url: '/api/v1/routing-rules', headers: admin.writeHeaders, payload: { rules } });
    expect(saved.json()).toMatchObject({ rules, source: 'database', updatedBy: admin.account.id });
    expect((await server.inject({ url: '/api/v1/queues/config', headers: admin.headers })).json().map((queue: { id: string }) => queue.id)).toContain('business-retention');
    const invalid = await server.inject({ method: 'PUT', url: '/api/v1/routing-rules', headers: admin.writeHeaders, payload: { rules: [{ name: 'kaputt', queue: 'Keine Queue!' }] } });
    expect(invalid.statusCode).toBe(400);
  });

  it('keeps the per-due-date counters equal to a full count after every kind of change', async () => {
    const counted = await app.db
      .selectFrom('work_items')
      .select(['queue_id', sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due'), sql<string>`count(*)`.as('n')])
      .where('status', '<>', 'closed')
      .groupBy(['queue_id', 'due_date'])
      .execute();
    const counters = await app.db.selectFrom('work_item_counts').select(['queue_id', sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due'), 'open_count']).where('open_count', '<>', 0).execute();
    const key = (queue: string, due: string) => `${queue} ${due}`;
    expect(Object.fromEntries(counters.map((row) => [key(row.queue_id, row.due), row.open_count]))).toEqual(Object.fromEntries(counted.map((row) => [key(row.queue_id, row.due), Number(row.n)])));
    expect(counted.length).toBeGreaterThan(3);
  });

  it('lists the workspace routes in the OpenAPI document', async () => {
    const spec = (await server.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/queues', '/api/v1/queues/{id}/items', '/api/v1/documents/{id}/claim', '/api/v1/work-items/bulk', '/api/v1/documents/{id}/history', '/api/v1/routing-rules']));
  });
});
