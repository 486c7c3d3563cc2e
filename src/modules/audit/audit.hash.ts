import crypto from 'node:crypto';

/** prev_hash of a tenant's first entry. */
export const genesisHash = '0'.repeat(64);

/** The fields an entry's hash covers: everything but prev_hash and hash themselves. */
export interface AuditEntryContent {
  tenantId: string;
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
}

function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalValue(item)));
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) sorted[key] = canonicalValue(item);
    }
    return sorted;
  }
  return value;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

/**
 * The details as PostgreSQL's jsonb gives them back (what survives a JSON
 * round trip), so the hash computed on write equals the one recomputed on verify.
 */
export function normaliseDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!details) return {};
  return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
}

/** hash = sha256(prev_hash ‖ canonical JSON of the entry), hex. */
export function hashAuditEntry(prevHash: string, entry: AuditEntryContent): string {
  const content = canonicalJson({
    tenantId: entry.tenantId,
    seq: entry.seq,
    at: entry.at.toISOString(),
    actorId: entry.actorId,
    actorName: entry.actorName,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    details: entry.details,
  });
  return crypto.createHash('sha256').update(prevHash).update(content).digest('hex');
}
