/**
 * The audit trail's one entry point, shared by every module that views,
 * changes, exports, assigns or deletes something. The implementation
 * (append-only, hash-chained table) lives in audit.log.ts.
 */
export type AuditAction =
  | 'document.view'
  | 'document.download'
  | 'document.export'
  | 'document.correct'
  | 'document.claim'
  | 'document.release'
  | 'document.assign'
  | 'document.forward'
  | 'document.close'
  | 'document.reopen'
  | 'document.delete'
  | 'document.erase'
  | 'document.legal_hold'
  | 'document.archive'
  | 'customer.view'
  | 'search.run'
  | 'user.login'
  | 'user.login_failed'
  | 'user.logout'
  | 'user.create'
  | 'user.update'
  | 'token.create'
  | 'token.revoke'
  | 'settings.update';

export interface AuditEvent {
  tenantId: string;
  /** users.id / api_tokens.id, null for the system itself (pipeline, retention job) */
  actorId: string | null;
  actorName: string;
  action: AuditAction;
  subjectType: 'document' | 'customer' | 'user' | 'token' | 'search' | 'settings';
  subjectId: string | null;
  /** no personal data beyond identifiers: field names changed, not their values */
  details?: Record<string, unknown>;
}

export interface AuditLog {
  /** Appends one entry; pass a Kysely transaction to make it part of the change it records. */
  record(event: AuditEvent, executor?: unknown): Promise<void>;
}
