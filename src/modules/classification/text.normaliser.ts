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

/** Digit runs longer than this share one placeholder: beyond it the length says nothing more. */
const MAX_NUMBER_LENGTH = 20;

/** Prefix of number placeholders; `#` cannot survive punctuation stripping, so no real word starts with it. */
export const NUMBER_PLACEHOLDER_PREFIX = '#num';

/** Letters that NFD would decompose (Latin-1 and Latin Extended, combining marks, Latin Extended Additional). */
const MAY_CARRY_DIACRITICS = /[\u00c0-\u024f\u1e00-\u1eff]|\p{M}/u;

/** The normalised form: folded words and number placeholders separated by single spaces. */
export function normaliseText(text: string): string {
  let s = text.normalize('NFC').toLowerCase();
  // Soft hyphens are invisible in print but split words in text layers.
  s = s.replace(/\u00ad/g, '');
  // A hyphen at a line end between two lower-case letters is a hyphenation, not a compound.
  s = s.replace(/(\p{Ll})-[ \t]*\r?\n\s*(\p{Ll})/gu, '$1$2');
  s = s.replaceAll('ä', 'ae').replaceAll('ö', 'oe').replaceAll('ü', 'ue').replaceAll('ß', 'ss');
  // Remaining diacritics: decompose and drop the combining marks (skipped when there are none: NFD is slow).
  if (MAY_CARRY_DIACRITICS.test(s)) s = s.normalize('NFD').replace(/\p{M}+/gu, '');
  s = s.replace(/(\p{L})([01])(?=\p{L})/gu, (_match, before: string, digit: string) => before + (digit === '0' ? 'o' : 'l'));
  s = s.replaceAll('€', ' eur ').replaceAll('%', ' prozent ');
  s = s.replace(/[^\p{L}\p{Nd}]+/gu, ' ');
  s = s.replace(/\p{Nd}+/gu, (digits) => ` ${NUMBER_PLACEHOLDER_PREFIX}${Math.min(digits.length, MAX_NUMBER_LENGTH)} `);
  // Only spaces are left as separators.
  return s.replace(/ {2,}/g, ' ').trim();
}

/** Tokens of the normalised text (words and number placeholders). */
export function tokenise(text: string): string[] {
  const normalised = normaliseText(text);
  return normalised === '' ? [] : normalised.split(' ');
}

export function isNumberPlaceholder(token: string): boolean {
  return token.startsWith(NUMBER_PLACEHOLDER_PREFIX);
}
