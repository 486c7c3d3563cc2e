/**
 * Our own company as it appears in letters to us (recipient block, "Ihre Hotline …",
 * our bank account on an invoice copy): compiled once from the configuration, then
 * asked whether a name, address, phone number, IBAN or e-mail address is ours.
 */
import { distance } from 'fastest-levenshtein';
import type { CountryCode } from 'libphonenumber-js';
import type { OwnIdentity } from './extraction.config.ts';
import { foldForCompare } from './ocr-repair.ts';
import { normalisePhone } from './phone.normaliser.ts';

export interface CompiledOwnIdentity {
  isOwnName(text: string): boolean;
  /** True when a street/PO-box line is one of ours ("Postfach 10 20 30"). */
  isOwnStreet(street: string): boolean;
  isOwnPostcode(postcode: string): boolean;
  isOwnPhone(e164: string): boolean;
  isOwnIban(iban: string): boolean;
  isOwnEmail(email: string): boolean;
  /** Departments and generic recipient words ("Kundenservice", "Kündigungsabteilung"). */
  isDepartment(text: string): boolean;
}

const LEGAL_SUFFIX = /\b(?:ag|gmbh|se|kg|co|mbh|ohg|ug|e v|ev)\b/g;
const DEPARTMENT =
  /\b(?:kundenservice|kundenbetreuung|kundendienst|k(?:ü|ue|u)ndigungsabteilung|k(?:ü|ue|u)ndigungsservice|abteilung|vertrieb|buchhaltung|rechnungsstelle|beschwerdemanagement|kundencenter|service\s*center|posteingang|zentrale|kundenkommunikation|forderungsmanagement|team\b)/i;

function nameKeys(names: string[]): string[] {
  const keys = new Set<string>();
  for (const name of names) {
    const folded = foldForCompare(name).replace(LEGAL_SUFFIX, '').replace(/\s+/g, ' ').trim();
    if (folded.length >= 4) keys.add(folded);
  }
  return [...keys];
}

function streetKey(street: string): string {
  return foldForCompare(street).replace(/\s+/g, '').replace(/strasse|str$/, 'str');
}

export function compileOwnIdentity(own: OwnIdentity, defaultCountry: CountryCode): CompiledOwnIdentity {
  const keys = nameKeys(own.names);
  const keyWords = keys.map((k) => k.replace(/\s+/g, ''));
  const postcodes = new Set<string>();
  const streets = new Set<string>();
  for (const address of own.addresses) {
    for (const part of address.split(/[,;\n]/)) {
      const p = part.trim();
      const pc = /\b(\d{5})\b/.exec(p);
      if (pc && /^\d{5}\s+\D/.test(p)) postcodes.add(pc[1] as string);
      else if (/\d/.test(p)) streets.add(streetKey(p));
    }
  }
  const phones = new Set<string>();
  for (const phone of own.phones) {
    const n = normalisePhone(phone, defaultCountry);
    if (n) phones.add(n.e164);
  }
  const ibans = new Set(own.ibans.map((i) => i.replace(/\s+/g, '').toUpperCase()));
  const domains = own.emailDomains.map((d) => d.toLowerCase().replace(/^@/, ''));

  const ownNameCache = new Map<string, boolean>();
  const isOwnNameUncached = (text: string): boolean => {
    const folded = foldForCompare(text);
    if (folded === '') return false;
    if (keys.some((k) => folded.includes(k))) return true;
    // OCR-garbled ("Fernmeldewcrk", "Fern meldewerk"): compare words without spaces.
    const squashed = folded.replace(/\s+/g, '');
    for (const key of keyWords) {
      if (key.length < 6) continue;
      if (squashed.includes(key)) return true;
      for (const word of folded.split(' ')) {
        if (Math.abs(word.length - key.length) <= 2 && distance(word, key) <= Math.max(1, Math.floor(key.length / 6))) return true;
      }
    }
    return false;
  };
  return {
    isOwnName(text) {
      let own = ownNameCache.get(text);
      if (own === undefined) {
        own = isOwnNameUncached(text);
        if (ownNameCache.size > 5000) ownNameCache.clear();
        ownNameCache.set(text, own);
      }
      return own;
    },
    isOwnStreet: (street) => streets.has(streetKey(street)),
    isOwnPostcode: (postcode) => postcodes.has(postcode),
    isOwnPhone: (e164) => phones.has(e164),
    isOwnIban: (iban) => ibans.has(iban.replace(/\s+/g, '').toUpperCase()),
    isOwnEmail(email) {
      const domain = email.toLowerCase().split('@')[1] ?? '';
      return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
    },
    isDepartment: (text) => DEPARTMENT.test(text),
  };
}
