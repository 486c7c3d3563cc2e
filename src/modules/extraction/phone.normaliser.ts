/**
 * Phone numbers as written in German letters ("0221 / 555 01 23", "+49 (0)221 5550123",
 * "0049 171 1234567", "0171-1234567", "(0221) 55 50 12-3") normalised to E.164 with
 * libphonenumber-js; only numbers libphonenumber considers valid are accepted.
 */
import type { CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface NormalisedPhone {
  e164: string;
  country: string | undefined;
  type: 'mobile' | 'fixed' | 'other';
}

/** Strips the national trunk zero written in brackets after a country code: "+49 (0)221" → "+49 221". */
function dropBracketedTrunkZero(raw: string): string {
  return raw.replace(/(\+\d{1,3}|00\d{1,3})\s*\(\s*0\s*\)\s*/, '$1 ');
}

/** E.164 for a written phone number, or null when it is not a valid number. */
export function normalisePhone(raw: string, defaultCountry: CountryCode = 'DE'): NormalisedPhone | null {
  let s = dropBracketedTrunkZero(raw.trim());
  s = s.replace(/^00(?=[1-9])/, '+');
  const compact = s.replace(/[^\d+]/g, '');
  if (compact.replace(/\D/g, '').length < 6 || compact.replace(/\D/g, '').length > 15) return null;
  if (compact.indexOf('+') > 0) return null;
  const parsed = parsePhoneNumberFromString(compact, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  const country = parsed.country;
  const nationalNumber = String(parsed.nationalNumber);
  if (parsed.countryCallingCode === '49') {
    // German mobile ranges 015x, 016x, 017x (getType() is slow and not needed for them).
    return { e164: parsed.number, country, type: /^1[567]/.test(nationalNumber) ? 'mobile' : 'fixed' };
  }
  const type = parsed.getType();
  return { e164: parsed.number, country, type: type === 'MOBILE' ? 'mobile' : type === 'FIXED_LINE' ? 'fixed' : 'other' };
}

/** Same number, however written (for comparing against our own numbers). */
export function samePhone(a: string, b: string, defaultCountry: CountryCode = 'DE'): boolean {
  const na = normalisePhone(a, defaultCountry);
  const nb = normalisePhone(b, defaultCountry);
  return na !== null && nb !== null && na.e164 === nb.e164;
}
