import type { Kysely } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createAuditLog } from '../audit/audit.log.ts';
import type { AuditLog } from '../audit/audit.types.ts';
import type { Principal, Role } from '../auth/auth.types.ts';
import type { Database } from '../database/database.types.ts';
import { createError } from '../shared/errors.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';
import { createArchiveService } from './archive.service.ts';
import { createLegalHoldService } from './legal-hold.service.ts';
import { loadRetentionRules } from './retention.rules.ts';
import { retainUntilOf } from './retention.service.ts';

/** Who may place and release legal holds. */
export const holdManagers: readonly Role[] = ['admin', 'supervisor'];
const archiveReaders: readonly Role[] = ['admin', 'supervisor', 'agent', 'auditor'];

const idParams = z.object({ id: z.string().uuid() });
const reasonBody = z.object({ reason: z.string().trim().min(3).max(500) });
const hold = z.object({ id: z.string(), documentId: z.string(), reason: z.string(), setBy: z.string(), setAt: z.string(), releasedBy: z.string().nullable(), releasedAt: z.string().nullable(), releaseReason: z.string().nullable() });
const archiveStatus = z.object({
  documentId: z.string(),
  retainUntil: z.string().nullable(),
  legalHolds: z.array(hold),
  rendition: z.object({ format: z.string(), sha256: z.string(), originalSha256: z.string(), sizeBytes: z.number(), converter: z.string() }).nullable(),
});

function principalOf(principal: Principal | null): Principal {
  if (!principal) throw createError({ code: 'auth.unauthenticated', message: 'login required', statusCode: 401 });
  return principal;
}

/** Archive state of a document (retention, holds, PDF/A rendition) and legal holds; always within the caller's tenant. */
export function archiveRoutes(options: { db: Kysely<Database>; blobs: BlobStore; dataDir: string; audit?: AuditLog }): FastifyPluginAsyncZod {
  const deps = { ...options, audit: options.audit ?? createAuditLog({ db: options.db }) };
  const holds = createLegalHoldService(deps);
  const archive = createArchiveService(deps);
  return async (server) => {
    server.get(
      '/api/v1/documents/:id/archive',
      { config: { access: archiveReaders }, schema: { tags: ['archive'], summary: 'Retention date, legal holds and the PDF/A rendition (with both sha256 sums) of a document', params: idParams, response: { 200: archiveStatus } } },
      async (request) => {
        const { tenantId } = principalOf(request.principal);
        const exists = await deps.db.selectFrom('documents').select('id').where('id', '=', request.params.id).where('tenant_id', '=', tenantId).executeTakeFirst();
        if (!exists) throw createError({ code: 'documents.not_found', message: `document ${request.params.id} not found`, statusCode: 404 });
        const rendition = await archive.rendition(tenantId, request.params.id);
        const retainUntil = await retainUntilOf(deps.db, await loadRetentionRules(deps.dataDir), request.params.id);
        return {
          documentId: request.params.id,
          retainUntil: retainUntil?.toISOString() ?? null,
          legalHolds: await holds.list({ tenantId, documentId: request.params.id }),
          rendition: rendition ? { format: rendition.format, sha256: rendition.sha256, originalSha256: rendition.originalSha256, sizeBytes: rendition.sizeBytes, converter: rendition.converter } : null,
        };
      },
    );

    server.post(
      '/api/v1/documents/:id/legal-hold',
      { config: { access: holdManagers }, schema: { tags: ['archive'], summary: 'Place a legal hold (stops retention deletion and erasure)', params: idParams, body: reasonBody, response: { 201: hold } } },
      async (request, reply) => {
        const principal = principalOf(request.principal);
        const placed = await holds.set({ tenantId: principal.tenantId, documentId: request.params.id, reason: request.body.reason, actor: { id: principal.id, name: principal.displayName } });
        return reply.code(201).send(placed);
      },
    );

    server.delete(
      '/api/v1/documents/:id/legal-hold',
      { config: { access: holdManagers }, schema: { tags: ['archive'], summary: "Release the document's legal holds", params: idParams, body: reasonBody, response: { 200: z.object({ released: z.number() }) } } },
      async (request) => {
        const principal = principalOf(request.principal);
        const released = await holds.release({ tenantId: principal.tenantId, documentId: request.params.id, reason: request.body.reason, actor: { id: principal.id, name: principal.displayName } });
        if (released === 0) throw createError({ code: 'archive.no_hold', message: `document ${request.params.id} has no active legal hold`, statusCode: 404 });
        return { released };
      },
    );
  };
}
