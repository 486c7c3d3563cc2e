import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.ts';
import type { Principal } from '../auth/auth.types.ts';
import type { Database } from '../database/database.types.ts';
import { recordDocumentEvent } from '../queues/document-events.ts';
import { placeInQueue } from '../queues/work-items.placement.ts';
import type { RoutingRulesStore } from '../routing/routing.store.ts';
import { createError } from '../shared/errors.ts';
import { requestTypes } from './feedback.service.ts';

/** The contract's `fields` an agent may correct (recognition.service.ts writes the same keys). */
export const correctableFields = [
  'customerNumber', 'contractNumber', 'iban', 'phone', 'firstName', 'lastName', 'company',
  'street', 'postalCode', 'city', 'newStreet', 'newPostalCode', 'newCity', 'desiredDate',
] as const;
export type CorrectableField = (typeof correctableFields)[number];

export interface RecognitionCorrection {
  requestType?: string;
  secondaryRequestTypes?: string[];
  /** A value replaces the field, null removes it; fields not named stay as they are. */
  fields?: Partial<Record<CorrectableField, string | null>>;
  customerNumber?: string | null;
}

export interface CorrectedDocument {
  id: string;
  status: string;
  requestType: string | null;
  requestTypeConfidence: number | null;
  secondaryRequestTypes: string[];
  fields: Record<string, unknown>;
  customerNumber: string | null;
  matchStatus: string | null;
  queue: string | null;
  /** Set when the corrected request type sent the document to another queue. */
  rerouted: { from: string | null; to: string } | null;
  corrected: string[];
}

const unknownType = (type: string) => createError({ code: 'documents.unknown_request_type', message: `unknown request type ${type}`, statusCode: 400 });
const notFound = (id: string) => createError({ code: 'documents.not_found', message: `document ${id} not found`, statusCode: 404 });
const unknownCustomer = (number: string) => createError({ code: 'customers.not_found', message: `no customer ${number}`, statusCode: 404 });

/**
 * An agent's corrections of what recognition found. The document is fixed at
 * once; every changed value is kept as a training example (request type →
 * classifier retraining; fields and customer → extraction and matching
 * evaluation), and a changed request type routes the document again with the
 * tenant's rules. History, audit and feedback are written in one transaction.
 */
export function createCorrectionsService({ db, routingRules, audit }: { db: Kysely<Database>; routingRules: Pick<RoutingRulesStore, 'route'>; audit?: AuditLog | null }) {
  return {
    async correct(principal: Principal, documentId: string, correction: RecognitionCorrection): Promise<CorrectedDocument> {
      for (const type of [correction.requestType, ...(correction.secondaryRequestTypes ?? [])]) {
        if (type !== undefined && !requestTypes.includes(type)) throw unknownType(type);
      }
      return db.transaction().execute(async (trx) => {
        const document = await trx
          .selectFrom('documents')
          .select(['id', 'text', 'status', 'channel', 'received_at', 'request_type', 'secondary_request_types', 'fields', 'customer_number', 'suggested_customer_number', 'match_status', 'queue'])
          .where('tenant_id', '=', principal.tenantId)
          .where('id', '=', documentId)
          .forUpdate()
          .executeTakeFirst();
        if (!document) throw notFound(documentId);

        const feedback: Array<{ kind: 'request_type' | 'field' | 'customer'; field: string | null; predicted: string | null; corrected: string }> = [];
        const update: Record<string, unknown> = {};
        const corrected: string[] = [];
        const details: Record<string, unknown> = {};

        const typeChanged = correction.requestType !== undefined && correction.requestType !== document.request_type;
        if (correction.requestType !== undefined) {
          // Confirming the predicted type is a correction too (confidence 1), but not a training example.
          update.request_type = correction.requestType;
          update.request_type_confidence = 1;
          if (typeChanged) {
            feedback.push({ kind: 'request_type', field: null, predicted: document.request_type, corrected: correction.requestType });
            corrected.push('requestType');
            details.requestType = { from: document.request_type, to: correction.requestType };
          }
        }

        if (correction.secondaryRequestTypes !== undefined) {
          const next = [...new Set(correction.secondaryRequestTypes)].filter((type) => type !== (correction.requestType ?? document.request_type));
          if (next.slice().sort().join(',') !== [...document.secondary_request_types].sort().join(',')) {
            update.secondary_request_types = next;
            feedback.push({ kind: 'field', field: 'secondaryRequestTypes', predicted: document.secondary_request_types.join(',') || null, corrected: next.join(',') });
            corrected.push('secondaryRequestTypes');
          }
        }

        const fields: Record<string, unknown> = { ...document.fields };
        let fieldsChanged = false;
        for (const [name, value] of Object.entries(correction.fields ?? {})) {
          const previous = typeof fields[name] === 'string' ? (fields[name] as string) : null;
          const next = value === null || value === undefined || value.trim() === '' ? null : value.trim();
          if (previous === next) continue;
          if (next === null) delete fields[name];
          else fields[name] = next;
          fieldsChanged = true;
          feedback.push({ kind: 'field', field: name, predicted: previous, corrected: next ?? '' });
          corrected.push(`fields.${name}`);
        }
        if (fieldsChanged) update.fields = JSON.stringify(fields);

        if (correction.customerNumber !== undefined && correction.customerNumber !== document.customer_number) {
          const next = correction.customerNumber?.trim() || null;
          if (next) {
            const customer = await trx.selectFrom('customers').select('customer_number').where('tenant_id', '=', principal.tenantId).where('customer_number', '=', next).executeTakeFirst();
            if (!customer) throw unknownCustomer(next);
          }
          // A person assigned the account: as certain as an automatic match can be (contract: customerNumber only with 'auto').
          update.customer_number = next;
          update.match_status = next ? 'auto' : 'none';
          update.match_confidence = next ? 1 : 0;
          update.suggested_customer_number = null;
          feedback.push({ kind: 'customer', field: null, predicted: document.customer_number ?? document.suggested_customer_number, corrected: next ?? '' });
          corrected.push('customerNumber');
          details.customerNumber = { from: document.customer_number, to: next };
        }

        const requestType = (update.request_type as string | undefined) ?? document.request_type;
        if (requestType && document.status === 'needs_review') update.status = 'routed';
        if (Object.keys(update).length > 0) {
          await trx.updateTable('documents').set({ ...update, updated_at: sql<Date>`now()` }).where('id', '=', document.id).execute();
        }

        if (document.text) {
          for (const entry of feedback) {
            await trx
              .insertInto('training_feedback')
              .values({ tenant_id: principal.tenantId, document_id: document.id, kind: entry.kind, field: entry.field, text: document.text, predicted: entry.predicted, corrected: entry.corrected, corrected_by: principal.id })
              .execute();
          }
        }

        const actor = { id: principal.id, displayName: principal.displayName };
        if (corrected.length > 0) {
          await recordDocumentEvent(trx, { tenantId: principal.tenantId, documentId: document.id, actor, action: 'corrected', details: { fields: corrected, ...details } });
          await audit?.record({ tenantId: principal.tenantId, actorId: principal.id, actorName: principal.displayName, action: 'document.correct', subjectType: 'document', subjectId: document.id, details: { fields: corrected } }, trx);
        }

        let rerouted: CorrectedDocument['rerouted'] = null;
        let queue = document.queue;
        const customerNumber = (update.customer_number as string | null | undefined) === undefined ? document.customer_number : (update.customer_number as string | null);
        if (typeChanged && requestType) {
          const route = await routingRules.route(principal.tenantId, {
            requestType,
            matchStatus: (((update.match_status as string | undefined) ?? document.match_status) ?? 'none') as 'auto' | 'suggested' | 'none',
            channel: document.channel,
            customerNumber,
          });
          const item = await trx.selectFrom('work_items').select(['queue_id', 'status']).where('document_id', '=', document.id).executeTakeFirst();
          const current = item?.queue_id ?? document.queue;
          if (route.queue !== current && item?.status !== 'closed') {
            const placement = await placeInQueue(trx, { tenantId: principal.tenantId, documentId: document.id, queueId: route.queue, receivedAt: new Date(document.received_at) });
            await recordDocumentEvent(trx, { tenantId: principal.tenantId, documentId: document.id, actor, action: 'rerouted', details: { from: current, to: placement.queueId, rule: route.rule, dueDate: placement.dueDate } });
            rerouted = { from: current, to: placement.queueId };
            queue = placement.queueId;
          }
        }

        const after = await trx
          .selectFrom('documents')
          .select(['id', 'status', 'request_type', 'request_type_confidence', 'secondary_request_types', 'fields', 'customer_number', 'match_status'])
          .where('id', '=', document.id)
          .executeTakeFirstOrThrow();
        return {
          id: after.id,
          status: after.status,
          requestType: after.request_type,
          requestTypeConfidence: after.request_type_confidence,
          secondaryRequestTypes: after.secondary_request_types,
          fields: after.fields,
          customerNumber: after.customer_number,
          matchStatus: after.match_status,
          queue,
          rerouted,
          corrected,
        };
      });
    },
  };
}
