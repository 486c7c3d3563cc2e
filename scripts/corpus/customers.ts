/**
 * Customer master data for the evaluation set: the true senders, distractor customers that make matching hard
 * (namesakes elsewhere, household members, look-alike surnames) and filler customers, written as the contract's CSV.
 */
import type { Rng } from '../fixtures/prng.ts';
import { drawBankAccount, drawContractNumber, drawCustomerNumber } from './facts.ts';
import { type Address, drawAddress, drawFirstName, drawIdentity, drawPhone, e164, type Identity } from './identity.ts';
import { isoDate } from './notation.ts';
import { ALL_CITIES, SURNAMES, similarSurnames } from './names.ts';

export const CUSTOMER_CSV_HEADER = 'customerNumber,firstName,lastName,company,street,houseNumber,postalCode,city,email,phone,iban,birthDate,contractNumbers';

export interface CustomerRecord {
  customerNumber: string;
  firstName: string;
  lastName: string;
  company: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  email: string;
  /** E.164 */
  phone: string;
  /** Without spaces. */
  iban: string;
  /** YYYY-MM-DD */
  birthDate: string;
  contractNumbers: string[];
}

export type DistractorKind = 'same_surname_other_city' | 'household_member' | 'similar_surname' | 'namesake_other_city';
export const DISTRACTOR_KINDS: readonly DistractorKind[] = ['same_surname_other_city', 'household_member', 'similar_surname', 'namesake_other_city'];

export interface RecordOverrides {
  lastName?: string;
  address?: Address;
  iban?: string;
}

/** Allocates unique customer and contract numbers and collects the records. */
export class CustomerRegistry {
  private readonly records = new Map<string, CustomerRecord>();
  /** Numbers that must not exist (mistyped numbers written in letters). */
  private readonly absent = new Set<string>();
  private readonly contracts = new Set<string>();
  /** Senders who are not customers: no record may look exactly like them. */
  private readonly outsiders: Identity[] = [];

  constructor(private readonly rng: Rng) {}

  get size(): number {
    return this.records.size;
  }

  has(customerNumber: string): boolean {
    return this.records.has(customerNumber);
  }

  get(customerNumber: string): CustomerRecord | undefined {
    return this.records.get(customerNumber);
  }

  private newCustomerNumber(): string {
    for (;;) {
      const n = drawCustomerNumber(this.rng);
      if (!this.records.has(n) && !this.absent.has(n)) return n;
    }
  }

  private newContractNumber(): string {
    for (;;) {
      const c = drawContractNumber(this.rng);
      if (!this.contracts.has(c)) {
        this.contracts.add(c);
        return c;
      }
    }
  }

  /** Would a record for `identity` be indistinguishable from a known sender who is no customer (or vice versa)? */
  conflicts(identity: Identity, candidates: readonly { firstName: string; lastName: string; company: string | null; postalCode: string }[] = this.outsiders.map(flatten)): boolean {
    const me = flatten(identity);
    return candidates.some((o) => (me.company !== null && me.company === o.company) || (o.firstName === me.firstName && o.lastName === me.lastName && o.postalCode === me.postalCode));
  }

  /** Registers a sender who is not a customer; false if an existing record already looks exactly like them. */
  addOutsider(identity: Identity): boolean {
    const records = [...this.records.values()].map((r) => ({ ...r, company: r.company || null }));
    if (this.conflicts(identity, records)) return false;
    this.outsiders.push(identity);
    return true;
  }

  /** A customer record for `identity` (overrides: what the master data says differently from the letter). */
  add(identity: Identity, overrides: RecordOverrides = {}): CustomerRecord {
    const address = overrides.address ?? identity.address;
    const record: CustomerRecord = {
      customerNumber: this.newCustomerNumber(),
      firstName: identity.firstName,
      lastName: overrides.lastName ?? identity.lastName,
      company: identity.company ?? '',
      street: address.street,
      houseNumber: address.houseNumber,
      postalCode: address.postalCode,
      city: address.city,
      email: identity.email,
      phone: e164(identity.phone),
      iban: overrides.iban ?? drawBankAccount(this.rng).iban,
      birthDate: isoDate(identity.birthDate),
      contractNumbers: Array.from({ length: this.rng.pick([1, 1, 1, 2, 2, 3]) }, () => this.newContractNumber()),
    };
    this.records.set(record.customerNumber, record);
    return record;
  }

  /** A mistyped version of `customerNumber` (swapped or changed digit) that belongs to nobody. */
  mistype(customerNumber: string): string {
    for (;;) {
      const digits = [...customerNumber];
      const i = this.rng.int(0, digits.length - 2);
      if (this.rng.chance(0.5)) [digits[i], digits[i + 1]] = [digits[i + 1] as string, digits[i] as string];
      else digits[i + 1] = String((Number(digits[i + 1]) + this.rng.int(1, 9)) % 10);
      const typo = digits.join('');
      if (typo !== customerNumber && typo[0] !== '0' && !this.records.has(typo)) {
        this.absent.add(typo);
        return typo;
      }
    }
  }

  /** A customer that looks like `identity` without being it (none if it would look exactly like an outsider). */
  addDistractor(identity: Identity, kind: DistractorKind): CustomerRecord | null {
    const lookAlike = this.drawLookAlike(identity, kind);
    return this.conflicts(lookAlike) ? null : this.add(lookAlike);
  }

  private drawLookAlike(identity: Identity, kind: DistractorKind): Identity {
    const rng = this.rng;
    const otherCity = () => drawAddress(rng, rng.pick(ALL_CITIES.filter((c) => c.city !== identity.address.city)));
    switch (kind) {
      case 'same_surname_other_city':
        return drawIdentity(rng, { lastName: identity.lastName, address: otherCity() });
      case 'household_member': {
        const gender = rng.chance(0.5) ? 'f' : 'm';
        let firstName = drawFirstName(rng, gender);
        if (firstName === identity.firstName) firstName = drawFirstName(rng, gender === 'f' ? 'm' : 'f');
        const member = drawIdentity(rng, { lastName: identity.lastName, firstName, gender, address: identity.address });
        // Household members often share the landline.
        return rng.chance(0.5) ? { ...member, phone: identity.phone } : member;
      }
      case 'similar_surname': {
        const lookAlikes = similarSurnames(identity.lastName);
        const lastName = lookAlikes.length > 0 ? rng.pick(lookAlikes) : rng.pick(SURNAMES);
        const sameTown = drawAddress(rng, ALL_CITIES.find((c) => c.city === identity.address.city) ?? rng.pick(ALL_CITIES));
        return drawIdentity(rng, { lastName, firstName: rng.chance(0.5) ? identity.firstName : undefined, gender: identity.gender, address: sameTown });
      }
      case 'namesake_other_city':
        return drawIdentity(rng, { lastName: identity.lastName, firstName: identity.firstName, gender: identity.gender, address: otherCity() });
    }
  }

  /** Adds random customers (a few of them businesses) until there are `count` records. */
  fillTo(count: number): void {
    while (this.records.size < count) {
      const identity = drawIdentity(this.rng, { business: this.rng.chance(0.06) });
      if (this.conflicts(identity)) continue;
      this.add(this.rng.chance(0.3) ? { ...identity, phone: drawPhone(this.rng, identity.address.areaCode, true) } : identity);
    }
  }

  /** All records in random order. */
  list(): CustomerRecord[] {
    return this.rng.shuffle([...this.records.values()]);
  }
}

function flatten(identity: Identity): { firstName: string; lastName: string; company: string | null; postalCode: string } {
  return { firstName: identity.firstName, lastName: identity.lastName, company: identity.company, postalCode: identity.address.postalCode };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function customersToCsv(records: readonly CustomerRecord[]): string {
  const rows = records.map((r) =>
    [r.customerNumber, r.firstName, r.lastName, r.company, r.street, r.houseNumber, r.postalCode, r.city, r.email, r.phone, r.iban, r.birthDate, r.contractNumbers.join(';')]
      .map(csvField)
      .join(','),
  );
  return `${[CUSTOMER_CSV_HEADER, ...rows].join('\n')}\n`;
}
