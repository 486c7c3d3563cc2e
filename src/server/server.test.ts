import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, loginAs, type TestSession } from '../../test/auth-helpers.ts';
import { createTestApp, fixturesDir, type TestApp } from '../../test/test-app.ts';
import type { FixtureManifest } from '../../scripts/generate-fixtures.ts';
import { createServer } from './server.ts';

const manifest = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'manifest.json'), 'utf8')) as FixtureManifest;

describe('HTTP server', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let documentId: string;
  let fixture: FixtureManifest['documents'][number];
  let agent: TestSession;

  beforeAll(async () => {
    app = await createTestApp();
    await app.pipeline.startWorkers();
    server = await createServer(app);
    agent = await loginAs(server, app, 'agent');
    fixture = manifest.documents.find((document) => document.kind === 'scan-jpeg') ?? (manifest.documents[0] as FixtureManifest['documents'][number]);
    const runId = await app.intake.startRun('default');
    const outcome = await app.intake.ingest({
      bytes: fs.readFileSync(path.join(fixturesDir, fixture.file)),
      source: fixture.file,
      originalName: fixture.file,
      channel: 'auto',
      receivedAt: new Date('2026-11-24T10:00:00Z'),
      tenantId: 'default',
      runId,
    });
    documentId = outcome.documentId;
    await app.documents.waitUntilFinal([documentId], () => undefined);
  });

  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  it('reports health and Prometheus metrics', async () => {
    expect((await server.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const metrics = await server.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/poststelle_documents\{status="(needs_review|routed)"\} 1/);
    expect(metrics.body).toContain('poststelle_http_requests_total');
    // Counts of every tenant: not for a client from elsewhere without the scraper token.
    const remote = await server.inject({ url: '/metrics', remoteAddress: '10.20.0.7' });
    expect(remote.statusCode).toBe(403);
    expect(remote.body).not.toContain('poststelle_documents');
  });

  it('serves document metadata with pages and recorded pipeline steps', async () => {
    const response = await server.inject({ url: `/api/v1/documents/${documentId}`, headers: agent.headers });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: documentId, channel: 'scan', pages: 1, receivedAt: '2026-11-24T10:00:00.000Z' });
    expect(['routed', 'needs_review']).toContain(body.status);
    expect(body.text.toLowerCase()).toContain((fixture.lastName ?? '').toLowerCase());
    expect(body.pageList[0]).toMatchObject({ pageNo: 1, textSource: 'ocr' });
    expect(body.steps.map((step: { step: string }) => step.step)).toEqual(['split', 'ocr', 'pdf', 'index', 'recognize', 'dedup', 'finalize']);
    expect(body.pdfUrl).toBe(`/api/v1/documents/${documentId}/pdf`);
  });

  it('serves page images, the searchable PDF and the original', async () => {
    const image = await server.inject({ url: `/api/v1/documents/${documentId}/pages/1/image`, headers: agent.headers });
    expect(image.statusCode).toBe(200);
    // An upright 300-dpi JPEG scan is its own page image (no re-encoding), served with its own type.
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.rawPayload.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    const pdf = await server.inject({ url: `/api/v1/documents/${documentId}/pdf`, headers: agent.headers });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const original = await server.inject({ url: `/api/v1/documents/${documentId}/original`, headers: agent.headers });
    expect(original.rawPayload.equals(fs.readFileSync(path.join(fixturesDir, fixture.file)))).toBe(true);
  });

  it('searches over HTTP and answers unknown ids and bad input with clear errors', async () => {
    const search = await server.inject({ url: `/api/v1/search?q=${encodeURIComponent(fixture.lastName ?? '')}`, headers: agent.headers });
    expect(search.json().hits.map((hit: { id: string }) => hit.id)).toContain(documentId);
    const missing = await server.inject({ url: '/api/v1/documents/00000000-0000-4000-8000-000000000000', headers: agent.headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('documents.not_found');
    const invalid = await server.inject({ url: '/api/v1/documents/not-a-uuid', headers: agent.headers });
    expect(invalid.statusCode).toBe(400);
    // The tenant is the caller's: another tenant's admin token does not find the document.
    const otherTenantAdmin = await createTestToken(app, { role: 'admin', tenantId: 'stadtwerke-nord' });
    const otherTenant = await server.inject({ url: `/api/v1/documents/${documentId}`, headers: otherTenantAdmin.headers });
    expect(otherTenant.statusCode).toBe(404);
    const otherSearch = await server.inject({ url: `/api/v1/search?q=${encodeURIComponent(fixture.lastName ?? '')}`, headers: otherTenantAdmin.headers });
    expect(otherSearch.json().hits).toEqual([]);
  });

  it('takes an agent\'s correction of the request type and keeps it as training feedback', async () => {
    const before = await app.documents.getById('default', documentId);
    const corrected = before.request_type === 'invoice_complaint' ? 'tariff_change' : 'invoice_complaint';
    const response = await server.inject({ method: 'PATCH', url: `/api/v1/documents/${documentId}/request-type`, headers: agent.writeHeaders, payload: { requestType: corrected } });
    expect(response.statusCode).toBe(200);
    const after = await app.documents.getById('default', documentId);
    expect(after).toMatchObject({ request_type: corrected, status: 'routed' });
    const feedback = await app.db.selectFrom('training_feedback').selectAll().where('document_id', '=', documentId).execute();
    expect(feedback).toHaveLength(1);
    expect(feedback[0]).toMatchObject({ kind: 'request_type', predicted: before.request_type, corrected, corrected_by: agent.account.username });
    const unknown = await server.inject({ method: 'PATCH', url: `/api/v1/documents/${documentId}/request-type`, headers: agent.writeHeaders, payload: { requestType: 'pizza_order' } });
    expect(unknown.statusCode).toBe(400);
  });

  it('publishes an OpenAPI 3.1 document', async () => {
    const spec = (await server.inject({ url: '/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/documents/{id}', '/api/v1/search']));
  });
});
