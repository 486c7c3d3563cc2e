/**
 * Normal forms of names and addresses for matching. Master data and letters
 * go through the same functions, so every conflation is symmetric:
 *  - folding: lower case, ß → ss, accents dropped, umlauts and their
 *    two-letter spellings collapse (Müller = Mueller = Muller), like the
 *    database's pst_fold();
 *  - titles and salutations are dropped ("Herrn Dr. Hans Müller");
 *  - streets: Str. / Str / Straße / Strasse → "str", spaces and hyphens
 *    removed ("Konrad-Adenauer-Str." = "Konrad Adenauer Straße");
 *  - house numbers: "5 a" → "5a", "12 - 14" → "12-14".
 */

const titleWords = new Set([
  'herr', 'herrn', 'hr', 'frau', 'fr', 'fraulein', 'familie', 'fam', 'eheleute', 'firma', 'fa',
  'dr', 'dres', 'prof', 'professor', 'dipl', 'ing', 'med', 'dent', 'vet', 'rer', 'nat', 'pol', 'oec', 'phil', 'jur', 'habil', 'mag',
  'ba', 'ma', 'msc', 'bsc', 'mba', 'llm', 'sen', 'jun', 'jr', 'sr',
]);

/** Fold for comparison: lower case, ß → ss, accents and umlauts dropped, ae/oe/ue → a/o/u. Keeps other characters. */
export function foldText(value: string): string {
  return value
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/ue/g, 'u');
}

/** Folded words of a text (letters and digits only). */
export function foldedWords(value: string): string[] {
  return foldText(value)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** Words of a person name without titles and salutations (kept if nothing else would remain). */
export function nameWords(value: string): string[] {
  const words = foldedWords(value);
  const kept = words.filter((word) => !titleWords.has(word));
  return kept.length > 0 ? kept : words;
}

/** The folded name key: "Dr. Müller-Lüdenscheidt" → "muller ludenscheidt". */
export function nameKey(value: string | null | undefined): string {
  if (!value) return '';
  return nameWords(value).join(' ');
}

/** A first name as written: full words and initials ("H.-P." → initials h, p). */
export interface FirstNameParts {
  key: string;
  words: string[];
  /** True when every word is a single letter ("H.", "H.-P."). */
  initialsOnly: boolean;
  initials: string;
}

export function firstNameParts(value: string | null | undefined): FirstNameParts {
  const words = value ? nameWords(value) : [];
  return {
    key: words.join(' '),
    words,
    initialsOnly: words.length > 0 && words.every((word) => word.length === 1),
    initials: words.map((word) => word[0]).join(''),
  };
}

/** Street key: folded, "Str." / "Straße" → "str", "Pl." → "platz", "St." → "sankt", no spaces or punctuation. */
export function streetKey(value: string | null | undefined): string {
  if (!value) return '';
  return foldText(value)
    .replace(/stra?s?se\b|str\b\.?/g, 'str')
    .replace(/pl\./g, 'platz')
    .replace(/\bst\.\s*/g, 'sankt ')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** House number key: lower case without spaces; ranges with a plain hyphen ("12 – 14" → "12-14"). */
export function houseNumberKey(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .toLowerCase()
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, '');
}

const streetWithNumber = /^(.*?\p{L}.*?)[\s,]*(\d+\s*[a-z]?(?:\s*[-–/]\s*\d+\s*[a-z]?)?)\s*$/iu;

/** Splits "Hauptstr. 5a" into street and house number; a value without a trailing number is all street. */
export function splitStreet(value: string | null | undefined): { street: string; houseNumber: string } {
  const trimmed = (value ?? '').trim();
  const match = streetWithNumber.exec(trimmed);
  if (!match) return { street: trimmed, houseNumber: '' };
  return { street: (match[1] ?? '').replace(/[\s,]+$/, ''), houseNumber: houseNumberKey(match[2]) };
}

export type HouseNumberAgreement = 'exact' | 'partial' | 'different';

function houseNumberRange(key: string): { from: number; to: number; suffix: string } | null {
  const match = /^(\d+)([a-z]?)(?:[-/](\d+)[a-z]?)?$/.exec(key);
  if (!match) return null;
  const from = Number(match[1]);
  const to = match[3] !== undefined && match[0].includes('-') ? Number(match[3]) : from;
  return { from: Math.min(from, to), to: Math.max(from, to), suffix: match[2] ?? '' };
}

/** "5" vs "5a" or "13" vs "12-14" agree partly; "5" vs "7" differ. */
export function compareHouseNumbers(a: string, b: string): HouseNumberAgreement {
  const left = houseNumberKey(a);
  const right = houseNumberKey(b);
  if (left === right) return 'exact';
  const l = houseNumberRange(left);
  const r = houseNumberRange(right);
  if (!l || !r) return 'different';
  if (l.from === r.from && l.to === r.to) return 'partial';
  if (l.from <= r.to && r.from <= l.to) return 'partial';
  return 'different';
}

/** City key: folded without spaces; "Frankfurt am Main" → "frankfurtammain". */
export function cityKey(value: string | null | undefined): string {
  if (!value) return '';
  return foldedWords(value).join('');
}

/** The first word of a city ("Frankfurt" of "Frankfurt a. M."), to accept shortened forms. */
export function cityHead(value: string | null | undefined): string {
  if (!value) return '';
  return foldedWords(value)[0] ?? '';
}
