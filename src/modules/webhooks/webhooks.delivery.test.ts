import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type TestSession } from '../../../test/auth-helpers.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { insertRoutedDocument } from '../../../test/workspace-fixtures.ts';
import { createServer } from '../../server/server.ts';
import { createLogger } from '../shared/logger.ts';
import { createWebhookDelivery } from './webhooks.delivery.ts';
import { signatureHeader, verifySignature } from './webhooks.signature.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answeredWith: number;
}

/** A CRM stand-in on 127.0.0.1 that fails the first request it gets, then accepts. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answeredWith = received.length === 0 ? 503 : 204;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answeredWith });
      response.statusCode = answeredWith;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/poststelle`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('webhooks: transactional outbox and signed delivery', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let admin: TestSession;
  let agent: TestSession;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = 'crm-shared-secret-7f3a9c21';

  beforeAll(async () => {
    app = await createTestApp();
    server = await createServer(app);
    admin = await loginAs(server, app, 'admin');
    agent = await loginAs(server, app, 'agent');
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await server?.close();
    await app?.cleanup();
  });

  it('lets only admins manage subscriptions', async () => {
    const payload = { url: receiver.url, events: ['document.routed'], secret };
    expect((await server.inject({ method: 'POST', url: '/api/v1/webhooks', headers: agent.writeHeaders, payload })).statusCode).toBe(403);
    expect((await server.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.writeHeaders, payload: { ...payload, secret: 'kurz' } })).statusCode).toBe(400);
    expect((await server.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.writeHeaders, payload: { ...payload, url: 'ftp://crm.example/x' } })).statusCode).toBe(400);
    const created = await server.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.writeHeaders, payload: { url: 'https://crm.example.com/hooks', events: ['document.closed'], secret } });
    expect(created.statusCode).toBe(201);
    const list = (await server.inject({ url: '/api/v1/webhooks', headers: admin.headers })).json();
    expect(list).toEqual([expect.objectContaining({ url: 'https://crm.example.com/hooks', events: ['document.closed'], pending: 0, failed: 0 })]);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect((await server.inject({ method: 'DELETE', url: `/api/v1/webhooks/${created.json().id}`, headers: admin.writeHeaders })).statusCode).toBe(204);
    expect((await server.inject({ method: 'DELETE', url: `/api/v1/webhooks/${created.json().id}`, headers: admin.writeHeaders })).statusCode).toBe(404);
  });

  it('writes routed and closed events to the outbox and delivers them signed, retrying after a failure', async () => {
    const created = await server.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.writeHeaders, payload: { url: receiver.url, events: ['document.routed', 'document.closed'], secret } });
    expect(created.statusCode).toBe(201);
    const documentId = await insertRoutedDocument(app.db, { receivedAt: '2026-12-04T09:30:00+01:00', requestType: 'bank_details_change', queue: 'customer-data', firstName: 'Renate', lastName: 'Wegener', customerNumber: 'K-204518' });
    expect((await server.inject({ method: 'POST', url: `/api/v1/documents/${documentId}/close`, headers: agent.writeHeaders, payload: { resolution: 'IBAN geändert' } })).statusCode).toBe(200);
    const outbox = await app.db.selectFrom('webhook_outbox').select(['event', 'status']).orderBy('id').execute();
    expect(outbox).toEqual([{ event: 'document.routed', status: 'pending' }, { event: 'document.closed', status: 'pending' }]);

    const delivery = createWebhookDelivery({ db: app.db, logger: createLogger('silent'), pollMs: 20, backoffMs: () => 100 });
    delivery.start();
    try {
      await until(async () => (await app.db.selectFrom('webhook_outbox').select('id').where('status', '=', 'delivered').execute()).length === 2, 'both deliveries');
    } finally {
      await delivery.stop();
    }

    expect(receiver.received.map((request) => request.answeredWith)).toEqual([503, 204, 204]);
    for (const request of receiver.received) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(verifySignature(secret, request.body, request.headers[signatureHeader] as string)).toBe(true);
      expect(verifySignature('another-secret-entirely', request.body, request.headers[signatureHeader] as string)).toBe(false);
    }
    const bodies = receiver.received.slice(1).map((request) => JSON.parse(request.body) as { event: string; tenantId: string; data: Record<string, unknown> });
    expect(bodies.map((body) => body.event).sort()).toEqual(['document.closed', 'document.routed']);
    expect(bodies.find((body) => body.event === 'document.routed')).toMatchObject({ tenantId: 'default', data: { documentId, queue: 'customer-data', requestType: 'bank_details_change', customerNumber: 'K-204518', dueDate: '2026-12-09' } });
    expect(bodies.find((body) => body.event === 'document.closed')).toMatchObject({ data: { documentId, queue: 'customer-data', resolution: 'IBAN geändert', closedBy: agent.account.id } });
    // The retried delivery carries the same id, so the receiver can drop duplicates.
    const failedId = receiver.received[0]?.headers['x-poststelle-delivery'];
    expect(receiver.received.slice(1).filter((request) => request.headers['x-poststelle-delivery'] === failedId)).toHaveLength(1);
    const rows = await app.db.selectFrom('webhook_outbox').select(['event', 'attempts', 'last_status']).orderBy('id').execute();
    expect(rows.map((row) => row.attempts).sort()).toEqual([1, 2]);
  });

  it('gives up after the last retry and keeps the entry as failed', async () => {
    const closedPort = await startReceiver();
    await closedPort.close();
    await app.db.deleteFrom('webhooks').execute();
    await server.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.writeHeaders, payload: { url: closedPort.url, events: ['document.routed'], secret } });
    await insertRoutedDocument(app.db, { receivedAt: '2026-12-04T11:00:00+01:00', requestType: 'tariff_change', queue: 'contracts', firstName: 'Dieter', lastName: 'Fuchs' });
    const delivery = createWebhookDelivery({ db: app.db, logger: createLogger('silent'), pollMs: 20, backoffMs: () => 30, maxAttempts: 3 });
    delivery.start();
    try {
      await until(async () => (await app.db.selectFrom('webhook_outbox').select('id').where('status', '=', 'failed').execute()).length === 1, 'the entry to fail');
    } finally {
      await delivery.stop();
    }
    const entry = await app.db.selectFrom('webhook_outbox').select(['attempts', 'last_error']).executeTakeFirstOrThrow();
    expect(entry.attempts).toBe(3);
    expect(entry.last_error).toBeTruthy();
    expect((await server.inject({ url: '/api/v1/webhooks', headers: admin.headers })).json()[0]).toMatchObject({ pending: 0, failed: 1 });
  });
});
