/**
 * Text → word shingles for near-duplicate detection. The same letter read twice
 * (fax and post, two scans) differs in OCR slips, hyphenation, line breaks,
 * diacritics and the fax transmission header, so the text is folded to
 * lower-case ASCII word tokens, header lines and one-letter specks dropped,
 * and every run of `size` consecutive tokens hashed to 32 bits.
 */
import { parseFaxHeaderLine } from '../extraction/fax-header.ts';

export const defaultShingleSize = 3;

const FOLD: Readonly<Record<string, string>> = { ä: 'a', ö: 'o', ü: 'u', ß: 'ss', æ: 'ae', œ: 'oe' };

/** Lower-case folded word tokens; a word hyphenated across a line break is joined again. */
export function shingleTokens(text: string): string[] {
  const withoutHeaders = text
    .split(/\r?\n/)
    .filter((line) => !/\d/.test(line) || parseFaxHeaderLine(line) === null)
    .join('\n');
  const folded = withoutHeaders
    .toLowerCase()
    .replace(/[äöüßæœ]/g, (ch) => FOLD[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z])-\s*\n\s*([a-z])/g, '$1$2');
  return (folded.match(/[a-z0-9]+/g) ?? []).filter((token) => token.length > 1);
}

/** FNV-1a over the UTF-16 code units, 32 bits. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i += 1) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The set of hashed `size`-token shingles (a short text shorter than `size` is one shingle). */
export function shingleSet(tokens: readonly string[], size = defaultShingleSize): Set<number> {
  const shingles = new Set<number>();
  if (tokens.length === 0) return shingles;
  if (tokens.length < size) {
    shingles.add(hashString(tokens.join(' ')));
    return shingles;
  }
  for (let i = 0; i + size <= tokens.length; i += 1) shingles.add(hashString(tokens.slice(i, i + size).join(' ')));
  return shingles;
}

/** |A ∩ B| / |A ∪ B|. */
export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const common = intersectionSize(a, b);
  return common / (a.size + b.size - common);
}

/** |A ∩ B| / min(|A|, |B|): one text contained in the other (a cover sheet or header more on one side). */
export function containment(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  const smaller = Math.min(a.size, b.size);
  return smaller === 0 ? 0 : intersectionSize(a, b) / smaller;
}

function intersectionSize(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const value of small) if (large.has(value)) common += 1;
  return common;
}
