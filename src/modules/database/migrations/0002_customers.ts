import { sql, type Kysely } from 'kysely';

/**
 * Customer master data (imported from CSV, keyed by customer number) with
 * match keys beside the values as delivered. The keys are computed by the
 * importer with the same normalisers the matcher applies to letters
 * (src/modules/customers/name.normaliser.ts, identifier.normaliser.ts,
 * koelner-phonetik.ts), so both sides fold identically.
 *
 * Candidate lookup for one letter is a handful of index probes (sized for
 * 100 k+ customers per tenant):
 *  - exact identifiers: primary key (customer number and its OCR variants),
 *    IBAN, phone, e-mail (partial btree indexes), contract numbers (GIN);
 *  - fuzzy name and address: btree on postcode (a postcode holds a few
 *    dozen customers, filtered by trigram similarity of last name / street),
 *    btree on folded city + phonetic last name, btree on the Kölner-Phonetik
 *    codes of last + first name; trigram GIN on folded last name and street
 *    for similarity searches across a tenant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`
    create table customers (
      tenant_id text not null references tenants(id),
      customer_number text not null,
      first_name text,
      last_name text,
      company text,
      street text,
      house_number text,
      postal_code text,
      city text,
      email text,
      phone text,
      iban text,
      birth_date date,
      contract_numbers text[] not null default '{}',
      first_name_folded text,
      last_name_folded text,
      first_name_phonetic text,
      last_name_phonetic text,
      company_folded text,
      street_normalised text,
      house_number_normalised text,
      city_folded text,
      email_normalised text,
      phone_compact text,
      iban_compact text,
      contract_numbers_compact text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, customer_number),
      constraint customers_number_format check (customer_number ~ '^[0-9]{10}$')
    )`.execute(db);

  await sql`create index customers_iban on customers (tenant_id, iban_compact) where iban_compact is not null`.execute(db);
  await sql`create index customers_phone on customers (tenant_id, phone_compact) where phone_compact is not null`.execute(db);
  await sql`create index customers_email on customers (tenant_id, email_normalised) where email_normalised is not null`.execute(db);
  await sql`create index customers_contract_numbers on customers using gin (contract_numbers_compact)`.execute(db);
  await sql`create index customers_last_name_trgm on customers using gin (last_name_folded gin_trgm_ops)`.execute(db);
  await sql`create index customers_street_trgm on customers using gin (street_normalised gin_trgm_ops)`.execute(db);
  await sql`create index customers_postal_code on customers (tenant_id, postal_code)`.execute(db);
  await sql`create index customers_city_phonetic on customers (tenant_id, city_folded, last_name_phonetic)`.execute(db);
  await sql`create index customers_phonetic on customers (tenant_id, last_name_phonetic, first_name_phonetic)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists customers cascade`.execute(db);
}
