/**
 * German text normalisation for the classifier.
 *
 * Everything a classifier feature is built from passes through here, so the same
 * word always becomes the same token however it was typed, OCR'd or faxed:
 *  - NFC first, so a decomposed "u + ¨" from a PDF text layer equals a precomposed "ü";
 *  - lower case, umlauts and ß folded (ä→ae, ö→oe, ü→ue, ß→ss), because customers and
 *    OCR write "Kuendigung", "Kündigung" and "Kundigung"-like variants; folding makes the
 *    first two identical and char n-grams bring the third close;
 *  - other diacritics dropped (é→e), so "Café" meets "Cafe";
 *  - words hyphenated at a line end joined again ("Kün-\ndigung" → "kuendigung");
 *  - a lone 0/1 between letters read as o/l (a classic OCR confusion: "H0tline");
 *  - punctuation stripped, digit runs replaced by a placeholder per length (`#num10`),
 *    so customer, invoice and phone numbers never become features of their own (they
 *    would only memorise individual customers) while "there is a 10-digit number" stays visible;
 *  - € and % kept as words, because amounts are a signal for billing letters.
 */

const GERMAN_FOLDS: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** Digit runs longer than this share one placeholder: beyond it the length says nothing more. */
const MAX_NUMBER_LENGTH = 20;

/** Prefix of number placeholders; `#` cannot survive punctuation stripping, so no real word starts with it. */
export const NUMBER_PLACEHOLDER_PREFIX = '#num';

/** The normalised form: folded words and number placeholders separated by single spaces. */
export function normaliseText(text: string): string {
  let s = text.normalize('NFC').toLowerCase();
  // Soft hyphens are invisible in print but split words in text layers.
  s = s.replace(/\u00ad/g, '');
  // A hyphen at a line end between two lower-case letters is a hyphenation, not a compound.
  s = s.replace(/(\p{Ll})-[ \t]*\r?\n\s*(\p{Ll})/gu, '$1$2');
  s = s.replace(/[äöüß]/g, (letter) => GERMAN_FOLDS[letter] ?? letter);
  // Remaining diacritics: decompose and drop the combining marks.
  s = s.normalize('NFD').replace(/\p{M}+/gu, '');
  s = s.replace(/(\p{L})([01])(?=\p{L})/gu, (_match, before: string, digit: string) => before + (digit === '0' ? 'o' : 'l'));
  s = s.replace(/€/g, ' eur ').replace(/%/g, ' prozent ');
  s = s.replace(/[^\p{L}\p{Nd}]+/gu, ' ');
  s = s.replace(/\p{Nd}+/gu, (digits) => ` ${NUMBER_PLACEHOLDER_PREFIX}${Math.min(digits.length, MAX_NUMBER_LENGTH)} `);
  return s.replace(/\s+/g, ' ').trim();
}

/** Tokens of the normalised text (words and number placeholders). */
export function tokenise(text: string): string[] {
  const normalised = normaliseText(text);
  return normalised === '' ? [] : normalised.split(' ');
}

export function isNumberPlaceholder(token: string): boolean {
  return token.startsWith(NUMBER_PLACEHOLDER_PREFIX);
}
