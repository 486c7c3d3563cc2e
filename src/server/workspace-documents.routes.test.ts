import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureManifest } from '../../scripts/generate-fixtures.ts';
import { loginAs, type TestSession } from '../../test/auth-helpers.ts';
import { createTestApp, fixturesDir, type TestApp } from '../../test/test-app.ts';
import { insertRoutedDocument } from '../../test/workspace-fixtures.ts';
import { createCustomersRepository } from '../modules/customers/customers.repository.ts';
import { createServer } from './server.ts';

const manifest = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'manifest.json'), 'utf8')) as FixtureManifest;

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer; type: string }): { payload: Buffer; contentType: string } {
  const boundary = '----poststelle-test-boundary-4f1a';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('document corrections, word boxes and upload', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let agent: TestSession;
  let admin: TestSession;
  let auditor: TestSession;

  beforeAll(async () => {
    app = await createTestApp();
    server = await createServer(app);
    agent = await loginAs(server, app, 'agent');
    admin = await loginAs(server, app, 'admin');
    auditor = await loginAs(server, app, 'auditor');
    await createCustomersRepository({ db: app.db }).upsertMany('default', [
      { customerNumber: '4711002310', firstName: 'Martina', lastName: 'Krüger', company: null, street: 'Am Stadtgarten', houseNumber: '12a', postalCode: '45127', city: 'Essen', email: null, phone: '+492011234567', iban: 'DE02120300000000202051', birthDate: '1971-04-18', contractNumbers: ['V-88123'] },
    ]);
  });

  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const patch = (session: TestSession, id: string, payload: Record<string, unknown>) => server.inject({ method: 'PATCH', url: `/api/v1/documents/${id}/recognition`, headers: session.writeHeaders, payload });

  it('stores every correction as training feedback and re-routes when the request type changes', async () => {
    const id = await insertRoutedDocument(app.db, { receivedAt: '2026-12-02T10:00:00+01:00', requestType: 'cancellation', queue: 'cancellations', firstName: 'Martina', lastName: 'Kruger', company: 'Krüger Haustechnik' });
    expect((await patch(auditor, id, { requestType: 'invoice_complaint' })).statusCode).toBe(403);
    expect((await patch(agent, id, { requestType: 'pizza_order' })).json().code).toBe('documents.unknown_request_type');
    expect((await patch(agent, id, { customerNumber: '9999999999' })).json().code).toBe('customers.not_found');
    expect((await patch(agent, id, { fields: { shoeSize: '42' } })).statusCode).toBe(400);

    const response = await patch(agent, id, {
      requestType: 'invoice_complaint',
      secondaryRequestTypes: ['bank_details_change'],
      fields: { lastName: 'Krüger', iban: 'DE02 1203 0000 0000 2020 51', company: null },
      customerNumber: '4711002310',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      requestType: 'invoice_complaint',
      requestTypeConfidence: 1,
      secondaryRequestTypes: ['bank_details_change'],
      fields: { firstName: 'Martina', lastName: 'Krüger', iban: 'DE02 1203 0000 0000 2020 51' },
      customerNumber: '4711002310',
      matchStatus: 'auto',
      queue: 'billing',
      rerouted: { from: 'cancellations', to: 'billing' },
    });
    expect(response.json().fields.company).toBeUndefined();

    const feedback = await app.db.selectFrom('training_feedback').select(['kind', 'field', 'predicted', 'corrected', 'corrected_by', 'text']).where('document_id', '=', id).orderBy('id').execute();
    expect(feedback.map(({ kind, field, predicted, corrected }) => ({ kind, field, predicted, corrected }))).toEqual(
      expect.arrayContaining([
        { kind: 'request_type', field: null, predicted: 'cancellation', corrected: 'invoice_complaint' },
        { kind: 'field', field: 'secondaryRequestTypes', predicted: null, corrected: 'bank_details_change' },
        { kind: 'field', field: 'lastName', predicted: 'Kruger', corrected: 'Krüger' },
        { kind: 'field', field: 'iban', predicted: null, corrected: 'DE02 1203 0000 0000 2020 51' },
        { kind: 'field', field: 'company', predicted: 'Krüger Haustechnik', corrected: '' },
        { kind: 'customer', field: null, predicted: null, corrected: '4711002310' },
      ]),
    );
    expect(feedback).toHaveLength(6);
    expect(feedback.every((entry) => entry.corrected_by === agent.account.id && entry.text.includes('Sehr geehrte'))).toBe(true);

    // Billing: 10 business days from Wed 2 Dec → 16 Dec.
    const item = (await server.inject({ url: '/api/v1/queues/billing/items', headers: agent.headers })).json().items.find((entry: { documentId: string }) => entry.documentId === id);
    expect(item).toMatchObject({ dueAt: '2026-12-16', requestType: 'invoice_complaint', customerNumber: '4711002310' });
    const history = (await server.inject({ url: `/api/v1/documents/${id}/history`, headers: agent.headers })).json() as Array<{ action: string; details: Record<string, unknown> }>;
    expect(history.map((entry) => entry.action)).toEqual(['routed', 'corrected', 'rerouted']);
    expect(history[1]?.details).toMatchObject({ requestType: { from: 'cancellation', to: 'invoice_complaint' }, fields: expect.arrayContaining(['requestType', 'fields.iban', 'customerNumber']) });
    expect(history[2]?.details).toMatchObject({ from: 'cancellations', to: 'billing', dueDate: '2026-12-16' });

    // Confirming the same values again changes nothing and teaches nothing.
    expect((await patch(agent, id, { requestType: 'invoice_complaint', fields: { lastName: 'Krüger' } })).json()).toMatchObject({ corrected: [], rerouted: null });
    expect(await app.db.selectFrom('training_feedback').select('id').where('document_id', '=', id).execute()).toHaveLength(6);
  });

  it("re-routes with the tenant's rules from the database and takes documents out of triage", async () => {
    const rules = [{ name: 'Fax-Reklamationen an Key-Account', queue: 'key-accounts', requestTypes: ['invoice_complaint'], channels: ['fax'] }];
    expect((await server.inject({ method: 'PUT', url: '/api/v1/routing-rules', headers: admin.writeHeaders, payload: { rules } })).statusCode).toBe(200);
    const id = await insertRoutedDocument(app.db, { receivedAt: '2026-12-03T16:20:00+01:00', requestType: null, queue: 'triage', channel: 'fax', company: 'Autohaus Lindemann KG' });
    expect((await app.db.selectFrom('documents').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('needs_review');
    const response = await patch(agent, id, { requestType: 'invoice_complaint' });
    expect(response.json()).toMatchObject({ status: 'routed', queue: 'key-accounts', rerouted: { from: 'triage', to: 'key-accounts' } });
    const queues = (await server.inject({ url: '/api/v1/queues', headers: agent.headers })).json() as Array<{ id: string; open: number }>;
    expect(queues.find((queue) => queue.id === 'key-accounts')?.open).toBe(1);
    expect(queues.find((queue) => queue.id === 'triage')?.open).toBe(0);
  });

  it('moves the work item when the older request-type endpoint changes the type', async () => {
    const id = await insertRoutedDocument(app.db, { receivedAt: '2026-12-01T13:00:00+01:00', requestType: 'general_inquiry', queue: 'general', firstName: 'Bernd', lastName: 'Lohmann' });
    const response = await server.inject({ method: 'PATCH', url: `/api/v1/documents/${id}/request-type`, headers: agent.writeHeaders, payload: { requestType: 'number_porting' } });
    expect(response.statusCode, response.body).toBe(200);
    const item = await app.db.selectFrom('work_items').select(['queue_id', sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due')]).where('document_id', '=', id).executeTakeFirstOrThrow();
    expect(item).toEqual({ queue_id: 'number-porting', due: '2026-12-03' });
  });

  it('takes an uploaded letter through the pipeline into its queue and serves its word boxes', async () => {
    await app.pipeline.startWorkers();
    const fixture = manifest.documents.find((document) => document.kind === 'scan-png') as FixtureManifest['documents'][number];
    const bytes = fs.readFileSync(path.join(fixturesDir, fixture.file));
    const body = multipart({ receivedAt: '2026-12-04T08:30:00+01:00' }, { name: fixture.file, bytes, type: 'image/png' });
    const upload = await server.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...agent.writeHeaders, 'content-type': body.contentType }, payload: body.payload });
    expect(upload.statusCode, upload.body).toBe(202);
    const { id } = upload.json() as { id: string };
    await app.documents.waitUntilFinal([id], () => undefined);

    const document = await app.db.selectFrom('documents').select(['channel', 'queue', 'status', 'received_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(document).toMatchObject({ channel: 'upload', received_at: new Date('2026-12-04T07:30:00Z') });
    expect(['routed', 'needs_review']).toContain(document.status);
    const inbox = (await server.inject({ url: `/api/v1/queues/${document.queue}/items`, headers: agent.headers })).json() as { items: Array<{ documentId: string; channel: string; receivedAt: string }> };
    expect(inbox.items.find((item) => item.documentId === id)).toMatchObject({ channel: 'upload', receivedAt: '2026-12-04T07:30:00.000Z' });
    const history = (await server.inject({ url: `/api/v1/documents/${id}/history`, headers: agent.headers })).json() as Array<{ action: string; actor: { id: string } | null }>;
    expect(history.map((entry) => entry.action).sort()).toEqual(['routed', 'uploaded']);
    expect(history.find((entry) => entry.action === 'uploaded')?.actor?.id).toBe(agent.account.id);

    const words = await server.inject({ url: `/api/v1/documents/${id}/pages/1/words`, headers: auditor.headers });
    expect(words.statusCode).toBe(200);
    const page = words.json() as { width: number; height: number; words: Array<{ text: string; confidence: number; box: [number, number, number, number] }> };
    expect(page.words.length).toBeGreaterThan(20);
    const name = page.words.find((word) => word.text.includes(fixture.lastName ?? '—'));
    expect(name, `word ${fixture.lastName}`).toBeDefined();
    const [x, y, w, h] = name?.box ?? [0, 0, 0, 0];
    expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= page.width && y + h <= page.height).toBe(true);
    expect((await server.inject({ url: `/api/v1/documents/${id}/pages/9/words`, headers: agent.headers })).statusCode).toBe(404);
    const image = await server.inject({ url: `/api/v1/documents/${id}/pages/1/image`, headers: agent.headers });
    expect(image.statusCode).toBe(200);

    const missingFile = multipart({ receivedAt: '2026-12-04T08:30:00+01:00' }, { name: 'leer.txt', bytes: Buffer.alloc(0), type: 'text/plain' });
    const withoutFileField = await server.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...agent.writeHeaders, 'content-type': missingFile.contentType }, payload: Buffer.from(missingFile.payload.toString().replace('name="file"', 'name="anhang"')) });
    expect(withoutFileField.statusCode).toBe(400);
    expect((await server.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...auditor.writeHeaders, 'content-type': body.contentType }, payload: body.payload })).statusCode).toBe(403);
  });
});
