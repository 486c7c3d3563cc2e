import { sql, type Kysely } from 'kysely';

/**
 * Search vectors in the table row, not in TOAST (docs/decisions/0005-search-at-scale.md,
 * „Vectors in the row“).
 *
 * A letter's search vector is ~2 kB and hardly compresses (its lexemes are
 * distinct), so with the default storage (`extended`) PostgreSQL moved it out of
 * line: every test of a document against its vector — a walk along received_at,
 * a phrase's word order, the rank of the newest matches — cost a lookup in the
 * TOAST index and a read of the chunks, 40–95 µs at a million documents.
 * `main` keeps it in the row (out of line only when a row would not fit a page,
 * e.g. a long contract), so a test reads the row it visits anyway. The text,
 * which only the snippets of a page read, is still moved out first.
 *
 * Rows written before this migration keep their out-of-line vectors until they
 * are rewritten: `VACUUM FULL documents` in a maintenance window moves them in
 * (docs/operations.md, „Search at scale“).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table documents alter column search_vector set storage main`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table documents alter column search_vector set storage extended`.execute(db);
}
