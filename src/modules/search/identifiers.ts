/**
 * Identifiers (customer numbers, IBANs, phone and contract numbers) are often
 * written with spaces, dashes or slashes: "DE89 3704 0044 0532 0130 00",
 * "030 / 123 456", "K-2024-0815". The full-text parser would split them into
 * pieces, so we index a compact form beside the text and compact the query the
 * same way: a search for the IBAN with or without spaces finds the letter.
 */
// Groups may be separated by one or two spaces (typed letters often have a double space).
const ibanLike = /\b[A-Z]{2}\d{2}(?:[ ]{0,2}[A-Z0-9]{4}){2,7}(?:[ ]{0,2}[A-Z0-9]{1,4})?\b/gi;
const groupedDigits = /(?<![\w])\+?\d[\d .\-/]{4,28}\d(?![\w])/g;
const alphanumericCode = /\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)+\b/gi;

export function compactIdentifier(value: string): string {
  return value.replace(/[\s.\-/]/g, '').toLowerCase();
}

/** Compact forms of every identifier-looking sequence in a text, deduplicated. */
export function extractIdentifierTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const match of text.matchAll(ibanLike)) {
    const compact = compactIdentifier(match[0]);
    if (compact.length >= 15) tokens.add(compact);
  }
  for (const match of text.matchAll(groupedDigits)) {
    const compact = compactIdentifier(match[0]).replace(/^\+/, '');
    // Only sequences that were actually split; a plain number is already one token.
    if (compact.length >= 5 && /[\s.\-/]/.test(match[0].trim())) tokens.add(compact);
  }
  for (const match of text.matchAll(alphanumericCode)) {
    tokens.add(compactIdentifier(match[0]));
  }
  return [...tokens];
}

/** True when the whole query is one identifier (digits and letters in groups), e.g. an IBAN typed with spaces. */
export function looksLikeIdentifierQuery(query: string): boolean {
  const trimmed = query.trim();
  if (!/\d/.test(trimmed)) return false;
  if (/^[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,4}){2,8}$/i.test(trimmed)) return true;
  return /^\+?[\d][\d .\-/]{3,30}$/.test(trimmed) && /[\s.\-/]/.test(trimmed);
}
