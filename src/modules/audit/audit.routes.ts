import type { Kysely } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../database/database.types.ts';
import type { Role } from '../auth/auth.types.ts';
import { createError } from '../shared/errors.ts';
import { listAuditEvents } from './audit.query.ts';
import { verifyAuditChain } from './audit.verify.ts';

/** Who may read the audit trail. */
export const auditReaders: readonly Role[] = ['auditor', 'admin'];

const listQuery = z.object({
  action: z.string().max(64).optional(),
  actor: z.string().max(128).optional(),
  subjectType: z.enum(['document', 'customer', 'user', 'token', 'search', 'settings']).optional(),
  subject: z.string().max(128).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  beforeSeq: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const entry = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

const verifyResponse = z.object({
  ok: z.boolean(),
  entries: z.number(),
  lastSeq: z.number(),
  lastHash: z.string(),
  firstBroken: z.object({ seq: z.number(), reason: z.string(), message: z.string(), action: z.string().nullable(), at: z.string().nullable() }).nullable(),
});

function tenantOf(principal: { tenantId: string } | null): string {
  if (!principal) throw createError({ code: 'auth.unauthenticated', message: 'login required', statusCode: 401 });
  return principal.tenantId;
}

/** The audit trail for auditors and admins: always the caller's own tenant. */
export function auditRoutes(deps: { db: Kysely<Database> }): FastifyPluginAsyncZod {
  return async (server) => {
    server.get(
      '/api/v1/audit',
      {
        config: { access: auditReaders },
        schema: { tags: ['audit'], summary: 'Audit trail entries, newest first, with filters (keyset paging by beforeSeq)', querystring: listQuery, response: { 200: z.object({ events: z.array(entry), nextBeforeSeq: z.number().nullable() }) } },
      },
      async (request) => {
        const query = request.query;
        return listAuditEvents(deps, {
          tenantId: tenantOf(request.principal),
          action: query.action,
          actorId: query.actor,
          subjectType: query.subjectType,
          subjectId: query.subject,
          from: query.from,
          to: query.to,
          beforeSeq: query.beforeSeq,
          limit: query.limit,
        });
      },
    );

    server.get(
      '/api/v1/audit/verify',
      { config: { access: auditReaders }, schema: { tags: ['audit'], summary: "Recompute the tenant's hash chain and name the first broken entry", response: { 200: verifyResponse } } },
      async (request) => {
        const tenantId = tenantOf(request.principal);
        const report = await verifyAuditChain(deps, { tenantId });
        const chain = report.tenants[0];
        return chain
          ? { ok: chain.ok, entries: chain.entries, lastSeq: chain.lastSeq, lastHash: chain.lastHash, firstBroken: chain.firstBroken }
          : { ok: true, entries: 0, lastSeq: 0, lastHash: '0'.repeat(64), firstBroken: null };
      },
    );
  };
}
