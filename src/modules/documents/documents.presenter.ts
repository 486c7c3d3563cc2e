import type { DocumentRow } from '../database/database.types.ts';

/** The `ingest --json` line of ../shared/CONTRACT.md. */
export interface ContractLine {
  id: string;
  source: string;
  batchIndex: number;
  status: string;
  channel: string;
  pages: number;
  receivedAt: string;
  requestType: string | null;
  requestTypeConfidence: number | null;
  secondaryRequestTypes: string[];
  customerNumber: string | null;
  matchStatus: string;
  matchConfidence: number | null;
  fields: Record<string, unknown>;
  queue: string | null;
  text: string;
  error: { code: string; message: string } | null;
  duplicateOf?: string;
  sha256: string;
}

export function toContractLine(document: DocumentRow, original?: DocumentRow | null): ContractLine {
  // A duplicate shows what was recognised on the first copy it points at.
  const content = document.status === 'duplicate' && original ? original : document;
  const matchStatus = content.match_status ?? 'none';
  return {
    id: document.id,
    source: document.source,
    batchIndex: document.batch_index,
    status: document.status,
    channel: document.channel,
    pages: content.page_count ?? 0,
    receivedAt: new Date(document.received_at).toISOString(),
    requestType: content.request_type,
    requestTypeConfidence: content.request_type_confidence,
    secondaryRequestTypes: content.secondary_request_types ?? [],
    customerNumber: matchStatus === 'auto' ? content.customer_number : null,
    matchStatus,
    matchConfidence: content.match_confidence,
    fields: content.fields ?? {},
    queue: content.queue,
    text: content.text ?? '',
    error: document.error_code ? { code: document.error_code, message: document.error_message ?? '' } : null,
    ...(document.duplicate_of ? { duplicateOf: document.duplicate_of } : {}),
    sha256: document.sha256,
  };
}
