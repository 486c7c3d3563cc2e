import { sql, type Kysely } from 'kysely';
import type { AuditAction, AuditLog } from '../audit/audit.types.ts';
import type { Principal } from '../auth/auth.types.ts';
import type { Database, WorkStatus } from '../database/database.types.ts';
import { isPoststelleError } from '../shared/errors.ts';
import { enqueueWebhookEvent } from '../webhooks/webhooks.outbox.ts';
import { recordDocumentEvent, type DocumentEventAction } from './document-events.ts';
import { getQueue, queueErrors } from './queues.repository.ts';
import { placeInQueue } from './work-items.placement.ts';
import { workItemErrors } from './work-items.errors.ts';

export const bulkActions = ['assign', 'forward', 'close', 'release'] as const;
export type BulkAction = (typeof bulkActions)[number];

interface LockedItem {
  document_id: string;
  queue_id: string;
  status: WorkStatus;
  assignee_id: string | null;
  assignee_name: string | null;
  received_at: Date;
}

export interface WorkItemState {
  documentId: string;
  queueId: string;
  status: WorkStatus;
  assignee: { id: string; displayName: string } | null;
  dueDate: string;
}

const managerRoles = new Set(['admin', 'supervisor']);
const isManager = (principal: Principal) => managerRoles.has(principal.role);

/**
 * What agents do with a document in a queue. Each action locks the work
 * item, checks who may do it, changes it, and appends the history entry, the
 * audit entry and (for close) the webhook announcement in one transaction.
 */
export function createWorkItemsService({ db, audit }: { db: Kysely<Database>; audit?: AuditLog | null }) {
  async function lock(trx: Kysely<Database>, principal: Principal, documentId: string): Promise<LockedItem> {
    const item = await trx
      .selectFrom('work_items')
      .select(['document_id', 'queue_id', 'status', 'assignee_id', 'assignee_name', 'received_at'])
      .where('tenant_id', '=', principal.tenantId)
      .where('document_id', '=', documentId)
      .forUpdate()
      .executeTakeFirst();
    if (!item) throw workItemErrors.notFound(documentId);
    return item;
  }

  async function record(trx: Kysely<Database>, principal: Principal, documentId: string, action: DocumentEventAction, auditAction: AuditAction, details: Record<string, unknown>) {
    const actor = { id: principal.id, displayName: principal.displayName };
    await recordDocumentEvent(trx, { tenantId: principal.tenantId, documentId, actor, action, details });
    // The audit trail gets identifiers only, never free text (notes may hold personal data).
    const auditDetails = Object.fromEntries(Object.entries(details).filter(([key]) => key !== 'note'));
    await audit?.record({ tenantId: principal.tenantId, actorId: principal.id, actorName: principal.displayName, action: auditAction, subjectType: 'document', subjectId: documentId, details: auditDetails }, trx);
  }

  async function state(trx: Kysely<Database>, documentId: string): Promise<WorkItemState> {
    const row = await trx.selectFrom('work_items').select(['document_id', 'queue_id', 'status', 'assignee_id', 'assignee_name', sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due')]).where('document_id', '=', documentId).executeTakeFirstOrThrow();
    return { documentId: row.document_id, queueId: row.queue_id, status: row.status, assignee: row.assignee_id ? { id: row.assignee_id, displayName: row.assignee_name ?? row.assignee_id } : null, dueDate: row.due };
  }

  async function findAssignee(trx: Kysely<Database>, tenantId: string, userId: string): Promise<{ id: string; displayName: string }> {
    // users.id is a uuid; anything else cannot be a user.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) throw workItemErrors.assigneeNotFound(userId);
    const result = await sql<{ id: string; display_name: string }>`
      select id::text as id, display_name from users
      where tenant_id = ${tenantId} and id = ${userId}::uuid and not disabled and role in ('admin', 'supervisor', 'agent')`.execute(trx);
    const user = result.rows[0];
    if (!user) throw workItemErrors.assigneeNotFound(userId);
    return { id: user.id, displayName: user.display_name };
  }

  function ensureOpen(item: LockedItem): void {
    if (item.status === 'closed') throw workItemErrors.closed();
  }

  /** An agent may not take over or finish what a colleague has claimed; supervisors may. */
  function ensureNotClaimedByOther(principal: Principal, item: LockedItem): void {
    if (item.status === 'claimed' && item.assignee_id !== principal.id && !isManager(principal)) throw workItemErrors.claimedByOther(item.assignee_name);
  }

  const actions = {
    async claim(principal: Principal, documentId: string): Promise<WorkItemState> {
      return db.transaction().execute(async (trx) => {
        const item = await lock(trx, principal, documentId);
        ensureOpen(item);
        if (item.status === 'claimed' && item.assignee_id === principal.id) return state(trx, documentId);
        if (item.status === 'claimed') throw workItemErrors.claimedByOther(item.assignee_name);
        await trx.updateTable('work_items').set({ status: 'claimed', assignee_id: principal.id, assignee_name: principal.displayName, claimed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` }).where('document_id', '=', documentId).execute();
        await record(trx, principal, documentId, 'claimed', 'document.claim', { queue: item.queue_id });
        return state(trx, documentId);
      });
    },

    async release(principal: Principal, documentId: string): Promise<WorkItemState> {
      return db.transaction().execute(async (trx) => {
        const item = await lock(trx, principal, documentId);
        ensureOpen(item);
        if (item.status !== 'claimed') throw workItemErrors.notClaimed();
        ensureNotClaimedByOther(principal, item);
        await trx.updateTable('work_items').set({ status: 'open', assignee_id: null, assignee_name: null, claimed_at: null, updated_at: sql<Date>`now()` }).where('document_id', '=', documentId).execute();
        await record(trx, principal, documentId, 'released', 'document.release', { queue: item.queue_id, previousAssignee: item.assignee_id });
        return state(trx, documentId);
      });
    },

    async assign(principal: Principal, documentId: string, userId: string): Promise<WorkItemState> {
      if (!isManager(principal) && userId !== principal.id) throw workItemErrors.assignOthers();
      return db.transaction().execute(async (trx) => {
        const item = await lock(trx, principal, documentId);
        ensureOpen(item);
        ensureNotClaimedByOther(principal, item);
        const assignee = userId === principal.id && principal.kind === 'user' ? { id: principal.id, displayName: principal.displayName } : await findAssignee(trx, principal.tenantId, userId);
        await trx.updateTable('work_items').set({ status: 'claimed', assignee_id: assignee.id, assignee_name: assignee.displayName, claimed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` }).where('document_id', '=', documentId).execute();
        await record(trx, principal, documentId, 'assigned', 'document.assign', { queue: item.queue_id, assignee: assignee.id, assigneeName: assignee.displayName, previousAssignee: item.assignee_id });
        return state(trx, documentId);
      });
    },

    async forward(principal: Principal, documentId: string, queueId: string, note?: string | null): Promise<WorkItemState> {
      return db.transaction().execute(async (trx) => {
        const item = await lock(trx, principal, documentId);
        ensureOpen(item);
        ensureNotClaimedByOther(principal, item);
        if (item.queue_id === queueId) throw workItemErrors.sameQueue();
        if (!(await getQueue(trx, principal.tenantId, queueId))) throw queueErrors.notFound(queueId);
        const placement = await placeInQueue(trx, { tenantId: principal.tenantId, documentId, queueId, receivedAt: new Date(item.received_at) });
        await record(trx, principal, documentId, 'forwarded', 'document.forward', { from: item.queue_id, to: queueId, dueDate: placement.dueDate, ...(note ? { note } : {}) });
        return state(trx, documentId);
      });
    },

    async close(principal: Principal, documentId: string, options: { resolution?: string | null; note?: string | null } = {}): Promise<WorkItemState> {
      return db.transaction().execute(async (trx) => {
        const item = await lock(trx, principal, documentId);
        ensureOpen(item);
        ensureNotClaimedByOther(principal, item);
        const resolution = options.resolution ?? 'done';
        const closed = await trx
          .updateTable('work_items')
          .set({ status: 'closed', closed_at: sql<Date>`now()`, resolution, updated_at: sql<Date>`now()` })
          .where('document_id', '=', documentId)
          .returning([sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due'), 'closed_at', 'assignee_id'])
          .executeTakeFirstOrThrow();
        await record(trx, principal, documentId, 'closed', 'document.close', { queue: item.queue_id, resolution, ...(options.note ? { note: options.note } : {}) });
        await enqueueWebhookEvent(trx, principal.tenantId, 'document.closed', {
          documentId,
          queue: item.queue_id,
          resolution,
          closedAt: closed.closed_at ? new Date(closed.closed_at).toISOString() : null,
          closedBy: principal.id,
          dueDate: closed.due,
        });
        return state(trx, documentId);
      });
    },

    async reopen(principal: Principal, documentId: string): Promise<WorkItemState> {
      return db.transaction().execute(async (trx) => {
        const item = await lock(trx, principal, documentId);
        if (item.status !== 'closed') throw workItemErrors.notClosed();
        await trx.updateTable('work_items').set({ status: 'open', closed_at: null, resolution: null, assignee_id: null, assignee_name: null, claimed_at: null, updated_at: sql<Date>`now()` }).where('document_id', '=', documentId).execute();
        await record(trx, principal, documentId, 'reopened', 'document.reopen', { queue: item.queue_id });
        return state(trx, documentId);
      });
    },
  };

  return {
    ...actions,

    /** One transaction per document: a failure leaves the others done and is reported with its code. */
    async bulk(
      principal: Principal,
      request: { documentIds: string[]; action: BulkAction; userId?: string | null; queueId?: string | null; note?: string | null; resolution?: string | null },
    ): Promise<{ done: string[]; failed: Array<{ documentId: string; code: string }> }> {
      if (request.action === 'assign' && !request.userId) throw workItemErrors.missingParameter('userId');
      if (request.action === 'forward' && !request.queueId) throw workItemErrors.missingParameter('queueId');
      const done: string[] = [];
      const failed: Array<{ documentId: string; code: string }> = [];
      for (const documentId of [...new Set(request.documentIds)]) {
        try {
          if (request.action === 'assign') await actions.assign(principal, documentId, request.userId as string);
          else if (request.action === 'forward') await actions.forward(principal, documentId, request.queueId as string, request.note);
          else if (request.action === 'close') await actions.close(principal, documentId, { resolution: request.resolution, note: request.note });
          else await actions.release(principal, documentId);
          done.push(documentId);
        } catch (error) {
          if (!isPoststelleError(error)) throw error;
          failed.push({ documentId, code: error.code });
        }
      }
      return { done, failed };
    },
  };
}

export type WorkItemsService = ReturnType<typeof createWorkItemsService>;
