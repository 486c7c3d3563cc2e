import { distance } from 'fastest-levenshtein';
import type { FirstNameParts } from '../customers/name.normaliser.ts';

/**
 * Comparison levels of single attributes (pure functions on normalised keys,
 * see customers/name.normaliser.ts). Thresholds are deliberately tight for
 * short strings: "Anna"/"Anne" or "Hans"/"Hanna" are different people.
 */

const compact = (value: string): string => value.replace(/\s+/g, '');

/** One OCR / typing slip: one edit for 4+ (names) characters, two for 9+. */
function withinEdits(a: string, b: string, minLengthForOne: number): boolean {
  const length = Math.max(a.length, b.length);
  if (length < minLengthForOne) return false;
  const edits = distance(a, b);
  return edits <= (length >= 9 ? 2 : 1);
}

/** Every word of the shorter name occurs in the longer one ("muller" ⊂ "muller ludenscheidt"). */
function wordSubset(a: string, b: string): boolean {
  const left = a.split(' ').filter((word) => word.length >= 2);
  const right = b.split(' ').filter((word) => word.length >= 2);
  if (left.length === 0 || right.length === 0 || left.length === right.length) return false;
  const [small, large] = left.length < right.length ? [left, new Set(right)] : [right, new Set(left)];
  return small.every((word) => large.has(word));
}

export type LastNameLevel = 'exact' | 'fuzzy' | 'partial' | 'phonetic' | 'different';

export function compareLastNames(letter: { key: string; phonetic: string }, customer: { key: string; phonetic: string }): LastNameLevel {
  if (letter.key === customer.key || compact(letter.key) === compact(customer.key)) return 'exact';
  if (withinEdits(compact(letter.key), compact(customer.key), 4)) return 'fuzzy';
  if (wordSubset(letter.key, customer.key)) return 'partial';
  if (letter.phonetic.length > 0 && letter.phonetic === customer.phonetic) return 'phonetic';
  return 'different';
}

export type FirstNameLevel = 'exact' | 'fuzzy' | 'partial' | 'initial' | 'phonetic' | 'different';

export function compareFirstNames(letter: FirstNameParts & { phonetic: string }, customer: FirstNameParts & { phonetic: string }): FirstNameLevel {
  if (letter.initialsOnly || customer.initialsOnly) {
    const [short, long] = letter.initials.length <= customer.initials.length ? [letter.initials, customer.initials] : [customer.initials, letter.initials];
    return long.startsWith(short) ? 'initial' : 'different';
  }
  if (letter.key === customer.key || compact(letter.key) === compact(customer.key)) return 'exact';
  // First names are short and often differ by one letter between people (Maria/Mario): 5+ characters.
  if (withinEdits(compact(letter.key), compact(customer.key), 5)) return 'fuzzy';
  if (wordSubset(letter.key, customer.key)) return 'partial';
  if (letter.phonetic.length > 0 && letter.phonetic === customer.phonetic) return 'phonetic';
  return 'different';
}

export type SimpleLevel = 'exact' | 'fuzzy' | 'different';

/** Street keys ("hauptstr"): one edit per ~8 characters counts as the same street misspelt. */
export function compareStreets(letter: string, customer: string): SimpleLevel {
  if (letter === customer) return 'exact';
  const length = Math.max(letter.length, customer.length);
  if (length >= 5 && distance(letter, customer) <= Math.max(1, Math.floor(length / 8))) return 'fuzzy';
  return 'different';
}

export function comparePostalCodes(letter: string, customer: string): 'exact' | 'partial' | 'different' {
  if (letter === customer) return 'exact';
  if (letter.length === customer.length && distance(letter, customer) === 1) return 'partial';
  return 'different';
}

/** City keys; "Frankfurt" vs "Frankfurt am Main" (same first word) agree partly. */
export function compareCities(letter: { key: string; head: string }, customer: { key: string; head: string }): 'exact' | 'partial' | 'different' {
  if (letter.key === customer.key) return 'exact';
  if (withinEdits(letter.key, customer.key, 5)) return 'exact';
  if (letter.head.length >= 3 && letter.head === customer.head) return 'partial';
  return 'different';
}

/** YYYY-MM-DD; day and month swapped or one digit off is partial. */
export function compareBirthDates(letter: string, customer: string): 'exact' | 'partial' | 'different' {
  if (letter === customer) return 'exact';
  const [ly, lm, ld] = letter.split('-');
  const [cy, cm, cd] = customer.split('-');
  if (ly === cy && lm === cd && ld === cm) return 'partial';
  if (letter.length === customer.length && distance(letter, customer) === 1) return 'partial';
  return 'different';
}

const legalForms = new Set(['gmbh', 'mbh', 'ag', 'kg', 'kgaa', 'ohg', 'ug', 'gbr', 'ev', 'eg', 'se', 'co', 'und', 'haftungsbeschrankt', 'inc', 'ltd', 'llc', 'firma', 'fa']);

/** A company name without legal forms ("muller gmbh co kg" → "muller"). */
function companyCore(value: string): string {
  return value
    .split(' ')
    .filter((word) => word.length > 0 && !legalForms.has(word))
    .join(' ');
}

/** Company names (folded keys, legal forms ignored): equal, one slip per 8 characters, or one contained in the other. */
export function compareCompanies(letterKey: string, customerKey: string): 'exact' | 'different' {
  const letter = companyCore(letterKey);
  const customer = companyCore(customerKey);
  if (letter.length === 0 || customer.length === 0) return 'different';
  if (letter === customer || compact(letter) === compact(customer)) return 'exact';
  const length = Math.max(letter.length, customer.length);
  if (length >= 5 && distance(letter, customer) <= Math.max(1, Math.floor(length / 8))) return 'exact';
  if (wordSubset(letter, customer)) return 'exact';
  return 'different';
}

/**
 * Strict company-name equality (legal forms ignored, one slip per 8 characters), without the
 * word-subset leniency of compareCompanies: for deciding that a "person name" read from a
 * letter is really the customer's company ("Vogt Versicherungsbüro"), "Anna Fischer" must not
 * match "Fischer GmbH".
 */
export function sameCompanyName(letterKey: string, customerKey: string): boolean {
  const letter = compact(companyCore(letterKey));
  const customer = compact(companyCore(customerKey));
  if (letter.length < 5 || customer.length === 0) return false;
  if (letter === customer) return true;
  const length = Math.max(letter.length, customer.length);
  return distance(letter, customer) <= Math.max(1, Math.floor(length / 8));
}
