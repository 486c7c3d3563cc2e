export interface SearchRequest {
  tenantId: string;
  query: string;
  requestType?: string;
  customerNumber?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
  limit?: number;
  offset?: number;
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
}

export interface SearchResult {
  total: number;
  tookMs: number;
  hits: SearchHit[];
}
