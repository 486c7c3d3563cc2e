import { Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { createError } from '../shared/errors.ts';
import { genesisHash, hashAuditEntry, normaliseDetails } from './audit.hash.ts';
import type { AuditEvent, AuditLog } from './audit.types.ts';

/** First key of the per-tenant advisory lock that serialises audit writers ('AUDT'). */
const auditLockClass = 0x41554454;

function asExecutor(executor: unknown): Kysely<Database> {
  if (executor instanceof Kysely) return executor as Kysely<Database>;
  throw createError({ code: 'system.audit_executor', message: 'audit record: the executor must be a Kysely instance or transaction' });
}

/** Appends within trx, which must be a transaction: the advisory lock lives until it ends. */
async function append(trx: Transaction<Database> | Kysely<Database>, event: AuditEvent): Promise<void> {
  // One writer per tenant at a time, so two entries never claim the same predecessor (the chain never forks).
  await sql`select pg_advisory_xact_lock(${auditLockClass}::int, hashtext(${event.tenantId}))`.execute(trx);
  const last = await trx
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', event.tenantId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? genesisHash;
  const details = normaliseDetails(event.details);
  const at = new Date();
  const content = {
    tenantId: event.tenantId,
    seq,
    at,
    actorId: event.actorId,
    actorName: event.actorName,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    details,
  };
  await trx
    .insertInto('audit_events')
    .values({
      tenant_id: event.tenantId,
      seq,
      at,
      actor_id: event.actorId,
      actor_name: event.actorName,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      details: JSON.stringify(details),
      prev_hash: prevHash,
      hash: hashAuditEntry(prevHash, content),
    })
    .execute();
}

/**
 * The append-only, hash-chained audit trail. `record(event, trx)` joins the
 * caller's transaction (the entry commits or rolls back with the change it
 * records); without one it commits on its own.
 */
export function createAuditLog(deps: { db: Kysely<Database> }): AuditLog {
  return {
    async record(event, executor) {
      const target = executor === undefined ? deps.db : asExecutor(executor);
      if (target.isTransaction) {
        await append(target, event);
        return;
      }
      await target.transaction().execute((trx) => append(trx, event));
    },
  };
}
