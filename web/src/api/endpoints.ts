import { queryString, type ApiClient } from './client.ts';
import type {
  BulkResult,
  CustomerDetail,
  CustomerSummary,
  Dashboard,
  DocumentDetail,
  HistoryEntry,
  PageWords,
  Queue,
  QueueConfig,
  RecentDocument,
  RecognitionCorrection,
  RoutingRule,
  SavedSearch,
  SearchQuery,
  SearchResult,
  Session,
  User,
  WorkItemPage,
} from './types.ts';

export type BulkAction = 'assign' | 'forward' | 'close' | 'release';

/** Typed calls of docs/api-workspace.md, one function per endpoint. */
export function createEndpoints(api: ApiClient) {
  const id = encodeURIComponent;
  return {
    login: (username: string, password: string) => api.request<Session>('POST', '/auth/login', { username, password }),
    logout: () => api.request<void>('POST', '/auth/logout'),
    me: () => api.get<Session>('/auth/me'),

    queues: () => api.get<Queue[]>('/queues'),
    queueItems: (queueId: string, options: { status?: string; assignee?: string; sort?: string; cursor?: string | null; limit?: number }) =>
      api.get<WorkItemPage>(`/queues/${id(queueId)}/items${queryString({ ...options, cursor: options.cursor ?? undefined })}`),
    claim: (documentId: string) => api.request<unknown>('POST', `/documents/${id(documentId)}/claim`, {}),
    release: (documentId: string) => api.request<unknown>('POST', `/documents/${id(documentId)}/release`, {}),
    close: (documentId: string, note?: string) => api.request<unknown>('POST', `/documents/${id(documentId)}/close`, note ? { note } : {}),
    reopen: (documentId: string) => api.request<unknown>('POST', `/documents/${id(documentId)}/reopen`, {}),
    forward: (documentId: string, queueId: string, note?: string) => api.request<unknown>('POST', `/documents/${id(documentId)}/forward`, { queueId, ...(note ? { note } : {}) }),
    assign: (documentId: string, userId: string) => api.request<unknown>('POST', `/documents/${id(documentId)}/assign`, { userId }),
    bulk: (documentIds: string[], action: BulkAction, extra: { userId?: string; queueId?: string; note?: string } = {}) =>
      api.request<BulkResult>('POST', '/work-items/bulk', { documentIds, action, ...extra }),
    history: (documentId: string) => api.get<HistoryEntry[]>(`/documents/${id(documentId)}/history`),

    recentDocuments: (limit = 50) => api.get<{ documents: RecentDocument[] }>(`/documents${queryString({ limit })}`),
    document: (documentId: string) => api.get<DocumentDetail>(`/documents/${id(documentId)}`),
    pageWords: (documentId: string, pageNo: number) => api.get<PageWords>(`/documents/${id(documentId)}/pages/${pageNo}/words`),
    correctRecognition: (documentId: string, correction: RecognitionCorrection) => api.request<DocumentDetail>('PATCH', `/documents/${id(documentId)}/recognition`, correction),
    uploadDocument: (file: File, onProgress: (loaded: number, total: number) => void) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<{ id: string; status: string }>('/documents', form, onProgress);
    },

    customers: (q: string) => api.get<CustomerSummary[]>(`/customers${queryString({ q })}`),
    customer: (customerNumber: string) => api.get<CustomerDetail>(`/customers/${id(customerNumber)}`),

    search: (query: SearchQuery & { limit?: number; offset?: number }) => api.get<SearchResult>(`/search${queryString({ ...query })}`),
    savedSearches: () => api.get<SavedSearch[]>('/saved-searches'),
    saveSearch: (name: string, query: SearchQuery) => api.request<SavedSearch>('POST', '/saved-searches', { name, query }),
    deleteSavedSearch: (savedSearchId: string) => api.request<void>('DELETE', `/saved-searches/${id(savedSearchId)}`),

    dashboard: (from: string, to: string) => api.get<Dashboard>(`/dashboard${queryString({ from, to })}`),

    users: () => api.get<User[]>('/users'),
    createUser: (user: { username: string; displayName: string; password: string; role: string; locale: string }) => api.request<User>('POST', '/users', user),
    updateUser: (userId: string, patch: { displayName?: string; role?: string; password?: string; disabled?: boolean }) => api.request<User>('PATCH', `/users/${id(userId)}`, patch),

    routingRules: () => api.get<{ rules: RoutingRule[]; defaults?: RoutingRule[] } | RoutingRule[]>('/routing-rules'),
    queueConfig: () => api.get<QueueConfig[]>('/queues/config'),
    saveQueue: (queueId: string, queue: { name: string; slaBusinessDays: number }) => api.request<unknown>('PUT', `/queues/${id(queueId)}`, queue),
    saveRoutingRules: (rules: RoutingRule[]) => api.request<unknown>('PUT', '/routing-rules', { rules }),
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
