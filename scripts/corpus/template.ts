/**
 * Phrasing templates: `{placeholder}` is replaced by a fact of the letter, `{a|b|c}` by one alternative
 * (alternatives nest and may contain placeholders). Filling records which contract fields the text now states,
 * with their true values, so the evaluation labels know exactly what a perfect extractor would find.
 */
import { endOfMonth, fmtNumeric } from '../fixtures/german-format.ts';
import type { Rng } from '../fixtures/prng.ts';
import type { LetterFacts } from './facts.ts';
import { e164 } from './identity.ts';
import { CONTRACT_NUMBER_LABELS, CUSTOMER_NUMBER_LABELS, isoDate, writeCustomerNumber, writeDate, writeIban, writePhone, writeStreet } from './notation.ts';

export const FIELD_KEYS = [
  'customerNumber', 'contractNumber', 'iban', 'phone', 'firstName', 'lastName', 'company', 'street', 'postalCode', 'city',
  'newStreet', 'newPostalCode', 'newCity', 'desiredDate',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];
export type TrueFields = Partial<Record<FieldKey, string>>;

type Node = string | { placeholder: string } | { options: Node[][] };

/** How each placeholder is written; `this` is the filler of one letter. */
const PLACEHOLDERS: Record<string, (f: Filler) => string> = {
  cn: (f) => f.once('cn', () => writeCustomerNumber(f.rng, f.need(f.facts.customerNumber, 'customerNumber')), 'customerNumber'),
  cnLabel: (f) => f.rng.pick(CUSTOMER_NUMBER_LABELS),
  contract: (f) => f.once('contract', () => f.need(f.facts.contractNumber, 'contractNumber'), 'contractNumber'),
  contractLabel: (f) => f.rng.pick(CONTRACT_NUMBER_LABELS),
  iban: (f) => f.once('iban', () => writeIban(f.rng, f.facts.iban), 'iban'),
  bank: (f) => f.facts.bankName,
  oldBank: (f) => f.facts.oldBankName,
  phone: (f) => f.once('phone', () => writePhone(f.rng, f.facts.customer.phone), 'phone'),
  date: (f) => f.once('date', () => writeDate(f.rng, f.facts.desiredDate, !f.rng.chance(0.08)), 'desiredDate'),
  name: (f) => f.once('name', () => f.writeName()),
  firstName: (f) => f.once('firstName', () => f.facts.customer.firstName, 'firstName'),
  lastName: (f) => f.once('lastName', () => f.facts.customer.lastName, 'lastName'),
  company: (f) => f.once('company', () => f.need(f.facts.customer.company, 'company'), 'company'),
  street: (f) => f.once('street', () => writeStreet(f.rng, f.facts.customer.address.street, f.facts.customer.address.houseNumber), 'street'),
  postalCode: (f) => f.once('postalCode', () => f.facts.customer.address.postalCode, 'postalCode'),
  city: (f) => f.once('city', () => f.facts.customer.address.city, 'city'),
  newStreet: (f) => f.once('newStreet', () => writeStreet(f.rng, f.facts.newAddress.street, f.facts.newAddress.houseNumber), 'newStreet'),
  newPostalCode: (f) => f.once('newPostalCode', () => f.facts.newAddress.postalCode, 'newPostalCode'),
  newCity: (f) => f.once('newCity', () => f.facts.newAddress.city, 'newCity'),
  /** "zum Monatsende" / "zum Quartalsende" as a wish: the end of the letter's month or quarter is the desired date. */
  monthEnd: (f) => f.relativeDate('Monatsende', endOfMonth(f.facts.letterDate, 0)),
  quarterEnd: (f) => f.relativeDate('Quartalsende', endOfMonth(f.facts.letterDate, 2 - (f.facts.letterDate.getUTCMonth() % 3))),
  /** The new city named as a place only ("eine Filiale in …"): not the sender's new address, so no field. */
  siteCity: (f) => f.facts.newAddress.city,
  newAddress: (f) => `${PLACEHOLDERS.newStreet?.(f)}, ${PLACEHOLDERS.newPostalCode?.(f)} ${PLACEHOLDERS.newCity?.(f)}`,
  address: (f) => `${PLACEHOLDERS.street?.(f)}, ${PLACEHOLDERS.postalCode?.(f)} ${PLACEHOLDERS.city?.(f)}`,
  tariff: (f) => f.facts.tariff,
  newTariff: (f) => f.facts.newTariff,
  provider: (f) => f.facts.provider,
  amount: (f) => f.facts.amount,
  expected: (f) => f.facts.expected,
  invoiceMonth: (f) => f.facts.invoiceMonth,
  invoiceNumber: (f) => f.facts.invoiceNumber,
  invoiceDate: (f) => fmtNumeric(f.facts.invoiceDate),
  letterDate: (f) => fmtNumeric(f.facts.letterDate),
  years: (f) => String(f.facts.years),
  device: (f) => f.facts.device,
  partner: (f) => f.facts.partnerFirstName,
  minutes: (f) => String(f.facts.minutes),
  speed: (f) => String(f.facts.speed),
  gb: (f) => String(f.facts.gb),
  price: (f) => f.facts.price,
  previousLastName: (f) => f.facts.previousLastName,
  email: (f) => f.facts.customer.email,
  birthDate: (f) => fmtNumeric(f.facts.customer.birthDate),
  /** "Herr"/"Frau", "Herrn"/"Frau", "unseres Mandanten"/"unserer Mandantin", "Kunde"/"Kundin". */
  herrFrau: (f) => (f.facts.customer.gender === 'f' ? 'Frau' : 'Herr'),
  herrnFrau: (f) => (f.facts.customer.gender === 'f' ? 'Frau' : 'Herrn'),
  client: (f) => (f.facts.customer.gender === 'f' ? 'unserer Mandantin' : 'unseres Mandanten'),
  kunde: (f) => (f.facts.customer.gender === 'f' ? 'Kundin' : 'Kunde'),
  firm: (f) => f.rng.pick(['Fernmeldewerk', 'Fernmeldewerk AG', 'Fernmeldewerk', 'FMW']),
};

export const PLACEHOLDER_NAMES: readonly string[] = Object.keys(PLACEHOLDERS);

const astCache = new Map<string, Node[]>();

function parse(template: string): Node[] {
  const cached = astCache.get(template);
  if (cached) return cached;
  let pos = 0;
  const sequence = (nested: boolean): Node[] => {
    const nodes: Node[] = [];
    let literal = '';
    while (pos < template.length) {
      const ch = template[pos] as string;
      if (nested && (ch === '|' || ch === '}')) break;
      if (ch === '{') {
        if (literal) nodes.push(literal);
        literal = '';
        pos++;
        nodes.push(group());
        continue;
      }
      literal += ch;
      pos++;
    }
    if (literal) nodes.push(literal);
    return nodes;
  };
  const group = (): Node => {
    const start = pos;
    const options: Node[][] = [sequence(true)];
    while (template[pos] === '|') {
      pos++;
      options.push(sequence(true));
    }
    if (template[pos] !== '}') throw new Error(`unclosed "{" in template: ${template}`);
    pos++;
    const raw = template.slice(start, pos - 1);
    if (options.length === 1 && /^[A-Za-z]+$/.test(raw)) {
      if (!(raw in PLACEHOLDERS)) throw new Error(`unknown placeholder {${raw}} in template: ${template}`);
      return { placeholder: raw };
    }
    return { options };
  };
  const nodes = sequence(false);
  astCache.set(template, nodes);
  return nodes;
}

/** Placeholders the template may use (in any alternative). */
export function placeholdersOf(template: string): Set<string> {
  const out = new Set<string>();
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      if (typeof n === 'string') continue;
      if ('placeholder' in n) out.add(n.placeholder);
      else n.options.forEach(walk);
    }
  };
  walk(parse(template));
  return out;
}

/** Every wording the template can produce (alternatives expanded), with each placeholder written as `§`. */
export function skeletons(template: string): string[] {
  const expand = (nodes: Node[]): string[] =>
    nodes.reduce<string[]>(
      (prefixes, n) => {
        const parts = typeof n === 'string' ? [n] : 'placeholder' in n ? ['§'] : n.options.flatMap(expand);
        return prefixes.flatMap((p) => parts.map((part) => p + part));
      },
      [''],
    );
  return expand(parse(template));
}

/** The literal runs of a template (text between braces, and inside alternatives), trimmed. */
export function literalFragments(template: string): string[] {
  const out: string[] = [];
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      if (typeof n === 'string') out.push(n.trim());
      else if ('options' in n) n.options.forEach(walk);
    }
  };
  walk(parse(template));
  return out.filter((s) => s.length > 0);
}

/** Fills the templates of one letter, writing each value consistently and recording the fields it states. */
export class Filler {
  readonly fields: TrueFields = {};
  private readonly written = new Map<string, string>();

  constructor(
    readonly rng: Rng,
    readonly facts: LetterFacts,
    /** Applied to literal template text only, so typos never corrupt a true field value. */
    private readonly literalNoise: (s: string) => string = (s) => s,
  ) {}

  fill(template: string): string {
    const render = (nodes: Node[]): string =>
      nodes
        .map((n) => {
          if (typeof n === 'string') return this.literalNoise(n);
          if ('placeholder' in n) return (PLACEHOLDERS[n.placeholder] as (f: Filler) => string)(this);
          return render(this.rng.pick(n.options));
        })
        .join('');
    return render(parse(template));
  }

  /** The value of `key`, written the same way every time it occurs in this letter; records `field` as stated. */
  once(key: string, write: () => string, field?: FieldKey): string {
    let text = this.written.get(key);
    if (text === undefined) {
      text = write();
      this.written.set(key, text);
    }
    if (field) this.record(field);
    return text;
  }

  record(field: FieldKey): void {
    const f = this.facts;
    const c = f.customer;
    const values: Record<FieldKey, string | null> = {
      customerNumber: f.customerNumber,
      contractNumber: f.contractNumber,
      iban: f.iban,
      phone: e164(c.phone),
      firstName: c.firstName,
      lastName: c.lastName,
      company: c.company,
      street: `${c.address.street} ${c.address.houseNumber}`,
      postalCode: c.address.postalCode,
      city: c.address.city,
      newStreet: `${f.newAddress.street} ${f.newAddress.houseNumber}`,
      newPostalCode: f.newAddress.postalCode,
      newCity: f.newAddress.city,
      desiredDate: isoDate(f.desiredDate),
    };
    const value = values[field];
    if (value !== null) this.fields[field] = value;
  }

  /** A date written relative to the letter ("Monatsende"): its words, with the day it means as the desired date. */
  relativeDate(words: string, date: Date): string {
    this.fields.desiredDate = isoDate(date);
    return words;
  }

  need<T>(value: T | null, what: string): T {
    if (value === null) throw new Error(`template needs ${what}, but the letter has none`);
    return value;
  }

  /** The customer's name: usually in full, sometimes with the first name abbreviated or surname first. */
  writeName(): string {
    const c = this.facts.customer;
    const form = this.rng.int(0, 9);
    this.record('lastName');
    if (form === 0) return `${c.firstName.charAt(0)}. ${c.lastName}`;
    this.record('firstName');
    if (form === 1) return `${c.lastName}, ${c.firstName}`;
    return `${c.firstName} ${c.lastName}`;
  }
}
