/**
 * Form letters and contract forms of different customers share most of their
 * text, so high similarity alone does not make a duplicate: what identifies the
 * sender must not disagree. Compared are the recognised fields (customer and
 * contract number, IBAN, name, address); only when no identifier field was read
 * on both sides, the long digit runs of the texts (customer, contract, meter,
 * invoice numbers) — raw digit runs of a poor fax (a garbled header, a misread
 * date) disagree too easily to overrule identifiers that agree. One OCR slip is
 * tolerated (two in numbers of seven digits or more); a value present on one side
 * only is no conflict (the fax may have lost a line).
 */
import { shingleTokens } from './text.shingles.ts';

export interface IdentifyingContent {
  fields: Readonly<Record<string, unknown>>;
  text: string;
}

const IDENTIFIER_FIELDS = ['customerNumber', 'contractNumber', 'iban'] as const;
const COMPARED_FIELDS = ['customerNumber', 'contractNumber', 'iban', 'lastName', 'firstName', 'company', 'postalCode', 'street'] as const;

function fold(value: string): string {
  return value
    .toLowerCase()
    .replace(/[äöüß]/g, (ch) => ({ ä: 'a', ö: 'o', ü: 'u', ß: 'ss' })[ch] ?? ch)
    .replace(/[^a-z0-9]/g, '');
}

/** Levenshtein distance, stopping early above `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

/** Digit runs of five or more (identifiers), as tokens of the folded text. */
export function identifierTokens(text: string): Set<string> {
  return new Set(shingleTokens(text).filter((token) => /^\d{5,}$/.test(token)));
}

function hasCounterpart(token: string, others: ReadonlySet<string>): boolean {
  for (const other of others) {
    if (other === token || other.includes(token) || token.includes(other)) return true;
    const slips = Math.min(token.length, other.length) >= 7 ? 2 : 1;
    if (editDistance(token, other, slips) <= slips) return true;
  }
  return false;
}

/** The reasons the two letters identify different senders or matters; empty when nothing disagrees. */
export function identityConflicts(a: IdentifyingContent, b: IdentifyingContent): string[] {
  const conflicts: string[] = [];
  for (const name of COMPARED_FIELDS) {
    const left = typeof a.fields[name] === 'string' ? fold(a.fields[name]) : '';
    const right = typeof b.fields[name] === 'string' ? fold(b.fields[name]) : '';
    if (!left || !right) continue;
    if (editDistance(left, right, 1) > 1) conflicts.push(name);
  }
  const identifiersOnBoth = IDENTIFIER_FIELDS.some((name) => typeof a.fields[name] === 'string' && a.fields[name] !== '' && typeof b.fields[name] === 'string' && b.fields[name] !== '');
  if (identifiersOnBoth) return conflicts;
  const leftIds = identifierTokens(a.text);
  const rightIds = identifierTokens(b.text);
  const onlyLeft = [...leftIds].filter((token) => !hasCounterpart(token, rightIds));
  const onlyRight = [...rightIds].filter((token) => !hasCounterpart(token, leftIds));
  // Both sides name a number the other lacks: different customers, contracts or invoices.
  if (onlyLeft.length > 0 && onlyRight.length > 0) conflicts.push(`numbers ${onlyLeft.slice(0, 3).join(',')} ≠ ${onlyRight.slice(0, 3).join(',')}`);
  return conflicts;
}
