import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { customerMatchKeys } from './customer.keys.ts';
import type { CustomerMatchRow, CustomerRecord } from './customers.types.ts';

/** What a letter offers for finding candidates; every value already normalised like the stored keys. */
export interface CandidateProbe {
  customerNumbers: string[];
  contractNumbers: string[];
  ibans: string[];
  phones: string[];
  emails: string[];
  lastNameFolded: string | null;
  lastNamePhonetic: string | null;
  firstNamePhonetic: string | null;
  companyFolded: string | null;
  addresses: Array<{ postalCode: string | null; cityFolded: string | null; streetNormalised: string | null }>;
  /** Cap for each fuzzy source (name/address); exact identifiers are not capped. Default 25. */
  limitPerSource?: number;
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface CustomersRepository {
  /** Inserts or updates customers by customer number in one statement (the caller batches). */
  upsertMany(tenantId: string, records: CustomerRecord[]): Promise<UpsertResult>;
  findByNumber(tenantId: string, customerNumber: string): Promise<CustomerMatchRow | null>;
  /** Customers that share an identifier with the letter or resemble its name and address (one query). */
  findCandidates(tenantId: string, probe: CandidateProbe): Promise<CustomerMatchRow[]>;
  count(tenantId: string): Promise<number>;
}

interface CustomerDbRow {
  customer_number: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  street: string | null;
  house_number: string | null;
  postal_code: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  iban: string | null;
  birth_date: string | null;
  contract_numbers: string[];
  first_name_folded: string | null;
  last_name_folded: string | null;
  first_name_phonetic: string | null;
  last_name_phonetic: string | null;
  company_folded: string | null;
  street_normalised: string | null;
  house_number_normalised: string | null;
  city_folded: string | null;
  email_normalised: string | null;
  phone_compact: string | null;
  iban_compact: string | null;
  contract_numbers_compact: string[];
}

const selectColumns = sql`customer_number, first_name, last_name, company, street, house_number, postal_code, city,
  email, phone, iban, to_char(birth_date, 'YYYY-MM-DD') as birth_date, contract_numbers,
  first_name_folded, last_name_folded, first_name_phonetic, last_name_phonetic, company_folded,
  street_normalised, house_number_normalised, city_folded, email_normalised, phone_compact, iban_compact,
  contract_numbers_compact`;

function fromDb(row: CustomerDbRow): CustomerMatchRow {
  return {
    customerNumber: row.customer_number,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    street: row.street,
    houseNumber: row.house_number,
    postalCode: row.postal_code,
    city: row.city,
    email: row.email,
    phone: row.phone,
    iban: row.iban,
    birthDate: row.birth_date,
    contractNumbers: row.contract_numbers,
    firstNameFolded: row.first_name_folded,
    lastNameFolded: row.last_name_folded,
    firstNamePhonetic: row.first_name_phonetic,
    lastNamePhonetic: row.last_name_phonetic,
    companyFolded: row.company_folded,
    streetNormalised: row.street_normalised,
    houseNumberNormalised: row.house_number_normalised,
    cityFolded: row.city_folded,
    emailNormalised: row.email_normalised,
    phoneCompact: row.phone_compact,
    ibanCompact: row.iban_compact,
    contractNumbersCompact: row.contract_numbers_compact,
  };
}

const unique = (values: Array<string | null | undefined>): string[] => [...new Set(values.filter((value): value is string => !!value))];

export function createCustomersRepository({ db }: { db: Kysely<Database> }): CustomersRepository {
  return {
    async upsertMany(tenantId, records) {
      if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const keys = records.map(customerMatchKeys);
      const column = <T>(pick: (record: CustomerRecord, index: number) => T): T[] => records.map(pick);
      const key = <T>(pick: (index: number) => T): T[] => records.map((_record, index) => pick(index));
      const k = (index: number) => keys[index] as (typeof keys)[number];
      // One array parameter per column and unnest(): a single statement of any size
      // (multi-row VALUES would hit the 65 535 parameter limit and plan slowly).
      // contract numbers travel as ';'-joined text because unnest flattens arrays of arrays.
      const result = await sql<{ inserted: boolean }>`
        insert into customers (
          tenant_id, customer_number, first_name, last_name, company, street, house_number, postal_code, city,
          email, phone, iban, birth_date, contract_numbers,
          first_name_folded, last_name_folded, first_name_phonetic, last_name_phonetic, company_folded,
          street_normalised, house_number_normalised, city_folded, email_normalised, phone_compact, iban_compact,
          contract_numbers_compact)
        select ${tenantId}, u.customer_number, u.first_name, u.last_name, u.company, u.street, u.house_number, u.postal_code, u.city,
          u.email, u.phone, u.iban, u.birth_date::date, coalesce(string_to_array(nullif(u.contract_numbers, ''), ';'), '{}'),
          u.first_name_folded, u.last_name_folded, u.first_name_phonetic, u.last_name_phonetic, u.company_folded,
          u.street_normalised, u.house_number_normalised, u.city_folded, u.email_normalised, u.phone_compact, u.iban_compact,
          coalesce(string_to_array(nullif(u.contract_numbers_compact, ''), ';'), '{}')
        from unnest(
          ${column((r) => r.customerNumber)}::text[], ${column((r) => r.firstName)}::text[], ${column((r) => r.lastName)}::text[],
          ${column((r) => r.company)}::text[], ${column((r) => r.street)}::text[], ${column((r) => r.houseNumber)}::text[],
          ${column((r) => r.postalCode)}::text[], ${column((r) => r.city)}::text[], ${column((r) => r.email)}::text[],
          ${column((r) => r.phone)}::text[], ${column((r) => r.iban)}::text[], ${column((r) => r.birthDate)}::text[],
          ${column((r) => r.contractNumbers.join(';'))}::text[],
          ${key((i) => k(i).firstNameFolded)}::text[], ${key((i) => k(i).lastNameFolded)}::text[],
          ${key((i) => k(i).firstNamePhonetic)}::text[], ${key((i) => k(i).lastNamePhonetic)}::text[],
          ${key((i) => k(i).companyFolded)}::text[], ${key((i) => k(i).streetNormalised)}::text[],
          ${key((i) => k(i).houseNumberNormalised)}::text[], ${key((i) => k(i).cityFolded)}::text[],
          ${key((i) => k(i).emailNormalised)}::text[], ${key((i) => k(i).phoneCompact)}::text[],
          ${key((i) => k(i).ibanCompact)}::text[], ${key((i) => k(i).contractNumbersCompact.join(';'))}::text[]
        ) as u(customer_number, first_name, last_name, company, street, house_number, postal_code, city,
          email, phone, iban, birth_date, contract_numbers,
          first_name_folded, last_name_folded, first_name_phonetic, last_name_phonetic, company_folded,
          street_normalised, house_number_normalised, city_folded, email_normalised, phone_compact, iban_compact,
          contract_numbers_compact)
        on conflict (tenant_id, customer_number) do update set
          first_name = excluded.first_name, last_name = excluded.last_name, company = excluded.company,
          street = excluded.street, house_number = excluded.house_number, postal_code = excluded.postal_code,
          city = excluded.city, email = excluded.email, phone = excluded.phone, iban = excluded.iban,
          birth_date = excluded.birth_date, contract_numbers = excluded.contract_numbers,
          first_name_folded = excluded.first_name_folded, last_name_folded = excluded.last_name_folded,
          first_name_phonetic = excluded.first_name_phonetic, last_name_phonetic = excluded.last_name_phonetic,
          company_folded = excluded.company_folded, street_normalised = excluded.street_normalised,
          house_number_normalised = excluded.house_number_normalised, city_folded = excluded.city_folded,
          email_normalised = excluded.email_normalised, phone_compact = excluded.phone_compact,
          iban_compact = excluded.iban_compact, contract_numbers_compact = excluded.contract_numbers_compact,
          updated_at = now()
        where (customers.first_name, customers.last_name, customers.company, customers.street, customers.house_number,
               customers.postal_code, customers.city, customers.email, customers.phone, customers.iban,
               customers.birth_date, customers.contract_numbers, customers.first_name_folded, customers.last_name_folded,
               customers.first_name_phonetic, customers.last_name_phonetic, customers.company_folded,
               customers.street_normalised, customers.house_number_normalised, customers.city_folded,
               customers.email_normalised, customers.phone_compact, customers.iban_compact,
               customers.contract_numbers_compact)
          is distinct from
              (excluded.first_name, excluded.last_name, excluded.company, excluded.street, excluded.house_number,
               excluded.postal_code, excluded.city, excluded.email, excluded.phone, excluded.iban,
               excluded.birth_date, excluded.contract_numbers, excluded.first_name_folded, excluded.last_name_folded,
               excluded.first_name_phonetic, excluded.last_name_phonetic, excluded.company_folded,
               excluded.street_normalised, excluded.house_number_normalised, excluded.city_folded,
               excluded.email_normalised, excluded.phone_compact, excluded.iban_compact,
               excluded.contract_numbers_compact)
        returning (xmax = 0) as inserted`.execute(db);
      const inserted = result.rows.filter((row) => row.inserted).length;
      const updated = result.rows.length - inserted;
      return { inserted, updated, unchanged: records.length - result.rows.length };
    },

    async findByNumber(tenantId, customerNumber) {
      const result = await sql<CustomerDbRow>`select ${selectColumns} from customers
        where tenant_id = ${tenantId} and customer_number = ${customerNumber}`.execute(db);
      const row = result.rows[0];
      return row ? fromDb(row) : null;
    },

    async findCandidates(tenantId, probe) {
      const limit = probe.limitPerSource ?? 25;
      const sources: RawBuilder<unknown>[] = [];
      const tenant = sql`tenant_id = ${tenantId}`;
      const numbers = unique(probe.customerNumbers);
      if (numbers.length > 0) sources.push(sql`select customer_number from customers where ${tenant} and customer_number = any(${numbers}::text[])`);
      for (const contract of unique(probe.contractNumbers)) {
        sources.push(sql`select customer_number from customers where ${tenant} and contract_numbers_compact @> array[${contract}]::text[]`);
      }
      const ibans = unique(probe.ibans);
      if (ibans.length > 0) sources.push(sql`select customer_number from customers where ${tenant} and iban_compact = any(${ibans}::text[])`);
      const phones = unique(probe.phones);
      if (phones.length > 0) sources.push(sql`select customer_number from customers where ${tenant} and phone_compact = any(${phones}::text[])`);
      const emails = unique(probe.emails);
      if (emails.length > 0) sources.push(sql`select customer_number from customers where ${tenant} and email_normalised = any(${emails}::text[])`);

      const lastName = probe.lastNameFolded;
      const lastNamePhonetic = probe.lastNamePhonetic;
      const company = probe.companyFolded;
      // Fuzzy name conditions (trigram similarity above pg_trgm's threshold, or the same phonetic code).
      const nameConditions: RawBuilder<unknown>[] = [];
      if (lastName) nameConditions.push(sql`last_name_folded % ${lastName}`);
      if (lastNamePhonetic) nameConditions.push(sql`last_name_phonetic = ${lastNamePhonetic}`);
      if (company) nameConditions.push(sql`company_folded % ${company}`);
      const nameSimilarity = lastName ? sql`coalesce(similarity(last_name_folded, ${lastName}), 0)` : company ? sql`coalesce(similarity(company_folded, ${company}), 0)` : sql`0`;

      const seenPostal = new Set<string>();
      const seenCity = new Set<string>();
      for (const address of probe.addresses) {
        const street = address.streetNormalised;
        if (address.postalCode && !seenPostal.has(address.postalCode)) {
          seenPostal.add(address.postalCode);
          // A postcode holds a few dozen customers: filter them by name or street.
          const conditions = street ? [...nameConditions, sql`street_normalised % ${street}`] : nameConditions;
          if (conditions.length > 0) {
            const streetSimilarity = street ? sql`coalesce(similarity(street_normalised, ${street}), 0)` : sql`0`;
            sources.push(sql`(select customer_number from customers where ${tenant} and postal_code = ${address.postalCode}
              and (${sql.join(conditions, sql` or `)}) order by ${nameSimilarity} + ${streetSimilarity} desc limit ${limit})`);
          }
        }
        if (address.cityFolded && lastNamePhonetic && !seenCity.has(address.cityFolded)) {
          seenCity.add(address.cityFolded);
          // Postcode missing or misread: a name that sounds the same in the same city
          // (index on city + phonetic code; a trigram filter would scan a big city).
          sources.push(sql`(select customer_number from customers where ${tenant} and city_folded = ${address.cityFolded}
            and last_name_phonetic = ${lastNamePhonetic} order by ${nameSimilarity} desc limit ${limit})`);
        }
      }
      if (lastNamePhonetic && probe.firstNamePhonetic) {
        // Same name anywhere (moved, or no address in the letter).
        sources.push(sql`(select customer_number from customers where ${tenant}
          and last_name_phonetic = ${lastNamePhonetic} and first_name_phonetic = ${probe.firstNamePhonetic}
          ${lastName ? sql`order by ${nameSimilarity} desc` : sql``} limit ${limit})`);
      }
      if (sources.length === 0) return [];
      const result = await sql<CustomerDbRow>`select ${selectColumns} from customers
        where ${tenant} and customer_number in (${sql.join(sources, sql` union `)})`.execute(db);
      return result.rows.map(fromDb);
    },

    async count(tenantId) {
      const row = await db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
