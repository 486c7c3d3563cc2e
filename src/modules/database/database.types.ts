import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type DocumentStatus = 'received' | 'processing' | 'routed' | 'needs_review' | 'quarantined' | 'duplicate' | 'failed';
export type Channel = 'scan' | 'fax' | 'email' | 'upload';

export interface TenantsTable {
  id: string;
  tenant_id: Generated<string>;
  name: string;
  created_at: GeneratedTimestamp;
}

export interface IngestRunsTable {
  id: Generated<string>;
  tenant_id: string;
  hostname: string;
  pid: number;
  started_at: GeneratedTimestamp;
  finished_at: Timestamp | null;
}

export interface PageWordRecord {
  t: string;
  c: number;
  b: [number, number, number, number];
  l: number;
}

export interface DocumentWarning {
  code: string;
  message: string;
}

export interface DocumentsTable {
  id: Generated<string>;
  tenant_id: string;
  sha256: string;
  original_key: string;
  original_name: string | null;
  source: string;
  size_bytes: ColumnType<string, number | string, number | string>;
  format: string | null;
  mime_type: string | null;
  channel: Channel;
  batch_index: Generated<number>;
  received_at: Timestamp;
  ingest_run_id: string | null;
  status: ColumnType<DocumentStatus, DocumentStatus | undefined, DocumentStatus>;
  duplicate_of: string | null;
  page_count: number | null;
  text: string | null;
  text_source: string | null;
  ocr_confidence: number | null;
  pdf_key: string | null;
  search_vector: unknown;
  request_type: string | null;
  request_type_confidence: number | null;
  secondary_request_types: ColumnType<string[], string[] | undefined, string[]>;
  fields: ColumnType<Record<string, unknown>, string | undefined, string>;
  customer_number: string | null;
  match_status: string | null;
  match_confidence: number | null;
  queue: string | null;
  error_code: string | null;
  error_message: string | null;
  warnings: ColumnType<DocumentWarning[], string | undefined, string>;
  recognition: ColumnType<RecognitionRecord | null, string | null | undefined, string | null>;
  suggested_customer_number: string | null;
  /** The batch file's first document, for documents split off at separator sheets (migration 0007). */
  batch_parent_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Scan station's batch id and the physical archive box the paper is filed in (manifest, migration 0007). */
  scan_batch_id: ColumnType<string | null, string | null | undefined, string | null>;
  archive_box_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Similarity (Jaccard) of a near-duplicate to the first copy in duplicate_of; null for exact copies (migration 0008). */
  duplicate_similarity: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  finished_at: Timestamp | null;
}

/** What recognition found beyond the contract's columns: for agents (explanations) and evaluation. */
export interface RecognitionRecord {
  model: string | null;
  /** Where the model came from: the tenant's published version (`tenant v3`), the data dir's file, or the shipped default. */
  modelSource?: string | null;
  candidateType: string | null;
  probabilities: Record<string, number>;
  flags: string[];
  match: {
    status: string;
    explanation: string;
    candidates: Array<{ customerNumber: string; score: number; probability: number; agreements: string[]; conflicts: string[] }>;
  };
  routingRule: string;
  durationMs: number;
  /** Fax header of the first page: sending station number (E.164), send time, station name (src/modules/extraction/fax-header.ts). */
  faxSender?: string | null;
  faxSentAt?: string | null;
  faxStation?: string | null;
  /** Signature boxes found ("Unterschrift …") and whether one was left empty (src/modules/imaging/signature-box.ts). */
  signatureMissing?: boolean;
  signature?: { boxes: number; signed: number; missingOnPages: number[] };
}

export interface TrainingFeedbackTable {
  id: Generated<string>;
  tenant_id: string;
  document_id: string | null;
  kind: 'request_type' | 'field' | 'customer';
  text: string;
  predicted: string | null;
  corrected: string;
  corrected_by: string | null;
  /** For kind 'field': which contract field was corrected. */
  field: string | null;
  created_at: GeneratedTimestamp;
}

export interface DocumentPagesTable {
  document_id: string;
  page_no: number;
  tenant_id: string;
  image_key: string;
  width: number;
  height: number;
  dpi: number;
  text: string | null;
  text_source: string | null;
  words: Json<PageWordRecord[]> | null;
  ocr_confidence: number | null;
  ocr_pdf_key: string | null;
  ocr_engine: string | null;
  ocr_ms: number | null;
  ocr_at: Timestamp | null;
  /** Page number in the original file; differs from page_no once a batch is split (migration 0007). */
  source_page_no: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: GeneratedTimestamp;
}

export interface DocumentStepsTable {
  document_id: string;
  step: string;
  tenant_id: string;
  status: 'running' | 'done' | 'failed';
  attempts: Generated<number>;
  job_id: string | null;
  worker_host: string | null;
  worker_pid: number | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  duration_ms: number | null;
  result: Json<Record<string, unknown>> | null;
  error: string | null;
}

export interface SearchLexemesTable {
  tenant_id: string;
  lexeme: string;
}

/** A user's named search (query string and filters as the UI sends them), migration 0011. */
export interface SavedSearchesTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  name: string;
  query: ColumnType<Record<string, unknown>, string, string>;
  created_at: GeneratedTimestamp;
}

export interface CustomersTable {
  tenant_id: string;
  customer_number: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  street: string | null;
  house_number: string | null;
  postal_code: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  iban: string | null;
  /** A DATE: written as 'YYYY-MM-DD'; read it with to_char (pg would parse it to a local-time Date). */
  birth_date: ColumnType<Date | string | null, string | null, string | null>;
  contract_numbers: ColumnType<string[], string[] | undefined, string[]>;
  first_name_folded: string | null;
  last_name_folded: string | null;
  first_name_phonetic: string | null;
  last_name_phonetic: string | null;
  company_folded: string | null;
  street_normalised: string | null;
  house_number_normalised: string | null;
  city_folded: string | null;
  email_normalised: string | null;
  phone_compact: string | null;
  iban_compact: string | null;
  contract_numbers_compact: ColumnType<string[], string[] | undefined, string[]>;
  /** Optional customer segment (e.g. 'business', 'vip') a routing rule may select on. */
  segment: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** Append-only, hash-chained per tenant (migration 0009, src/modules/audit). */
export interface AuditEventsTable {
  tenant_id: string;
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

/** The archived PDF/A rendition of a document (src/modules/archive). */
export interface ArchiveRenditionsTable {
  document_id: string;
  tenant_id: string;
  format: string;
  blob_key: string;
  original_sha256: string;
  sha256: string;
  size_bytes: ColumnType<number, number, number>;
  converter: string;
  created_at: GeneratedTimestamp;
}

/** Legal holds stop retention deletion and erasure while released_at is null. */
export interface LegalHoldsTable {
  id: Generated<string>;
  tenant_id: string;
  document_id: string;
  reason: string;
  set_by: string;
  set_at: GeneratedTimestamp;
  released_by: string | null;
  released_at: Timestamp | null;
  release_reason: string | null;
}

/** Local accounts (migration 0004, src/modules/auth). */
export interface UsersTable {
  id: Generated<string>;
  tenant_id: string;
  username: string;
  display_name: string;
  role: 'admin' | 'supervisor' | 'agent' | 'auditor';
  /** scrypt, parameters encoded: see src/modules/auth/password.hasher.ts */
  password_hash: string;
  locale: ColumnType<'de' | 'en', 'de' | 'en' | undefined, 'de' | 'en'>;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  last_login_at: Timestamp | null;
}

/** id = sha256 of the cookie secret; the secret itself is never stored. */
export interface SessionsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  csrf_token: string;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  /** sha256 of the secret, which is shown once on creation */
  token_hash: string;
  role: 'admin' | 'supervisor' | 'agent' | 'auditor';
  created_by: string | null;
  created_at: GeneratedTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginThrottleTable {
  key: string;
  tenant_id: string;
  failures: ColumnType<number, number | undefined, number>;
  window_started_at: GeneratedTimestamp;
}

export type EmailKind = 'request' | 'auto_reply' | 'bounce';

/** The envelope of a document whose original is an e-mail (migration 0006, src/modules/intake/email). */
export interface EmailMessagesTable {
  document_id: string;
  tenant_id: string;
  message_id: string | null;
  in_reply_to: string | null;
  references: ColumnType<string[], string[] | undefined, string[]>;
  from_address: string | null;
  from_name: string | null;
  to_addresses: ColumnType<string[], string[] | undefined, string[]>;
  subject: string | null;
  sent_at: Timestamp | null;
  mailbox: string | null;
  uidvalidity: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  uid: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  kind: ColumnType<EmailKind, EmailKind | undefined, EmailKind>;
  /** The earlier document this message answers (In-Reply-To / References, same tenant). */
  reply_to_document_id: string | null;
  /** The first document of the conversation: the case a reply belongs to. */
  thread_document_id: string | null;
  /** Body rendered to PDF pages followed by the attachment pages: what the document's pages are cut from. */
  rendition_key: string | null;
  attachments: ColumnType<EmailAttachmentRecord[], string | undefined, string>;
  created_at: GeneratedTimestamp;
}

export interface EmailAttachmentRecord {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** rendered: its pages are part of the document; not_rendered: kept in the original only (e.g. Office files). */
  disposition: 'rendered' | 'not_rendered';
  firstPage: number | null;
  pages: number;
  reason?: string;
}

/** IMAP import ledger: one row per (mailbox, UIDVALIDITY, UID) taken, so nothing is imported twice. */
export interface MailboxImportsTable {
  tenant_id: string;
  mailbox: string;
  uidvalidity: ColumnType<string, number | string, number | string>;
  uid: ColumnType<string, number | string, number | string>;
  message_id: string | null;
  document_id: string | null;
  duplicate_of: string | null;
  imported_at: GeneratedTimestamp;
  marked_at: Timestamp | null;
}

export type WorkStatus = 'open' | 'claimed' | 'closed';

export interface QueuesTable {
  tenant_id: string;
  id: string;
  name: string;
  sla_business_days: Generated<number>;
  /** Federal state whose public holidays are not business days ('NW', 'BY', …). */
  holiday_state: Generated<string>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface WorkItemsTable {
  document_id: string;
  tenant_id: string;
  queue_id: string;
  status: ColumnType<WorkStatus, WorkStatus | undefined, WorkStatus>;
  assignee_id: string | null;
  assignee_name: string | null;
  received_at: Timestamp;
  /** A DATE ('YYYY-MM-DD'): the last business day of the queue's SLA. */
  due_date: ColumnType<string, string, string>;
  routed_at: GeneratedTimestamp;
  claimed_at: Timestamp | null;
  closed_at: Timestamp | null;
  resolution: string | null;
  updated_at: GeneratedTimestamp;
}

export interface DocumentEventsTable {
  id: Generated<string>;
  tenant_id: string;
  document_id: string;
  at: GeneratedTimestamp;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface RoutingRuleSetsTable {
  tenant_id: string;
  rules: ColumnType<unknown[], string, string>;
  updated_at: GeneratedTimestamp;
  updated_by: string | null;
}

export interface WebhooksTable {
  id: Generated<string>;
  tenant_id: string;
  url: string;
  events: string[];
  secret: string;
  created_at: GeneratedTimestamp;
  created_by: string | null;
}

/** Open work items per queue and due date, maintained by a trigger on work_items (migration 0005_workspace_counts). */
export interface WorkItemCountsTable {
  tenant_id: string;
  queue_id: string;
  due_date: ColumnType<string, string, string>;
  open_count: number;
}

export interface WebhookOutboxTable {
  id: Generated<string>;
  tenant_id: string;
  webhook_id: string;
  event: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: ColumnType<'pending' | 'delivered' | 'failed', 'pending' | undefined, 'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: GeneratedTimestamp;
  last_status: number | null;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  delivered_at: Timestamp | null;
}

/** What became of each page of a batch file (migration 0007, src/modules/pipeline/steps/batch-separation.ts). */
export interface BatchPagesTable {
  document_id: string;
  source_page_no: number;
  tenant_id: string;
  role: 'content' | 'separator' | 'blank';
  batch_index: number | null;
  image_key: string;
  detail: Json<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
}

/** A scan station's batch manifest (migration 0007, src/modules/intake/hotfolder). */
export interface ScanBatchesTable {
  tenant_id: string;
  batch_id: string;
  station: string | null;
  box_id: string | null;
  channel: string | null;
  scan_date: Timestamp | null;
  received_at: Timestamp | null;
  manifest: Json<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type HotfolderFileStatus = 'claimed' | 'ingested' | 'processing' | 'done' | 'failed';

/** A file claimed from a watched folder (migration 0007, src/modules/intake/hotfolder). */
export interface HotfolderFilesTable {
  id: Generated<string>;
  tenant_id: string;
  folder: string;
  relative_path: string;
  sha256: string;
  size_bytes: ColumnType<string, number | string, number | string>;
  status: HotfolderFileStatus;
  document_id: string | null;
  scan_batch_id: string | null;
  moved_to: string | null;
  error: ColumnType<{ code: string; message: string } | null, string | null | undefined, string | null>;
  claimed_host: string;
  claimed_pid: number;
  /** The watcher instance holding the claim (one process may restart its watcher). */
  claimed_by: string;
  claimed_at: GeneratedTimestamp;
  ingested_at: Timestamp | null;
  finished_at: Timestamp | null;
}

/** LSH band keys of a first copy's MinHash signature (migration 0008, src/modules/dedup). */
export interface NearDuplicateBandsTable {
  tenant_id: string;
  band: number;
  band_key: number;
  document_id: string;
  received_at: Timestamp;
}

/** One published version of a tenant's trained model (migration 0014); the file is a blob. */
export interface ClassifierModelsTable {
  tenant_id: string;
  name: string;
  version: number;
  blob_key: string;
  sha256: string;
  size_bytes: number;
  examples: number | null;
  corrections: number | null;
  metrics: ColumnType<Record<string, unknown>, string | undefined, string>;
  trained_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface Database {
  classifier_models: ClassifierModelsTable;
  near_duplicate_bands: NearDuplicateBandsTable;
  email_messages: EmailMessagesTable;
  mailbox_imports: MailboxImportsTable;
  tenants: TenantsTable;
  ingest_runs: IngestRunsTable;
  documents: DocumentsTable;
  document_pages: DocumentPagesTable;
  document_steps: DocumentStepsTable;
  search_lexemes: SearchLexemesTable;
  saved_searches: SavedSearchesTable;
  customers: CustomersTable;
  training_feedback: TrainingFeedbackTable;
  queues: QueuesTable;
  work_items: WorkItemsTable;
  work_item_counts: WorkItemCountsTable;
  document_events: DocumentEventsTable;
  routing_rule_sets: RoutingRuleSetsTable;
  webhooks: WebhooksTable;
  webhook_outbox: WebhookOutboxTable;
  batch_pages: BatchPagesTable;
  scan_batches: ScanBatchesTable;
  hotfolder_files: HotfolderFilesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
  audit_events: AuditEventsTable;
  archive_renditions: ArchiveRenditionsTable;
  legal_holds: LegalHoldsTable;
}

export type DocumentRow = Selectable<DocumentsTable>;
export type NewDocumentRow = Insertable<DocumentsTable>;
export type DocumentUpdate = Updateable<DocumentsTable>;
export type DocumentPageRow = Selectable<DocumentPagesTable>;
