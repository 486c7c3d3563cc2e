import fs from 'node:fs/promises';
import path from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { createError } from '../shared/errors.ts';

/**
 * How long documents are kept, per request type. German commercial and tax
 * law (HGB § 257, AO § 147) keeps contracts and booking records 10 years and
 * business letters 6 years, counted from the end of the calendar year in
 * which the letter was received; hence `periodStart: 'end_of_year'`.
 * Overridden by `<data dir>/retention.json` with the same shape.
 */
export interface RetentionRules {
  defaultYears: number;
  byRequestType: Record<string, number>;
  periodStart: 'end_of_year' | 'received';
  /** Calendar years are those of this time zone. */
  timeZone: string;
}

export const defaultRetentionRules: RetentionRules = {
  defaultYears: 6,
  byRequestType: {
    cancellation: 10,
    contract_renewal: 10,
    tariff_change: 10,
    contract_documents: 10,
    number_porting: 10,
    general_inquiry: 6,
    customer_data_change: 6,
    bank_details_change: 6,
    invoice_complaint: 6,
    other: 6,
  },
  periodStart: 'end_of_year',
  timeZone: 'Europe/Berlin',
};

const years = z.number().int().min(0).max(100);
const rulesFile = z.object({
  defaultYears: years.optional(),
  byRequestType: z.record(z.string(), years).optional(),
  periodStart: z.enum(['end_of_year', 'received']).optional(),
  timeZone: z.string().min(1).optional(),
});

export const retentionRulesFileName = 'retention.json';

export async function loadRetentionRules(dataDir: string): Promise<RetentionRules> {
  const file = path.join(dataDir, retentionRulesFileName);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return defaultRetentionRules;
  }
  const parsed = rulesFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw createError({ code: 'config.invalid_retention', message: `${file}: ${parsed.error.message}`, statusCode: 400 });
  return {
    defaultYears: parsed.data.defaultYears ?? defaultRetentionRules.defaultYears,
    byRequestType: { ...defaultRetentionRules.byRequestType, ...parsed.data.byRequestType },
    periodStart: parsed.data.periodStart ?? defaultRetentionRules.periodStart,
    timeZone: parsed.data.timeZone ?? defaultRetentionRules.timeZone,
  };
}

/** SQL for a document's retain-until instant, from the `documents` columns received_at and request_type (alias d). */
export function retainUntilSql(rules: RetentionRules): RawBuilder<Date> {
  const years = sql`coalesce((${JSON.stringify(rules.byRequestType)}::jsonb ->> d.request_type)::int, ${rules.defaultYears}::int)`;
  if (rules.periodStart === 'received') return sql<Date>`d.received_at + make_interval(years => ${years})`;
  return sql<Date>`(date_trunc('year', d.received_at at time zone ${rules.timeZone}) + make_interval(years => ${years} + 1)) at time zone ${rules.timeZone}`;
}
