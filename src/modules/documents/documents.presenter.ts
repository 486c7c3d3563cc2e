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
  /** Near-duplicates only: Jaccard similarity of the text to the first copy. */
  similarity?: number;
  sha256: string;
}

export function toContractLine(document: DocumentRow, original?: DocumentRow | null): ContractLine {
  // An exact duplicate shows what was recognised on the first copy it points at; a near-duplicate
  // (another channel, its own pages and OCR) shows its own recognition.
  const nearDuplicate = document.duplicate_similarity !== null && document.duplicate_similarity !== undefined;
  const content = document.status === 'duplicate' && original && !nearDuplicate ? original : document;
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
    ...(nearDuplicate ? { similarity: document.duplicate_similarity as number } : {}),
    sha256: document.sha256,
  };
}
