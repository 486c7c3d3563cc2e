/**
 * Cross-channel near-duplicates: the same letter arriving by fax and by post (or
 * scanned twice) is linked to the first copy with its similarity and not worked
 * twice. Shingles → MinHash → LSH bands in PostgreSQL find candidates by index;
 * exact Jaccard/containment plus identity agreement decide (near-duplicate.verifier.ts).
 * See docs/decisions/0004-near-duplicates.md.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { defaultMinHashParams, lshBandKeys, minHashSignature, type MinHashParams } from './minhash.ts';
import { createNearDuplicateRepository } from './near-duplicate.repository.ts';
import { defaultThresholds, verifyNearDuplicate, type NearDuplicateThresholds } from './near-duplicate.verifier.ts';
import { shingleSet, shingleTokens } from './text.shingles.ts';

export interface NearDuplicateInput {
  tenantId: string;
  documentId: string;
  text: string;
  fields: Record<string, unknown>;
  receivedAt: Date;
}

export interface NearDuplicateOutcome {
  duplicateOf: string | null;
  similarity: number | null;
  containment: number | null;
  candidates: number;
  /** Candidates rejected although similar, with why (form letters of other customers). */
  rejected: Array<{ documentId: string; jaccard: number; conflicts: string[] }>;
}

export interface NearDuplicateOptions {
  windowDays?: number;
  maxCandidates?: number;
  params?: MinHashParams;
  thresholds?: NearDuplicateThresholds;
}

export function createNearDuplicateService({ db, windowDays = 30, maxCandidates = 20, params = defaultMinHashParams, thresholds = defaultThresholds }: { db: Kysely<Database> } & NearDuplicateOptions) {
  const repository = createNearDuplicateRepository({ db });

  return {
    /**
     * Looks for an earlier copy; when there is none the document becomes a first
     * copy others can be linked to. Serialised per tenant (advisory lock), so two
     * copies processed at the same moment cannot both become "first".
     */
    async check(input: NearDuplicateInput): Promise<NearDuplicateOutcome> {
      const shingles = shingleSet(shingleTokens(input.text));
      const none: NearDuplicateOutcome = { duplicateOf: null, similarity: null, containment: null, candidates: 0, rejected: [] };
      if (shingles.size < thresholds.minShingles) return none;
      const bandKeys = lshBandKeys(minHashSignature(shingles, params.hashCount), params.bands);
      const since = new Date(input.receivedAt.getTime() - windowDays * 86_400_000);

      return db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`near-duplicates:${input.tenantId}`}))`.execute(trx);
        const candidates = await repository.findCandidates({ tenantId: input.tenantId, documentId: input.documentId, bandKeys, since, limit: maxCandidates }, trx);
        const rows =
          candidates.length === 0
            ? []
            : await trx
                .selectFrom('documents')
                .select(['id', 'text', 'fields', 'received_at', 'created_at'])
                .where('tenant_id', '=', input.tenantId)
                .where('id', 'in', candidates.map((candidate) => candidate.documentId))
                .execute();
        const rejected: NearDuplicateOutcome['rejected'] = [];
        let best: { id: string; jaccard: number; containment: number; receivedAt: number } | null = null;
        for (const row of rows) {
          const verdict = verifyNearDuplicate({ text: input.text, fields: input.fields, shingles }, { text: row.text ?? '', fields: row.fields ?? {} }, thresholds);
          if (!verdict.duplicate) {
            if (verdict.conflicts.length > 0) rejected.push({ documentId: row.id, jaccard: verdict.jaccard, conflicts: verdict.conflicts });
            continue;
          }
          const receivedAt = new Date(row.received_at).getTime();
          // Linked to the first copy: the earliest received among the verified ones.
          if (!best || receivedAt < best.receivedAt) best = { id: row.id, jaccard: verdict.jaccard, containment: verdict.containment, receivedAt };
        }
        if (best) return { duplicateOf: best.id, similarity: best.jaccard, containment: best.containment, candidates: candidates.length, rejected };
        await repository.register({ tenantId: input.tenantId, documentId: input.documentId, receivedAt: input.receivedAt, bandKeys }, trx);
        return { ...none, candidates: candidates.length, rejected };
      });
    },
  };
}

export type NearDuplicateService = ReturnType<typeof createNearDuplicateService>;
