/**
 * IBAN validation with OCR repair: the country's BBAN format (from ibantools' country
 * specifications) says which positions must be digits and which letters, so an "O"
 * in a numeric position becomes "0" and a "0" in a bank-code letter position "O" —
 * and the result is accepted only when the mod-97 check then validates.
 */
import { countrySpecs, isValidIBAN } from 'ibantools';
import { repairDigits, repairLetters } from './ocr-repair.ts';

/** Per position: d = digit, a = letter, x = either. */
type PositionClass = 'd' | 'a' | 'x';

const layoutCache = new Map<string, PositionClass[] | null>();

/** Total IBAN length for a country, or undefined when the country has no IBAN. */
export function ibanLength(countryCode: string): number | undefined {
  const spec = countrySpecs[countryCode.toUpperCase()];
  return spec?.chars && spec.bban_regexp ? spec.chars : undefined;
}

/** Position classes of the whole IBAN (country code, check digits, BBAN). */
function layout(countryCode: string): PositionClass[] | null {
  const cached = layoutCache.get(countryCode);
  if (cached !== undefined) return cached;
  const spec = countrySpecs[countryCode];
  let result: PositionClass[] | null = null;
  if (spec?.bban_regexp && spec.chars) {
    const classes: PositionClass[] = ['a', 'a', 'd', 'd'];
    const part = /\[(0-9|A-Z|A-Z0-9|a-z|A-Za-z0-9)\]\{(\d+)\}/g;
    for (let m = part.exec(spec.bban_regexp); m !== null; m = part.exec(spec.bban_regexp)) {
      const cls: PositionClass = m[1] === '0-9' ? 'd' : m[1] === 'A-Z' || m[1] === 'a-z' ? 'a' : 'x';
      for (let k = 0; k < Number(m[2]); k += 1) classes.push(cls);
    }
    result = classes.length === spec.chars ? classes : null;
  }
  layoutCache.set(countryCode, result);
  return result;
}

/** Compact, upper-case form: spaces and separators removed. */
export function compactIban(raw: string): string {
  return raw.replace(/[\s.\-/]/g, '').toUpperCase();
}

export interface IbanCheck {
  iban: string;
  repaired: boolean;
}

/**
 * The valid IBAN a written (possibly OCR-garbled) IBAN stands for, or null. The input
 * must already have the country's length once separators are removed.
 */
export function validateIbanWithRepair(raw: string): IbanCheck | null {
  const compact = raw.replace(/[\s.\-/]/g, '');
  const upper = compact.toUpperCase();
  if (isValidIBAN(upper)) return { iban: upper, repaired: false };
  const country = repairLetters(compact.slice(0, 2));
  const classes = layout(country);
  if (!classes || classes.length !== compact.length) return null;
  let repaired = '';
  for (let i = 0; i < compact.length; i += 1) {
    const ch = compact[i] as string;
    const cls = classes[i];
    if (cls === 'd') repaired += repairDigits(ch);
    else if (cls === 'a') repaired += repairLetters(ch);
    else repaired += ch.toUpperCase();
  }
  repaired = repaired.toUpperCase();
  if (repaired !== upper && isValidIBAN(repaired)) return { iban: repaired, repaired: true };
  return null;
}

/** True for a valid IBAN (any country), spaces allowed. */
export function isValidIban(raw: string): boolean {
  return isValidIBAN(compactIban(raw));
}
