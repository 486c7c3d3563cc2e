import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';

export interface BandCandidate {
  documentId: string;
  sharedBands: number;
}

/** LSH band keys per first copy: candidate lookup is one index scan on (tenant, band, key). */
export function createNearDuplicateRepository({ db }: { db: Kysely<Database> }) {
  return {
    /** Documents of the tenant received since `since` that share at least one band, most shared first. */
    async findCandidates(input: { tenantId: string; documentId: string; bandKeys: number[]; since: Date; limit: number }, executor: Kysely<Database> = db): Promise<BandCandidate[]> {
      if (input.bandKeys.length === 0) return [];
      const pairs = sql.join(input.bandKeys.map((key, band) => sql`(${band}::smallint, ${key}::integer)`));
      const rows = await executor
        .selectFrom('near_duplicate_bands')
        .select(['document_id', sql<string>`count(*)`.as('shared')])
        .where('tenant_id', '=', input.tenantId)
        .where('document_id', '!=', input.documentId)
        .where('received_at', '>=', input.since)
        .where(sql<boolean>`(band, band_key) in (${pairs})`)
        .groupBy('document_id')
        .orderBy(sql`count(*)`, 'desc')
        .limit(input.limit)
        .execute();
      return rows.map((row) => ({ documentId: row.document_id, sharedBands: Number(row.shared) }));
    },

    async register(input: { tenantId: string; documentId: string; receivedAt: Date; bandKeys: number[] }, executor: Kysely<Database> = db): Promise<void> {
      if (input.bandKeys.length === 0) return;
      await executor
        .insertInto('near_duplicate_bands')
        .values(input.bandKeys.map((key, band) => ({ tenant_id: input.tenantId, band, band_key: key, document_id: input.documentId, received_at: input.receivedAt })))
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    },
  };
}

export type NearDuplicateRepository = ReturnType<typeof createNearDuplicateRepository>;
