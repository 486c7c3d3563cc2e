import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toContractLine } from '../modules/documents/documents.presenter.ts';
import type { AppContext } from '../modules/app/app.context.ts';
import { principalOf } from '../modules/auth/auth.plugin.ts';
import { pageImageMimeType } from '../modules/imaging/pdf-page-image.ts';
import { readers, workers } from '../modules/auth/auth.types.ts';
import { createFeedbackService } from '../modules/recognition/feedback.service.ts';

const documentParams = z.object({ id: z.string().uuid() });
const pageParams = documentParams.extend({ pageNo: z.coerce.number().int().min(1) });

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
  similarity: z.number().optional(),
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
      faxSender: z.string().nullable().optional(),
      faxSentAt: z.string().nullable().optional(),
      faxStation: z.string().nullable().optional(),
      signatureMissing: z.boolean().optional(),
      signature: z.object({ boxes: z.number(), signed: z.number(), missingOnPages: z.array(z.number()) }).optional(),
    })
    .nullable(),
});

export function documentsRoutes(app: AppContext): FastifyPluginAsyncZod {
  return async (server) => {
    // The tenant is the caller's, never a parameter: a document of another tenant simply does not exist.
    const tenantOf = (request: FastifyRequest) => principalOf(request).tenantId;

    server.get(
      '/api/v1/documents',
      {
        config: { access: readers },
        schema: {
          tags: ['documents'],
          summary: 'Most recently received documents',
          querystring: z.object({ status: z.string().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: z.object({ documents: z.array(z.object({ id: z.string(), source: z.string(), status: z.string(), channel: z.string(), pages: z.number(), receivedAt: z.string(), requestType: z.string().nullable(), errorCode: z.string().nullable() })) }) },
        },
      },
      async (request) => {
        const rows = await app.documents.listRecent(tenantOf(request), { status: request.query.status, limit: request.query.limit });
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

    server.get('/api/v1/documents/:id', { config: { access: readers }, schema: { tags: ['documents'], summary: 'Document metadata, recognised data, pages and pipeline steps', params: documentParams, response: { 200: documentResponse } } }, async (request) => {
      const tenantId = tenantOf(request);
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
        config: { access: workers },
        schema: {
          tags: ['documents'],
          summary: "Correct a document's request type (kept as training feedback)",
          params: documentParams,
          // correctedBy is accepted for compatibility but ignored: the correction is the caller's.
          body: z.object({ requestType: z.string(), correctedBy: z.string().optional() }),
          response: { 200: z.object({ id: z.string(), requestType: z.string() }) },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        await feedback.correctRequestType({ tenantId: principal.tenantId, documentId: request.params.id, requestType: request.body.requestType, correctedBy: principal.username });
        return { id: request.params.id, requestType: request.body.requestType };
      },
    );

    server.get('/api/v1/documents/:id/pages/:pageNo/image', { config: { access: readers }, schema: { tags: ['documents'], summary: 'Page image (PNG, or the original JPEG)', params: pageParams } }, async (request, reply) => {
      const page = await app.documents.getPage(tenantOf(request), request.params.id, request.params.pageNo);
      const image = await app.blobs.get(page.image_key);
      return reply.type(pageImageMimeType(image)).header('cache-control', 'private, max-age=31536000, immutable').send(image);
    });

    server.get('/api/v1/documents/:id/pdf', { config: { access: readers }, schema: { tags: ['documents'], summary: 'Searchable PDF (page images with invisible text)', params: documentParams } }, async (request, reply) => {
      const document = await app.documents.getById(tenantOf(request), request.params.id);
      if (!document.pdf_key) return reply.code(404).send({ code: 'documents.pdf_not_ready', message: 'the searchable PDF is not ready yet' });
      const pdf = await app.blobs.get(document.pdf_key);
      const name = (document.original_name ?? document.id).replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_');
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}.pdf"`).send(pdf);
    });

    server.get('/api/v1/documents/:id/original', { config: { access: readers }, schema: { tags: ['documents'], summary: 'The original as received', params: documentParams } }, async (request, reply) => {
      const document = await app.documents.getById(tenantOf(request), request.params.id);
      const bytes = await app.blobs.get(document.original_key);
      return reply.type(document.mime_type ?? 'application/octet-stream').header('content-disposition', 'attachment').send(bytes);
    });
  };
}
