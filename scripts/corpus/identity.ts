/** Who a letter is from: private persons, business customers and law firms, with address, phone and e-mail. */
import type { CityInfo } from '../fixtures/people.ts';
import type { Rng } from '../fixtures/prng.ts';
import { ALL_CITIES, ALL_STREETS, BUSINESS_STREETS, FEMALE_NAMES, LAW_FIRM_PATTERNS, MALE_NAMES, SURNAMES, TRADES } from './names.ts';

export interface Address {
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  areaCode: string;
}

/** A German phone number: prefix with leading 0 (area code or mobile prefix) and subscriber digits. */
export interface Phone {
  prefix: string;
  subscriber: string;
  mobile: boolean;
}

export interface Identity {
  gender: 'f' | 'm';
  firstName: string;
  lastName: string;
  /** Business customers: the company; the person is its contact. */
  company: string | null;
  address: Address;
  phone: Phone;
  email: string;
  birthDate: Date;
}

export interface LawFirm {
  name: string;
  lawyer: string;
  /** 'Rechtsanwalt' or 'Rechtsanwältin'. */
  lawyerTitle: string;
  address: Address;
  email: string;
}

const MOBILE_PREFIXES = ['0151', '0152', '0157', '0160', '0162', '0163', '0170', '0171', '0172', '0175', '0176', '0177', '0178', '0179'];

export function transliterate(s: string): string {
  return s.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue').replace(/ß/g, 'ss');
}

function slug(s: string): string {
  return transliterate(s)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function e164(phone: Phone): string {
  return `+49${phone.prefix.slice(1)}${phone.subscriber}`;
}

/**
 * Subscriber digits after a mobile prefix, as the networks hand them out: 015x numbers have 8
 * (0151 23456789), 0176 mostly 8, the other 016x/017x numbers 7 (0171 2345678, 0160 9876543).
 */
export function mobileSubscriberLength(prefix: string): number {
  return prefix.startsWith('015') || prefix === '0176' ? 8 : 7;
}

export function drawPhone(rng: Rng, areaCode: string, mobile = rng.chance(0.5)): Phone {
  if (mobile) {
    const prefix = rng.pick(MOBILE_PREFIXES);
    // The same random draws as before the lengths followed the prefix, so a seed keeps its letters.
    const drawn = `${rng.int(1, 9)}${rng.digits(rng.pick([6, 7]))}`;
    const length = mobileSubscriberLength(prefix);
    const filler = String([...drawn].reduce((sum, d) => sum + Number(d), 0) % 10);
    return { prefix, subscriber: (drawn + filler).slice(0, length), mobile: true };
  }
  // Area code + subscriber number: 10–11 digits in total, as in the German numbering plan.
  const length = Math.max(4, 11 - areaCode.length + (rng.chance(0.3) ? -1 : 0));
  return { prefix: areaCode, subscriber: `${rng.int(2, 9)}${rng.digits(length - 1)}`, mobile: false };
}

export function drawHouseNumber(rng: Rng): string {
  return `${rng.int(1, 140)}${rng.chance(0.12) ? rng.pick(['a', 'b', 'c']) : ''}`;
}

export function drawAddress(rng: Rng, city: CityInfo = rng.pick(ALL_CITIES), business = false): Address {
  // A town has a range of postcodes.
  const postalCode = String(Number(city.postcode) + rng.int(0, 12)).padStart(5, '0');
  return { street: rng.pick(business ? BUSINESS_STREETS : ALL_STREETS), houseNumber: drawHouseNumber(rng), postalCode, city: city.city, areaCode: city.areaCode };
}

export function drawFirstName(rng: Rng, gender: 'f' | 'm'): string {
  return gender === 'f' ? rng.pick(FEMALE_NAMES) : rng.pick(MALE_NAMES);
}

export interface IdentityOptions {
  lastName?: string;
  firstName?: string;
  gender?: 'f' | 'm';
  address?: Address;
  business?: boolean;
}

export function drawIdentity(rng: Rng, opts: IdentityOptions = {}): Identity {
  const gender = opts.gender ?? (rng.chance(0.5) ? 'f' : 'm');
  const firstName = opts.firstName ?? drawFirstName(rng, gender);
  const lastName = opts.lastName ?? rng.pick(SURNAMES);
  const company = opts.business ? `${rng.pick(SURNAMES)} ${rng.pick(TRADES)}` : null;
  const address = opts.address ?? drawAddress(rng, undefined, opts.business ?? false);
  const phone = drawPhone(rng, address.areaCode, company ? false : undefined);
  const domain = rng.pick(['example.de', 'example.com', 'example.org', 'mail.example', 'web.example']);
  const local = rng.pick([`${firstName}.${lastName}`, `${firstName.charAt(0)}${lastName}`, `${lastName}${rng.int(1, 99)}`]);
  const email = company ? `${rng.pick(['info', 'kontakt', 'buero', slug(firstName)])}@${slug(company.split(' ')[0] ?? 'firma')}.example` : `${slug(local).replace(/-/g, '.')}@${domain}`;
  const birthDate = new Date(Date.UTC(rng.int(1936, 2004), rng.int(0, 11), rng.int(1, 28)));
  return { gender, firstName, lastName, company, address, phone, email, birthDate };
}

export function drawLawFirm(rng: Rng): LawFirm {
  const a = rng.pick(SURNAMES);
  const b = rng.pick(SURNAMES.filter((n) => n !== a));
  const name = rng.pick(LAW_FIRM_PATTERNS).replace('{a}', a).replace('{b}', b);
  const lawyerGender = rng.chance(0.5) ? 'f' : 'm';
  const lawyer = `${rng.chance(0.4) ? 'Dr. ' : ''}${drawFirstName(rng, lawyerGender)} ${a}`;
  const lawyerTitle = lawyerGender === 'f' ? 'Rechtsanwältin' : 'Rechtsanwalt';
  return { name, lawyer, lawyerTitle, address: drawAddress(rng, undefined, true), email: `kanzlei@${slug(a)}-recht.example` };
}
