/** The many ways letters write the same value: customer numbers, phone numbers, IBANs, dates and streets. */
import { MONTHS } from '../fixtures/german-format.ts';
import { formatIban } from '../fixtures/iban.ts';
import type { Rng } from '../fixtures/prng.ts';
import type { Phone } from './identity.ts';

export const CUSTOMER_NUMBER_LABELS = ['Kundennummer', 'Kundennr.', 'Kd.-Nr.', 'Kunden-Nr.', 'KdNr.', 'Kd-Nr', 'Kundennummer (KNR)', 'Ihre Kundennummer', 'Kunden-Nummer'];
export const CONTRACT_NUMBER_LABELS = ['Vertragsnummer', 'Vertrags-Nr.', 'Vertragsnr.', 'Vertrag Nr.', 'Auftragsnummer', 'VNR'];

/** 10 digits, mostly compact, sometimes grouped. */
export function writeCustomerNumber(rng: Rng, digits: string): string {
  return rng.pick([
    digits,
    digits,
    digits,
    `${digits.slice(0, 5)} ${digits.slice(5)}`,
    `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`,
    `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8)}`,
    `${digits.slice(0, 5)}-${digits.slice(5)}`,
  ]);
}

function pairs(s: string): string {
  return s.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/**
 * Ways only one kind of number is written: mobiles in groups ("0171 234 56 78", "+49 171-2345678"),
 * landlines with the extension set off (DIN 5008 "0221 55501-23", switchboard "030-123456-0").
 */
function kindNotations(phone: Phone): string[] {
  const { prefix, subscriber } = phone;
  const intl = prefix.slice(1);
  if (phone.mobile) {
    return [
      `${prefix} ${subscriber.slice(0, 3)} ${subscriber.slice(3, 5)} ${subscriber.slice(5)}`,
      `${prefix} - ${subscriber}`,
      `+49 ${intl}-${subscriber}`,
      `+49 ${intl} / ${subscriber.slice(0, 3)} ${subscriber.slice(3)}`,
    ];
  }
  const extension = subscriber.length > 6 ? 2 : 1;
  const base = subscriber.slice(0, -extension);
  const ext = subscriber.slice(-extension);
  return [`${prefix} ${base}-${ext}`, `${prefix}-${base}-${ext}`, `(${prefix}) ${pairs(base)}-${ext}`, `+49 ${intl} ${base}-${ext}`];
}

/** National, DIN 5008, international and old-fashioned notations of one number. */
export function writePhone(rng: Rng, phone: Phone): string {
  const { prefix, subscriber } = phone;
  const intl = prefix.slice(1);
  const split = subscriber.length > 5 ? `${subscriber.slice(0, 3)} ${subscriber.slice(3)}` : subscriber;
  return rng.pick([
    ...kindNotations(phone),
    `${prefix} ${subscriber}`,
    `${prefix} ${subscriber}`,
    `${prefix}/${subscriber}`,
    `${prefix}-${subscriber}`,
    `(${prefix}) ${subscriber}`,
    `${prefix} ${pairs(subscriber)}`,
    `${prefix} / ${split}`,
    `+49 ${intl} ${subscriber}`,
    `+49 (0)${intl} ${subscriber}`,
    `+49 (0) ${intl} ${split}`,
    `0049 ${intl} ${subscriber}`,
    `+49${intl}${subscriber}`,
    `${prefix}${subscriber}`,
  ]);
}

export function writeIban(rng: Rng, iban: string): string {
  const grouped = formatIban(iban);
  return rng.pick([grouped, grouped, grouped, iban, grouped.replace(/ /g, '  '), `${iban.slice(0, 4)} ${iban.slice(4)}`]);
}

/** A date as people write it; `withYear` false gives "zum 31.03." style dates. */
export function writeDate(rng: Rng, d: Date, withYear = true): string {
  const day = d.getUTCDate();
  const month = d.getUTCMonth() + 1;
  const year = d.getUTCFullYear();
  const dd = String(day).padStart(2, '0');
  const mm = String(month).padStart(2, '0');
  if (!withYear) return rng.pick([`${dd}.${mm}.`, `${day}. ${MONTHS[month - 1]}`]);
  return rng.pick([
    `${dd}.${mm}.${year}`,
    `${dd}.${mm}.${year}`,
    `${day}.${month}.${year}`,
    `${dd}.${mm}.${String(year).slice(2)}`,
    `${day}. ${MONTHS[month - 1]} ${year}`,
    `${day}. ${MONTHS[month - 1]} ${year}`,
    `${dd}. ${MONTHS[month - 1]} ${year}`,
  ]);
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "Hauptstraße 5" or "Hauptstr. 5" (abbreviations as written; the truth keeps the full name). */
export function writeStreet(rng: Rng, street: string, houseNumber: string): string {
  const abbreviated = rng.chance(0.25) ? street.replace(/straße$/, 'str.').replace(/Straße$/, 'Str.') : street;
  return `${abbreviated} ${houseNumber}`;
}
