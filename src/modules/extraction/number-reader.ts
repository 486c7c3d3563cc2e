/**
 * Reads the identifier that follows a label: digits grouped by spaces, dots, dashes or
 * slashes ("307 768 5297", "307.768.5297"), with OCR letter/digit confusions repaired
 * only when the repaired value then fits the configured format. Also reads
 * alphanumeric contract numbers ("VN-2024-0815", "V 123456789", "FW-12345678").
 */
import type { IdentifierFormat } from './extraction.config.ts';
import { digitRatio, looksLikeNoisyNumber, repairDigits } from './ocr-repair.ts';

export interface ReadValue {
  value: string;
  raw: string;
  start: number;
  end: number;
  repaired: boolean;
}

/** Words and marks between a label and its value ("Kundennummer lautet: …", "Kd.-Nr. bei Ihnen ist …"). */
const FILLER =
  /(?:[\s:#=()*]|\.(?![0-9])|-(?![0-9])|\b(?:lautet|lauten|lautete|lautend|ist|war|lauteten|sind|nämlich|also|bei|ihnen|nr|nummer|no|die|der|meine|meiner|unsere|unserer|ihre|neue|alte|bisherige|jeweils|ebenfalls|und|oder|lautet)\b)+/iuy;
const MAX_GAP = 48;
const TOKEN = /[0-9A-Za-z|!]+/y;
const DIGIT_SEPARATOR = /(?: ?[.\-/] ?| )(?=[0-9A-Za-z|!])/y;
const ALNUM_SEPARATOR = /(?: ?[-/] ?| )(?=[0-9A-Za-z])/y;

/** Skips filler after a label; returns the offset of the value or -1 when it is too far. */
export function skipFiller(text: string, from: number): number {
  FILLER.lastIndex = from;
  const m = FILLER.exec(text);
  const at = m ? from + m[0].length : from;
  return at - from > MAX_GAP ? -1 : at;
}

/** Reads a (grouped, possibly OCR-garbled) number of the given format starting at `at`. */
/** A short letter prefix some customers write before the digits: "KD-1234567890", "Nr. 1234567890". */
const NUMBER_PREFIX = /(?:kd|knd|k|nr)\s?[-.:]\s?(?=\d)/iy;

export function readNumberAt(text: string, at: number, format: IdentifierFormat): ReadValue | null {
  NUMBER_PREFIX.lastIndex = at;
  const prefix = NUMBER_PREFIX.exec(text);
  if (prefix) at += prefix[0].length;
  let pos = at;
  let compact = '';
  let repairedAny = false;
  let best: ReadValue | null = null;
  for (let tokens = 0; tokens < 8; tokens += 1) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) break;
    const token = m[0];
    if (!looksLikeNoisyNumber(token, tokens === 0 ? 0.5 : 0.4)) break;
    const repaired = repairDigits(token);
    if (repaired !== token) repairedAny = true;
    compact += repaired;
    const end = pos + token.length;
    if (compact.length > format.maxLength) break;
    if (compact.length >= format.minLength && format.pattern.test(compact)) {
      best = { value: compact, raw: text.slice(at, end), start: at, end, repaired: repairedAny };
    }
    DIGIT_SEPARATOR.lastIndex = end;
    const sep = DIGIT_SEPARATOR.exec(text);
    if (!sep) break;
    pos = end + sep[0].length;
  }
  if (!best) return null;
  // A longer digit run glued to the value means it was only a prefix of another number.
  const after = text.charAt(best.end);
  if (/[0-9]/.test(after)) return null;
  return best;
}

/**
 * Reads an alphanumeric identifier (contract number): an optional upper-case letter
 * prefix, then groups of digits and letters joined by dashes, slashes or spaces.
 * Digit groups are OCR-repaired; the value keeps dashes and slashes, drops spaces, upper case.
 */
export function readAlphanumericAt(text: string, at: number, format: IdentifierFormat): ReadValue | null {
  let pos = at;
  let value = '';
  let alnum = 0;
  let repairedAny = false;
  let best: ReadValue | null = null;
  for (let tokens = 0; tokens < 6; tokens += 1) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) break;
    let token = m[0];
    const isPrefix = tokens === 0 && /^[A-Z]{1,4}$/.test(token);
    if (!isPrefix) {
      const lead = /^[A-Z]{0,4}/.exec(token)?.[0] ?? '';
      const rest = token.slice(lead.length);
      if (rest.length === 0) break;
      if (digitRatio(rest) >= 0.6 && looksLikeNoisyNumber(rest, 0.6)) {
        const fixed = repairDigits(rest);
        if (fixed !== rest) repairedAny = true;
        token = lead + fixed;
      } else if (!/[0-9]/.test(rest) || /[a-z]{3}/.test(rest)) {
        break;
      }
      if (tokens > 0 && lead.length > 0 && /[0-9]/.test(value) === false) break;
    }
    const end = pos + m[0].length;
    alnum += token.length;
    if (alnum > format.maxLength) break;
    value += token.toUpperCase();
    const candidate = value;
    if (alnum >= format.minLength && format.pattern.test(candidate)) {
      best = { value: candidate, raw: text.slice(at, end), start: at, end, repaired: repairedAny };
    }
    ALNUM_SEPARATOR.lastIndex = end;
    const sep = ALNUM_SEPARATOR.exec(text);
    if (!sep) break;
    const mark = sep[0].trim();
    // A space only joins a letter prefix to its digits or digit groups of a number.
    if (mark === '' && !(isPrefix || /^[0-9]+$/.test(token))) break;
    if (mark === '-' || mark === '/') value += mark;
    pos = end + sep[0].length;
  }
  if (!best) return null;
  if (/[0-9A-Za-z]/.test(text.charAt(best.end))) return null;
  return best;
}
