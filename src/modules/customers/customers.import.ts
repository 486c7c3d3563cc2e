import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { createError } from '../shared/errors.ts';
import { createCustomersRepository } from './customers.repository.ts';
import type { CustomerRecord } from './customers.types.ts';
import { compactIban, isE164Phone, isPlausibleEmail, isValidIban } from './identifier.normaliser.ts';

/** The header of the master-data CSV, exactly (../shared/CONTRACT.md). */
export const customerCsvColumns = [
  'customerNumber', 'firstName', 'lastName', 'company', 'street', 'houseNumber', 'postalCode', 'city',
  'email', 'phone', 'iban', 'birthDate', 'contractNumbers',
] as const;

export interface RejectedRow {
  /** Line in the file where the record starts (the header is line 1). */
  line: number;
  reason: string;
}

export interface CustomerImportResult {
  inserted: number;
  updated: number;
  /** Rows identical to what was stored (not counted as updated). */
  unchanged: number;
  rejected: RejectedRow[];
}

export interface ImportCustomersOptions {
  db: Kysely<Database>;
  tenantId: string;
  csv: string | Buffer;
  /** Rows per upsert statement; default 5000. */
  batchSize?: number;
}

const blankToNull = (value: string | undefined): string | null => {
  const trimmed = (value ?? '').trim();
  return trimmed.length > 0 ? trimmed : null;
};

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1850;
}

/** A validated record, or the reasons the row was rejected. */
export function validateCustomerRow(fields: string[]): { record: CustomerRecord } | { errors: string[] } {
  if (fields.length !== customerCsvColumns.length) {
    return { errors: [`expected ${customerCsvColumns.length} columns, found ${fields.length}`] };
  }
  const value = (index: number) => blankToNull(fields[index]);
  const errors: string[] = [];
  const customerNumber = value(0) ?? '';
  if (!/^\d{10}$/.test(customerNumber)) errors.push(`customerNumber must be 10 digits (got "${customerNumber}")`);
  const firstName = value(1);
  const lastName = value(2);
  const company = value(3);
  if (!lastName && !company) errors.push('lastName or company is required');
  const email = value(8);
  if (email && !isPlausibleEmail(email)) errors.push(`email is not an e-mail address ("${email}")`);
  const phone = value(9);
  if (phone && !isE164Phone(phone)) errors.push(`phone must be E.164 like +4922112345678 ("${phone}")`);
  const ibanRaw = value(10);
  const iban = ibanRaw ? compactIban(ibanRaw) : null;
  if (iban && !isValidIban(iban)) errors.push(`iban fails the IBAN check ("${ibanRaw}")`);
  const birthDate = value(11);
  if (birthDate && !isRealDate(birthDate)) errors.push(`birthDate must be a date YYYY-MM-DD ("${birthDate}")`);
  const contractNumbers = [...new Set((fields[12] ?? '').split(';').map((part) => part.trim()).filter((part) => part.length > 0))];
  if (errors.length > 0) return { errors };
  return {
    record: {
      customerNumber,
      firstName,
      lastName,
      company,
      street: value(4),
      houseNumber: value(5),
      postalCode: value(6),
      city: value(7),
      email,
      phone,
      iban,
      birthDate,
      contractNumbers,
    },
  };
}

interface ParsedRow {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 parsing with line numbers (where each record starts; the header is
 * line 1) that survives broken rows: csv-parse skips a malformed record, but
 * after a stray quote it reads the rest of the file as one unterminated field —
 * then parsing resumes on the line after the broken record.
 */
function parseCsvRows(input: Buffer): { rows: ParsedRow[]; errors: RejectedRow[] } {
  const newlines: number[] = [];
  for (let index = input.indexOf(10); index !== -1; index = input.indexOf(10, index + 1)) newlines.push(index);
  const lineAt = (offset: number): number => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((newlines[mid] as number) < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
  const lineStart = (line: number): number => (line <= 1 ? 0 : (newlines[line - 2] ?? input.length) + 1);
  const rows: ParsedRow[] = [];
  const errors = new Map<number, string>();
  let offset = 0;
  while (offset < input.length) {
    const base = offset;
    let unterminatedAt: number | null = null;
    const records = parse(input.subarray(base), {
      bom: base === 0,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (!error) return undefined;
        const at = base + (typeof error.bytes === 'number' ? error.bytes : 0);
        const line = lineAt(at);
        if (!errors.has(line)) errors.set(line, `unreadable CSV: ${error.message.replace(/ at line \d+/g, '')}`);
        if (error.code === 'CSV_QUOTE_NOT_CLOSED') unterminatedAt = line;
        return undefined;
      },
    }) as unknown as Array<{ info: { bytes: number }; record: string[] }>;
    for (const { info, record } of records) {
      // info.bytes ends after the record's line break; quoted fields keep theirs, so
      // the start line is the end line minus the breaks inside the fields.
      const inside = record.reduce((sum, field) => sum + (field.match(/\n/g)?.length ?? 0), 0);
      rows.push({ line: lineAt(base + info.bytes - 1) - inside, fields: record });
    }
    if (unterminatedAt === null) break;
    offset = lineStart(unterminatedAt + 1);
  }
  return { rows, errors: [...errors].map(([line, reason]) => ({ line, reason })) };
}

/**
 * Imports master data from CSV (RFC 4180, UTF-8, header exactly as in the
 * contract): validated rows are upserted by customer number in batches,
 * inside one transaction (readers see the old or the new master data, never
 * half of it); bad rows are reported with their line and skipped. A customer
 * number that occurs twice in the file is taken from its first row; the later
 * row is rejected. A wrong header throws (code customers.bad_csv_header).
 */
export async function importCustomersCsv(options: ImportCustomersOptions): Promise<CustomerImportResult> {
  const { db, tenantId } = options;
  const batchSize = options.batchSize ?? 5000;
  const rejected: RejectedRow[] = [];
  let parsed: { rows: ParsedRow[]; errors: RejectedRow[] };
  try {
    parsed = parseCsvRows(typeof options.csv === 'string' ? Buffer.from(options.csv, 'utf8') : options.csv);
  } catch (error) {
    throw createError({ code: 'customers.bad_csv', message: `cannot read customer CSV: ${String(error)}`, statusCode: 400, cause: error });
  }
  rejected.push(...parsed.errors);

  const [headerRow, ...dataRows] = parsed.rows;
  const header = headerRow?.line === 1 ? headerRow.fields.map((name) => name.trim()) : undefined;
  if (!header || header.join(',') !== customerCsvColumns.join(',')) {
    throw createError({
      code: 'customers.bad_csv_header',
      message: `customer CSV header must be exactly "${customerCsvColumns.join(',')}" (got "${header?.join(',') ?? ''}")`,
      statusCode: 400,
    });
  }

  const valid: CustomerRecord[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, fields: record } of dataRows) {
    const outcome = validateCustomerRow(record);
    if ('errors' in outcome) {
      rejected.push({ line, reason: outcome.errors.join('; ') });
      continue;
    }
    const seen = firstLine.get(outcome.record.customerNumber);
    if (seen !== undefined) {
      rejected.push({ line, reason: `customerNumber ${outcome.record.customerNumber} already on line ${seen}` });
      continue;
    }
    firstLine.set(outcome.record.customerNumber, line);
    valid.push(outcome.record);
  }

  const totals = await db.transaction().execute(async (trx) => {
    const repository = createCustomersRepository({ db: trx });
    const sum = { inserted: 0, updated: 0, unchanged: 0 };
    for (let start = 0; start < valid.length; start += batchSize) {
      const result = await repository.upsertMany(tenantId, valid.slice(start, start + batchSize));
      sum.inserted += result.inserted;
      sum.updated += result.updated;
      sum.unchanged += result.unchanged;
    }
    return sum;
  });
  rejected.sort((a, b) => a.line - b.line);
  return { ...totals, rejected };
}
