export interface SearchRequest {
  tenantId: string;
  query: string;
  requestType?: string;
  customerNumber?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
  channel?: string;
  queue?: string;
  status?: string;
  limit?: number;
  offset?: number;
  /** Counts per request type, channel, queue and status over the matching documents. */
  withFacets?: boolean;
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

export type FacetCounts = Record<string, number>;

export interface SearchFacets {
  requestType: FacetCounts;
  channel: FacetCounts;
  queue: FacetCounts;
  status: FacetCounts;
}

export interface SearchResult {
  total: number;
  /** True when more documents match than were counted (`total` is then a lower bound). */
  totalCapped?: boolean;
  /** With totalCapped: the planner's estimate of all matches (approximate). */
  totalEstimate?: number;
  tookMs: number;
  hits: SearchHit[];
  /** When asked for; counted over at most `countCap` matches (flagged by totalCapped). */
  facets?: SearchFacets;
}
