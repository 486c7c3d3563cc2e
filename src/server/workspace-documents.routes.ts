import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../modules/app/app.context.ts';
import type { AuditLog } from '../modules/audit/audit.types.ts';
import { readers, workers } from '../modules/auth/auth.types.ts';
import type { PageWordRecord } from '../modules/database/database.types.ts';
import { recordDocumentEvent } from '../modules/queues/document-events.ts';
import { correctableFields, createCorrectionsService } from '../modules/recognition/corrections.service.ts';
import { createError } from '../modules/shared/errors.ts';
import { callerOf } from './caller.ts';
import { documentParams } from './workspace.schemas.ts';

const fieldsSchema = z.object(Object.fromEntries(correctableFields.map((name) => [name, z.string().max(200).nullable().optional()]))).strict();

/** What the document viewer needs beyond the document itself: corrections, word boxes, upload. */
export function workspaceDocumentsRoutes(app: Pick<AppContext, 'db' | 'intake' | 'routingRules' | 'config'>, { audit }: { audit: AuditLog }): FastifyPluginAsyncZod {
  return async (server) => {
    const corrections = createCorrectionsService({ db: app.db, routingRules: app.routingRules, audit });
    await server.register(fastifyMultipart, { limits: { fileSize: app.config.maxFileBytes, files: 1, fields: 5 } });

    server.patch(
      '/api/v1/documents/:id/recognition',
      {
        config: { access: workers },
        schema: {
          tags: ['documents'],
          summary: 'Correct request type, secondary types, fields or customer (kept as training feedback; a new type may re-route)',
          params: documentParams,
          body: z.object({
            requestType: z.string().optional(),
            secondaryRequestTypes: z.array(z.string()).max(10).optional(),
            fields: fieldsSchema.optional(),
            customerNumber: z.string().max(64).nullable().optional(),
          }),
          response: {
            200: z.object({
              id: z.string(),
              status: z.string(),
              requestType: z.string().nullable(),
              requestTypeConfidence: z.number().nullable(),
              secondaryRequestTypes: z.array(z.string()),
              fields: z.record(z.string(), z.unknown()),
              customerNumber: z.string().nullable(),
              matchStatus: z.string().nullable(),
              queue: z.string().nullable(),
              rerouted: z.object({ from: z.string().nullable(), to: z.string() }).nullable(),
              corrected: z.array(z.string()),
            }),
          },
        },
      },
      async (request) => corrections.correct(callerOf(request), request.params.id, request.body as Parameters<typeof corrections.correct>[2]),
    );

    server.get(
      '/api/v1/documents/:id/pages/:n/words',
      {
        config: { access: readers },
        schema: {
          tags: ['documents'],
          summary: 'OCR word boxes of a page, in pixels of the page image (for highlighting)',
          params: documentParams.extend({ n: z.coerce.number().int().min(1) }),
          response: { 200: z.object({ width: z.number(), height: z.number(), words: z.array(z.object({ text: z.string(), confidence: z.number(), line: z.number(), box: z.tuple([z.number(), z.number(), z.number(), z.number()]) })) }) },
        },
      },
      async (request) => {
        const page = await app.db
          .selectFrom('document_pages')
          .select(['width', 'height', 'words'])
          .where('tenant_id', '=', callerOf(request).tenantId)
          .where('document_id', '=', request.params.id)
          .where('page_no', '=', request.params.n)
          .executeTakeFirst();
        if (!page) throw createError({ code: 'documents.page_not_found', message: `page ${request.params.n} of document ${request.params.id} not found`, statusCode: 404 });
        const words = (page.words ?? []) as PageWordRecord[];
        return { width: page.width, height: page.height, words: words.map((word) => ({ text: word.t, confidence: word.c, line: word.l, box: word.b })) };
      },
    );

    server.post(
      '/api/v1/documents',
      {
        config: { access: workers },
        schema: {
          tags: ['documents'],
          summary: 'Upload a letter (multipart: field `file`, optional `receivedAt`); processed like any other channel',
          consumes: ['multipart/form-data'],
          response: { 202: z.object({ id: z.string(), status: z.string(), duplicateOf: z.string().nullable() }) },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        if (!request.isMultipart()) throw createError({ code: 'request.invalid', message: 'send multipart/form-data with a file field', statusCode: 400 });
        let file: { bytes: Buffer; name: string } | null = null;
        let receivedAt = new Date();
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') {
              await part.toBuffer();
              continue;
            }
            const bytes = await part.toBuffer();
            if (part.file.truncated) throw createError({ code: 'file_too_large', message: 'the file is larger than allowed', statusCode: 413 });
            file = { bytes, name: part.filename || 'upload' };
          } else if (part.fieldname === 'receivedAt' && typeof part.value === 'string' && part.value) {
            const parsed = new Date(part.value);
            if (Number.isNaN(parsed.getTime())) throw createError({ code: 'request.invalid', message: 'receivedAt is not a date', statusCode: 400 });
            receivedAt = parsed;
          }
        }
        if (!file) throw createError({ code: 'request.invalid', message: 'the file field is missing', statusCode: 400 });
        const name = file.name.replace(/[/\\]/g, '_').slice(0, 200);
        const outcome = await app.intake.ingest({ bytes: file.bytes, source: `upload/${name}`, originalName: name, channel: 'upload', receivedAt, tenantId: caller.tenantId, runId: null });
        const document = await app.db.selectFrom('documents').select(['status']).where('id', '=', outcome.documentId).executeTakeFirstOrThrow();
        await recordDocumentEvent(app.db, { tenantId: caller.tenantId, documentId: outcome.documentId, actor: { id: caller.id, displayName: caller.displayName }, action: 'uploaded', details: { name, size: file.bytes.length } });
        return reply.code(202).send({ id: outcome.documentId, status: document.status, duplicateOf: outcome.duplicateOf });
      },
    );
  };
}
