/** Shapes of the workspace API (docs/api-workspace.md). */
export type Role = 'admin' | 'supervisor' | 'agent' | 'auditor';
export type Locale = 'de' | 'en';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  tenantId: string;
  locale: Locale | string;
  disabled?: boolean;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface Queue {
  id: string;
  name: string;
  slaBusinessDays: number;
  open: number;
  overdue: number;
  dueToday: number;
}

export interface QueueConfig {
  id: string;
  name: string;
  slaBusinessDays: number;
  holidayState?: string;
}

export type WorkItemStatus = 'open' | 'claimed' | 'closed';

export interface WorkItem {
  documentId: string;
  queueId: string;
  status: WorkItemStatus;
  assignee: { id: string; displayName: string } | null;
  requestType: string | null;
  requestTypeConfidence: number | null;
  customerNumber: string | null;
  matchStatus: string | null;
  channel: string;
  receivedAt: string;
  dueAt: string | null;
  overdue: boolean;
  senderName: string | null;
  snippet: string | null;
  pages: number;
  documentStatus: string;
}

export interface WorkItemPage {
  items: WorkItem[];
  nextCursor: string | null;
  total: number;
}

export interface BulkResult {
  done: string[];
  failed: { documentId: string; code: string }[];
}

export interface HistoryEntry {
  at: string;
  actor: { id: string; displayName: string } | null;
  action: string;
  details: unknown;
}

export interface MatchCandidate {
  customerNumber: string;
  score: number;
  probability: number;
  agreements: string[];
  conflicts: string[];
}

export interface DocumentPage {
  pageNo: number;
  width: number;
  height: number;
  dpi: number;
  textSource: string | null;
  ocrConfidence: number | null;
  imageUrl: string;
}

export interface DocumentDetail {
  id: string;
  source: string;
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
  pageList: DocumentPage[];
  steps: { step: string; status: string; attempts: number; durationMs: number | null; error: string | null }[];
  pdfUrl: string | null;
  suggestedCustomerNumber: string | null;
  recognition: {
    model: string | null;
    candidateType: string | null;
    probabilities: Record<string, number>;
    flags: string[];
    match: { status: string; explanation: string; candidates: MatchCandidate[] };
    routingRule: string;
    durationMs: number;
  } | null;
  /** Present when the workspace module adds the work item to the document. */
  workItem?: WorkItem | null;
}

export interface PageWords {
  width: number;
  height: number;
  words: { text: string; confidence: number; box: [number, number, number, number] }[];
}

export interface RecognitionCorrection {
  requestType?: string;
  secondaryRequestTypes?: string[];
  fields?: Record<string, string | null>;
  customerNumber?: string | null;
}

export interface CustomerSummary {
  customerNumber: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  postalCode: string | null;
  city: string | null;
  street?: string | null;
  email?: string | null;
  phone?: string | null;
  segment?: string | null;
}

export interface CustomerDocument {
  documentId?: string;
  id?: string;
  requestType: string | null;
  channel: string;
  receivedAt: string;
  status?: string;
  documentStatus?: string;
  queueId?: string | null;
  snippet?: string | null;
  dueAt?: string | null;
  overdue?: boolean;
}

export interface CustomerDetail {
  customer: CustomerSummary;
  documents: CustomerDocument[];
}

export interface SearchQuery {
  q?: string;
  type?: string;
  channel?: string;
  queue?: string;
  status?: string;
  from?: string;
  to?: string;
}

export interface SearchHit {
  id: string;
  score: number;
  requestType: string | null;
  customerNumber: string | null;
  receivedAt: string;
  snippet: string;
  status: string;
  channel: string;
  source: string;
  queue?: string | null;
}

export interface SearchResult {
  total: number;
  /** the count stopped early: there are at least `total` hits */
  totalCapped?: boolean;
  /** with totalCapped: the estimated number of all hits */
  totalEstimate?: number;
  tookMs: number;
  hits: SearchHit[];
  facets?: Partial<Record<'requestType' | 'channel' | 'queue' | 'status', Record<string, number>>>;
}

export interface SavedSearch {
  id: string;
  name: string;
  query: SearchQuery;
}

export interface Dashboard {
  volumeByDay: { day: string; channel: string; requestType: string | null; count: number }[];
  backlog: { queueId: string; open: number; overdue: number }[];
  slaBreaches: { day: string; count: number }[];
  straightThroughRate: number | null;
  handlingTimeHours: { p50: number | null; p90: number | null };
}

export interface RoutingRule {
  name: string;
  queue: string;
  requestTypes?: string[];
  matchStatuses?: string[];
  channels?: string[];
  customerSegments?: string[];
}

export interface RecentDocument {
  id: string;
  source: string;
  status: string;
  channel: string;
  pages: number;
  receivedAt: string;
  requestType: string | null;
  errorCode: string | null;
}
