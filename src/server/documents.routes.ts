import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toContractLine } from '../modules/documents/documents.presenter.ts';
import type { AppContext } from '../modules/app/app.context.ts';
import { createFeedbackService } from '../modules/recognition/feedback.service.ts';

const documentParams = z.object({ id: z.string().uuid() });
const pageParams = documentParams.extend({ pageNo: z.coerce.number().int().min(1) });
const tenantQuery = z.object({ tenant: z.string().optional() });

const documentResponse = z.object({
  id: z.string(),
  source: z.string(),
  batchIndex: z.number(),
  status: z.string(),
  channel: z.string(),
  pages: z.number(),
  receivedAt: z.string(),
  requestType: z.string().nullable(),
  requestTypeConfidence: z.number().nullable(),
  secondaryRequestTypes: z.array(z.string()),
  customerNumber: z.string().nullable(),
  matchStatus: z.string(),
  matchConfidence: z.number().nullable(),
  fields: z.record(z.string(), z.unknown()),
  queue: z.string().nullable(),
  text: z.string(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  duplicateOf: z.string().optional(),
  sha256: z.string(),
  pageList: z.array(
    z.object({ pageNo: z.number(), width: z.number(), height: z.number(), dpi: z.number(), textSource: z.string().nullable(), ocrConfidence: z.number().nullable(), imageUrl: z.string() }),
  ),
  steps: z.array(z.object({ step: z.string(), status: z.string(), attempts: z.number(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(), durationMs: z.number().nullable(), error: z.string().nullable() })),
  pdfUrl: z.string().nullable(),
  suggestedCustomerNumber: z.string().nullable(),
  recognition: z
    .object({
      model: z.string().nullable(),
      candidateType: z.string().nullable(),
      probabilities: z.record(z.string(), z.number()),
      flags: z.array(z.string()),
      match: z.object({
        status: z.string(),
        explanation: z.string(),
        candidates: z.array(z.object({ customerNumber: z.string(), score: z.number(), probability: z.number(), agreements: z.array(z.string()), conflicts: z.array(z.string()) })),
      }),
      routingRule: z.string(),
      durationMs: z.number(),
    })
    .nullable(),
});

export function documentsRoutes(app: AppContext): FastifyPluginAsyncZod {
  return async (server) => {
    const tenantOf = (query: { tenant?: string }) => query.tenant ?? app.config.tenantId;

    server.get(
      '/api/v1/documents',
      {
        schema: {
          tags: ['documents'],
          summary: 'Most recently received documents',
          querystring: tenantQuery.extend({ status: z.string().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: z.object({ documents: z.array(z.object({ id: z.string(), source: z.string(), status: z.string(), channel: z.string(), pages: z.number(), receivedAt: z.string(), requestType: z.string().nullable(), errorCode: z.string().nullable() })) }) },
        },
      },
      async (request) => {
        const rows = await app.documents.listRecent(tenantOf(request.query), { status: request.query.status, limit: request.query.limit });
        return {
          documents: rows.map((row) => ({
            id: row.id,
            source: row.source,
            status: row.status,
            channel: row.channel,
            pages: row.page_count ?? 0,
            receivedAt: new Date(row.received_at).toISOString(),
            requestType: row.request_type,
            errorCode: row.error_code,
          })),
        };
      },
    );

    server.get('/api/v1/documents/:id', { schema: { tags: ['documents'], summary: 'Document metadata, recognised data, pages and pipeline steps', params: documentParams, querystring: tenantQuery, response: { 200: documentResponse } } }, async (request) => {
      const tenantId = tenantOf(request.query);
      const document = await app.documents.getById(tenantId, request.params.id);
      const original = document.duplicate_of ? await app.documents.getById(tenantId, document.duplicate_of) : null;
      const pages = await app.documents.listPages(tenantId, document.id);
      const steps = await app.documents.listSteps(document.id);
      return {
        ...toContractLine(document, original),
        pageList: pages.map((page) => ({
          pageNo: page.page_no,
          width: page.width,
          height: page.height,
          dpi: page.dpi,
          textSource: page.text_source,
          ocrConfidence: page.ocr_confidence,
          imageUrl: `/api/v1/documents/${document.id}/pages/${page.page_no}/image`,
        })),
        steps: steps.map((step) => ({
          step: step.step,
          status: step.status,
          attempts: step.attempts,
          startedAt: step.started_at ? new Date(step.started_at).toISOString() : null,
          finishedAt: step.finished_at ? new Date(step.finished_at).toISOString() : null,
          durationMs: step.duration_ms,
          error: step.error,
        })),
        pdfUrl: document.pdf_key ? `/api/v1/documents/${document.id}/pdf` : null,
        suggestedCustomerNumber: document.suggested_customer_number,
        recognition: document.recognition,
      };
    });

    const feedback = createFeedbackService({ db: app.db });
    server.patch(
      '/api/v1/documents/:id/request-type',
      {
        schema: {
          tags: ['documents'],
          summary: "Correct a document's request type (kept as training feedback)",
          params: documentParams,
          querystring: tenantQuery,
          body: z.object({ requestType: z.string(), correctedBy: z.string().optional() }),
          response: { 200: z.object({ id: z.string(), requestType: z.string() }) },
        },
      },
      async (request) => {
        await feedback.correctRequestType({ tenantId: tenantOf(request.query), documentId: request.params.id, requestType: request.body.requestType, correctedBy: request.body.correctedBy ?? null });
        return { id: request.params.id, requestType: request.body.requestType };
      },
    );

    server.get('/api/v1/documents/:id/pages/:pageNo/image', { schema: { tags: ['documents'], summary: 'Page image (PNG)', params: pageParams, querystring: tenantQuery } }, async (request, reply) => {
      const page = await app.documents.getPage(tenantOf(request.query), request.params.id, request.params.pageNo);
      const image = await app.blobs.get(page.image_key);
      return reply.type('image/png').header('cache-control', 'private, max-age=31536000, immutable').send(image);
    });

    server.get('/api/v1/documents/:id/pdf', { schema: { tags: ['documents'], summary: 'Searchable PDF (page images with invisible text)', params: documentParams, querystring: tenantQuery } }, async (request, reply) => {
      const document = await app.documents.getById(tenantOf(request.query), request.params.id);
      if (!document.pdf_key) return reply.code(404).send({ code: 'documents.pdf_not_ready', message: 'the searchable PDF is not ready yet' });
      const pdf = await app.blobs.get(document.pdf_key);
      const name = (document.original_name ?? document.id).replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_');
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}.pdf"`).send(pdf);
    });

    server.get('/api/v1/documents/:id/original', { schema: { tags: ['documents'], summary: 'The original as received', params: documentParams, querystring: tenantQuery } }, async (request, reply) => {
      const document = await app.documents.getById(tenantOf(request.query), request.params.id);
      const bytes = await app.blobs.get(document.original_key);
      return reply.type(document.mime_type ?? 'application/octet-stream').header('content-disposition', 'attachment').send(bytes);
    });
  };
}
