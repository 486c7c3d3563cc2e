import { sql, type Kysely } from 'kysely';

/**
 * Near-duplicates across channels: LSH band keys of each first copy's MinHash
 * signature (candidate lookup is an index scan), and the similarity of a
 * near-duplicate to the first copy it is linked to (duplicate_of).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table documents add column if not exists duplicate_similarity real`.execute(db);
  await sql`
    create table near_duplicate_bands (
      tenant_id text not null references tenants(id),
      band smallint not null,
      band_key integer not null,
      document_id uuid not null references documents(id) on delete cascade,
      received_at timestamptz not null,
      primary key (tenant_id, band, band_key, document_id)
    )`.execute(db);
  await sql`create index near_duplicate_bands_document on near_duplicate_bands (document_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists near_duplicate_bands`.execute(db);
  await sql`alter table documents drop column if exists duplicate_similarity`.execute(db);
}
