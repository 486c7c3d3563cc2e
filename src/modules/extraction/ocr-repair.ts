/**
 * OCR confusions between letters and digits (O/0, l/1/I, S/5, B/8, Z/2, G/6 …).
 *
 * Every mapping is one character to one character, so a repaired string keeps the
 * offsets of the original. Callers repair only where the result must then pass a
 * format or checksum test (customer-number pattern, IBAN mod 97, phone validity):
 * the repair proposes, the validator decides.
 */

/** Letters (and marks) that OCR reads for a digit, mapped to that digit. */
const LETTER_TO_DIGIT: Readonly<Record<string, string>> = {
  O: '0',
  o: '0',
  Q: '0',
  D: '0',
  I: '1',
  l: '1',
  i: '1',
  '|': '1',
  '!': '1',
  J: '1',
  S: '5',
  s: '5',
  B: '8',
  Z: '2',
  z: '2',
  G: '6',
  b: '6',
  T: '7',
  g: '9',
  q: '9',
};

/** Digits that OCR reads for an upper-case letter, mapped to that letter. */
const DIGIT_TO_LETTER: Readonly<Record<string, string>> = {
  '0': 'O',
  '1': 'I',
  '2': 'Z',
  '4': 'A',
  '5': 'S',
  '6': 'G',
  '7': 'T',
  '8': 'B',
};

/** A character class (for regexes) of everything that may be a digit after repair. */
export const DIGIT_LIKE_CLASS = '0-9OoQDIli|!JSsBZzGbTgq';

export function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** True when the character is a digit or a letter OCR confuses with one. */
export function isDigitLike(ch: string): boolean {
  return isDigit(ch) || LETTER_TO_DIGIT[ch] !== undefined;
}

/** Replaces every letter that OCR confuses with a digit by that digit; other characters stay. */
export function repairDigits(value: string): string {
  let out = '';
  for (const ch of value) out += LETTER_TO_DIGIT[ch] ?? ch;
  return out;
}

/** Replaces digits that stand for upper-case letters (country codes, bank codes) and upper-cases. */
export function repairLetters(value: string): string {
  let out = '';
  for (const ch of value.toUpperCase()) out += DIGIT_TO_LETTER[ch] ?? ch;
  return out;
}

/** Share of real digits among the characters (0 for an empty string). */
export function digitRatio(value: string): number {
  if (value.length === 0) return 0;
  let digits = 0;
  for (const ch of value) if (isDigit(ch)) digits += 1;
  return digits / value.length;
}

/**
 * A token is worth repairing into digits when every character is digit-like and the
 * real digits dominate: "3O7" and "l234" yes, "Oslo" or "lBS" no.
 */
export function looksLikeNoisyNumber(token: string, minDigitRatio = 0.5): boolean {
  if (token.length === 0) return false;
  for (const ch of token) if (!isDigitLike(ch)) return false;
  return digitRatio(token) >= minDigitRatio;
}

/** True when repairing changed something (for the `ocr_repaired` evidence). */
export function wasRepaired(raw: string, repaired: string): boolean {
  return raw.replace(/[^0-9A-Za-z]/g, '') !== repaired.replace(/[^0-9A-Za-z]/g, '');
}

const FOLDS: ReadonlyArray<[RegExp, string]> = [
  [/ß/g, 'ss'],
  [/ä|ae/g, 'a'],
  [/ö|oe/g, 'o'],
  [/ü|ue/g, 'u'],
];

/**
 * A comparison key for words written with or without umlauts ("Köln", "Koeln", "Koln"
 * all become "koln"); diacritics dropped, punctuation removed, spaces collapsed.
 */
const foldCache = new Map<string, string>();

export function foldForCompare(value: string): string {
  const cached = foldCache.get(value);
  if (cached !== undefined) return cached;
  const folded = fold(value);
  if (foldCache.size > 10_000) foldCache.clear();
  foldCache.set(value, folded);
  return folded;
}

function fold(value: string): string {
  let s = value.toLowerCase();
  for (const [pattern, replacement] of FOLDS) s = s.replace(pattern, replacement);
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
