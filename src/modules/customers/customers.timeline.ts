import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { senderNameOf, snippetOf } from '../queues/inbox.query.ts';
import { berlinDay } from '../routing/sla.ts';
import { createError } from '../shared/errors.ts';
import { cityKey, nameKey } from './name.normaliser.ts';

export interface CustomerSummary {
  customerNumber: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  postalCode: string | null;
  city: string | null;
}

export interface CustomerDetails extends CustomerSummary {
  street: string | null;
  houseNumber: string | null;
  email: string | null;
  phone: string | null;
  iban: string | null;
  birthDate: string | null;
  contractNumbers: string[];
  segment: string | null;
}

export interface TimelineEntry {
  documentId: string;
  receivedAt: string;
  channel: string;
  requestType: string | null;
  documentStatus: string;
  queueId: string | null;
  status: 'open' | 'claimed' | 'closed' | null;
  assignee: { id: string; displayName: string } | null;
  dueAt: string | null;
  overdue: boolean;
  closedAt: string | null;
  resolution: string | null;
  senderName: string | null;
  snippet: string;
  pages: number;
}

const notFound = (customerNumber: string) => createError({ code: 'customers.not_found', message: `no customer ${customerNumber}`, statusCode: 404 });

/**
 * The customer view: find an account by number, name, company, postcode or
 * city, and see all its letters on one timeline (newest first) with their
 * work state.
 */
export function createCustomersTimeline({ db }: { db: Kysely<Database> }) {
  return {
    async search(tenantId: string, q: string, limit = 20): Promise<CustomerSummary[]> {
      const tokens = q.trim().split(/\s+/).filter(Boolean).slice(0, 4);
      if (tokens.length === 0) return [];
      let query = db.selectFrom('customers').select(['customer_number', 'first_name', 'last_name', 'company', 'postal_code', 'city']).where('tenant_id', '=', tenantId);
      for (const token of tokens) {
        const folded = nameKey(token);
        const city = cityKey(token);
        query = query.where((eb) =>
          eb.or([
            eb('customer_number', 'like', `${token.replace(/[%_\\]/g, '')}%`),
            eb('postal_code', 'like', `${token.replace(/[^0-9]/g, '') || '-'}%`),
            ...(folded
              ? [
                  eb('last_name_folded', 'like', `${folded}%`),
                  eb('first_name_folded', 'like', `${folded}%`),
                  eb('company_folded', 'like', `%${folded}%`),
                  eb('city_folded', 'like', `${city || folded}%`),
                ]
              : []),
          ]),
        );
      }
      const rows = await query.orderBy('last_name').orderBy('first_name').orderBy('customer_number').limit(limit).execute();
      return rows.map((row) => ({ customerNumber: row.customer_number, firstName: row.first_name, lastName: row.last_name, company: row.company, postalCode: row.postal_code, city: row.city }));
    },

    async timeline(tenantId: string, customerNumber: string, now = new Date()): Promise<{ customer: CustomerDetails; documents: TimelineEntry[] }> {
      const customer = await db
        .selectFrom('customers')
        .select(['customer_number', 'first_name', 'last_name', 'company', 'street', 'house_number', 'postal_code', 'city', 'email', 'phone', 'iban', sql<string | null>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth'), 'contract_numbers', 'segment'])
        .where('tenant_id', '=', tenantId)
        .where('customer_number', '=', customerNumber)
        .executeTakeFirst();
      if (!customer) throw notFound(customerNumber);
      const today = berlinDay(now);
      const rows = await db
        .selectFrom('documents as d')
        .leftJoin('work_items as w', 'w.document_id', 'd.id')
        .select([
          'd.id',
          'd.received_at',
          'd.channel',
          'd.request_type',
          'd.status as document_status',
          'd.queue',
          'd.fields',
          'd.page_count',
          sql<string | null>`left(d.text, 400)`.as('text_start'),
          'w.status',
          'w.assignee_id',
          'w.assignee_name',
          sql<string | null>`to_char(w.due_date, 'YYYY-MM-DD')`.as('due'),
          'w.closed_at',
          'w.resolution',
        ])
        .where('d.tenant_id', '=', tenantId)
        .where('d.customer_number', '=', customerNumber)
        .orderBy('d.received_at', 'desc')
        .limit(500)
        .execute();
      return {
        customer: {
          customerNumber: customer.customer_number,
          firstName: customer.first_name,
          lastName: customer.last_name,
          company: customer.company,
          street: customer.street,
          houseNumber: customer.house_number,
          postalCode: customer.postal_code,
          city: customer.city,
          email: customer.email,
          phone: customer.phone,
          iban: customer.iban,
          birthDate: customer.birth,
          contractNumbers: customer.contract_numbers,
          segment: customer.segment,
        },
        documents: rows.map((row) => ({
          documentId: row.id,
          receivedAt: new Date(row.received_at).toISOString(),
          channel: row.channel,
          requestType: row.request_type,
          documentStatus: row.document_status,
          queueId: row.queue,
          status: row.status,
          assignee: row.assignee_id ? { id: row.assignee_id, displayName: row.assignee_name ?? row.assignee_id } : null,
          dueAt: row.due,
          overdue: row.status !== null && row.status !== 'closed' && row.due !== null && row.due < today,
          closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
          resolution: row.resolution,
          senderName: senderNameOf(row.fields),
          snippet: snippetOf(row.text_start),
          pages: row.page_count ?? 0,
        })),
      };
    },
  };
}
