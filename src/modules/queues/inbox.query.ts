import { sql, type Kysely } from 'kysely';
import type { Database, WorkStatus } from '../database/database.types.ts';
import { berlinDay } from '../routing/sla.ts';
import { createError } from '../shared/errors.ts';

export interface WorkItemView {
  documentId: string;
  queueId: string;
  status: WorkStatus;
  assignee: { id: string; displayName: string } | null;
  requestType: string | null;
  requestTypeConfidence: number | null;
  customerNumber: string | null;
  matchStatus: string | null;
  channel: string;
  receivedAt: string;
  /** Last business day of the SLA, 'YYYY-MM-DD'. */
  dueAt: string;
  overdue: boolean;
  senderName: string | null;
  snippet: string;
  pages: number;
  documentStatus: string;
  closedAt: string | null;
  resolution: string | null;
}

export interface InboxRequest {
  tenantId: string;
  queueId: string;
  status: 'open' | 'closed' | 'all';
  /** A user id; the route resolves 'me'. */
  assigneeId?: string | null;
  sort: 'due' | 'received';
  cursor?: string | null;
  limit: number;
  now?: Date;
}

const invalidCursor = () => createError({ code: 'request.invalid_cursor', message: 'the cursor is not one this server handed out', statusCode: 400 });

/** Exported for benchmarks that jump to a deep page directly. */
export function encodeCursor(key: string, documentId: string): string {
  return Buffer.from(JSON.stringify([key, documentId])).toString('base64url');
}

function decodeCursor(cursor: string, sort: 'due' | 'received'): [string, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && /^[0-9a-f-]{36}$/.test(parsed[1])) {
      const valid = sort === 'due' ? /^\d{4}-\d{2}-\d{2}$/.test(parsed[0]) : !Number.isNaN(Date.parse(parsed[0]));
      if (valid) return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through
  }
  throw invalidCursor();
}

/** Sender as agents know it: the company, else first and last name from the letter. */
export function senderNameOf(fields: Record<string, unknown>): string | null {
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : '');
  const person = [text('firstName'), text('lastName')].filter(Boolean).join(' ');
  return text('company') || person || null;
}

/** A short preview for the list: the letter's text without its line structure. */
export function snippetOf(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, 160);
}

/**
 * One page of a queue's inbox, ordered by due date (or date of receipt), with
 * keyset pagination: the cursor is the last row's (key, id), so a deep page
 * costs the same as the first — the partial index work_items_inbox_open
 * delivers the rows already in order.
 */
export async function listInbox(db: Kysely<Database>, request: InboxRequest): Promise<{ items: WorkItemView[]; nextCursor: string | null; total: number }> {
  const today = berlinDay(request.now ?? new Date());
  const keyColumn = request.sort === 'due' ? sql.ref('w.due_date') : sql.ref('w.received_at');

  let filtered = db.selectFrom('work_items as w').where('w.tenant_id', '=', request.tenantId).where('w.queue_id', '=', request.queueId);
  // `<> 'closed'` (not `in ('open','claimed')`) so the planner can use the partial open-items index.
  if (request.status === 'open') filtered = filtered.where('w.status', '<>', 'closed');
  else if (request.status === 'closed') filtered = filtered.where('w.status', '=', 'closed');
  if (request.assigneeId) filtered = filtered.where('w.assignee_id', '=', request.assigneeId);

  let page = filtered;
  if (request.cursor) {
    const [key, documentId] = decodeCursor(request.cursor, request.sort);
    const typedKey = request.sort === 'due' ? sql`${key}::date` : sql`${key}::timestamptz`;
    page = page.where(sql<boolean>`(${keyColumn}, w.document_id) > (${typedKey}, ${documentId}::uuid)`);
  }

  const [rows, count] = await Promise.all([
    page
      .innerJoin('documents as d', 'd.id', 'w.document_id')
      .select([
        'w.document_id',
        'w.queue_id',
        'w.status',
        'w.assignee_id',
        'w.assignee_name',
        'w.received_at',
        'w.closed_at',
        'w.resolution',
        sql<string>`to_char(w.due_date, 'YYYY-MM-DD')`.as('due'),
        'd.request_type',
        'd.request_type_confidence',
        'd.customer_number',
        'd.match_status',
        'd.channel',
        'd.fields',
        sql<string | null>`left(d.text, 400)`.as('text_start'),
        'd.page_count',
        'd.status as document_status',
      ])
      .orderBy(keyColumn)
      .orderBy('w.document_id')
      .limit(request.limit + 1)
      .execute(),
    // The common case — all open items of a queue — is a sum over the per-due-date counters, not a count of the queue.
    request.status === 'open' && !request.assigneeId
      ? db.selectFrom('work_item_counts').select(sql<string>`coalesce(sum(open_count), 0)`.as('n')).where('tenant_id', '=', request.tenantId).where('queue_id', '=', request.queueId).executeTakeFirstOrThrow()
      : filtered.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);

  const pageRows = rows.slice(0, request.limit);
  const last = pageRows[pageRows.length - 1];
  const nextCursor = rows.length > request.limit && last ? encodeCursor(request.sort === 'due' ? last.due : new Date(last.received_at).toISOString(), last.document_id) : null;
  return {
    items: pageRows.map((row) => ({
      documentId: row.document_id,
      queueId: row.queue_id,
      status: row.status,
      assignee: row.assignee_id ? { id: row.assignee_id, displayName: row.assignee_name ?? row.assignee_id } : null,
      requestType: row.request_type,
      requestTypeConfidence: row.request_type_confidence,
      customerNumber: row.customer_number,
      matchStatus: row.match_status,
      channel: row.channel,
      receivedAt: new Date(row.received_at).toISOString(),
      dueAt: row.due,
      overdue: row.status !== 'closed' && row.due < today,
      senderName: senderNameOf(row.fields),
      snippet: snippetOf(row.text_start),
      pages: row.page_count ?? 0,
      documentStatus: row.document_status,
      closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
      resolution: row.resolution,
    })),
    nextCursor,
    total: Number(count.n),
  };
}
