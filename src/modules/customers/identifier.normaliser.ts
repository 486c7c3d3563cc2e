import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Compact forms of identifiers, the same for master data and letters:
 * IBAN without spaces in upper case, phone in E.164, e-mail in lower case,
 * contract numbers without separators in upper case.
 */

export function compactIban(value: string | null | undefined): string {
  if (!value) return '';
  return electronicFormatIBAN(value) ?? value.replace(/\s+/g, '').toUpperCase();
}

export function isValidIban(value: string): boolean {
  return isValidIBAN(compactIban(value));
}

/** E.164 ("+492215551234") of a phone number; national numbers are read as German. '' when unreadable. */
export function compactPhone(value: string | null | undefined): string {
  if (!value) return '';
  const parsed = parsePhoneNumberFromString(value, 'DE');
  if (parsed) return parsed.number;
  const digits = value.replace(/[^\d+]/g, '');
  return digits.length >= 6 ? digits : '';
}

/** True for a number written in E.164 ("+" and 7–15 digits) that could exist. */
export function isE164Phone(value: string): boolean {
  if (!/^\+[1-9]\d{6,14}$/.test(value)) return false;
  return parsePhoneNumberFromString(value)?.isPossible() ?? false;
}

export function compactEmail(value: string | null | undefined): string {
  if (!value) return '';
  return value.trim().toLowerCase();
}

export function isPlausibleEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

export function compactContractNumber(value: string | null | undefined): string {
  if (!value) return '';
  return value.replace(/[\s.\-/_]/g, '').toUpperCase();
}

/** Customer number: digits only ("47 1108 1500" → "4711081500"). */
export function compactCustomerNumber(value: string | null | undefined): string {
  if (!value) return '';
  return value.replace(/[\s.\-/]/g, '');
}

/** Characters OCR reads instead of digits. */
const ocrDigitLookalikes: Record<string, string> = {
  O: '0', o: '0', D: '0', Q: '0', I: '1', l: '1', i: '1', '|': '1', '!': '1', Z: '2', z: '2', S: '5', s: '5',
  G: '6', b: '6', T: '7', B: '8', g: '9', q: '9',
};

/**
 * Variants of a customer number as written that could be the real one: the
 * number with letter look-alikes replaced, every single-digit substitution,
 * every adjacent transposition, one digit dropped (11 digits) or added
 * (9 digits). Only variants of the expected length are returned; looking them
 * up in the table keeps the ones that exist.
 */
export function customerNumberVariants(value: string, length = 10): { exact: string; variants: string[] } {
  const exact = compactCustomerNumber(value)
    .split('')
    .map((ch) => ocrDigitLookalikes[ch] ?? ch)
    .join('');
  if (!/^\d+$/.test(exact)) return { exact, variants: [] };
  const variants = new Set<string>();
  if (exact.length === length) {
    for (let index = 0; index < exact.length; index += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        const replaced = exact.slice(0, index) + String(digit) + exact.slice(index + 1);
        variants.add(replaced);
      }
      if (index + 1 < exact.length) {
        variants.add(exact.slice(0, index) + exact[index + 1] + exact[index] + exact.slice(index + 2));
      }
    }
  } else if (exact.length === length + 1) {
    for (let index = 0; index < exact.length; index += 1) variants.add(exact.slice(0, index) + exact.slice(index + 1));
  } else if (exact.length === length - 1) {
    for (let index = 0; index <= exact.length; index += 1) {
      for (let digit = 0; digit <= 9; digit += 1) variants.add(exact.slice(0, index) + String(digit) + exact.slice(index));
    }
  }
  variants.delete(exact);
  return { exact, variants: [...variants] };
}

/** How a stored customer number relates to the one in the letter. */
export function compareCustomerNumbers(written: string, stored: string): 'exact' | 'near' | 'different' {
  const a = compactCustomerNumber(written)
    .split('')
    .map((ch) => ocrDigitLookalikes[ch] ?? ch)
    .join('');
  if (a === stored) return 'exact';
  if (a.length === stored.length) {
    const diffs: number[] = [];
    for (let index = 0; index < a.length; index += 1) if (a[index] !== stored[index]) diffs.push(index);
    if (diffs.length === 1) return 'near';
    if (diffs.length === 2) {
      const [i, j] = diffs as [number, number];
      if (j === i + 1 && a[i] === stored[j] && a[j] === stored[i]) return 'near';
    }
    return 'different';
  }
  const [shorter, longer] = a.length < stored.length ? [a, stored] : [stored, a];
  if (longer.length - shorter.length !== 1) return 'different';
  for (let index = 0; index < longer.length; index += 1) {
    if (longer.slice(0, index) + longer.slice(index + 1) === shorter) return 'near';
  }
  return 'different';
}
