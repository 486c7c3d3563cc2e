import type { Kysely } from 'kysely';
import { compareCustomerNumbers, compactContractNumber, compactEmail, compactIban, compactPhone, customerNumberVariants } from '../customers/identifier.normaliser.ts';
import { koelnerPhonetik } from '../customers/koelner-phonetik.ts';
import { cityHead, cityKey, compareHouseNumbers, firstNameParts, houseNumberKey, nameKey, splitStreet, streetKey } from '../customers/name.normaliser.ts';
import { createCustomersRepository, type CandidateProbe } from '../customers/customers.repository.ts';
import type { CustomerMatchRow } from '../customers/customers.types.ts';
import type { Database } from '../database/database.types.ts';
import type { ExtractedFields } from '../extraction/extraction.types.ts';
import {
  compareBirthDates,
  compareCities,
  compareCompanies,
  compareFirstNames,
  compareLastNames,
  comparePostalCodes,
  compareStreets,
  sameCompanyName,
} from './match.comparators.ts';
import { resolveMatchConfig, weightOf, type MatchConfig, type MatchConfigOverrides, type MU } from './match.config.ts';

/**
 * Finds the customer a letter is from: candidates from exact identifiers and
 * fuzzy name/address (one database query), Fellegi–Sunter scoring
 * (match.config.ts), then conservative decision rules — a wrong automatic
 * assignment is far worse than asking a clerk:
 *
 *  auto when
 *   (a) a strong identifier (customer number, contract number, IBAN) agrees
 *       exactly, at least one personal attribute (last name, company, street,
 *       postcode, birth date) agrees, and there is no strong conflict; or
 *   (b) full name (last + first name, or company) and full address (street,
 *       house number and postcode — or city when the letter has no postcode)
 *       agree and there is no strong conflict; or
 *   (c) two identifiers of the customer agree, one of them strong (e.g.
 *       customer number + e-mail, customer + contract number); or
 *   (d) a phone number or e-mail address agrees with the full name, or with
 *       surname + fitting initial + full address (phone/e-mail/address alone
 *       are shared within a household, so they never suffice);
 *   and in both cases no other candidate within `ambiguityMarginBits` and a
 *   posterior ≥ `autoMinProbability`.
 *  Strong conflicts: last name, first name or birth date differ; a strong
 *  identifier in the letter belongs to another customer (the number says A,
 *  the name says B); another candidate fits name and address clearly better
 *  (when the candidate's full name agrees, only a competitor whose full name
 *  agrees too counts — an address-only advantage is a move or a relative).
 *  A "person name" that is exactly the customer's company name is read as the
 *  company (business signatures the extractor took for first + last name).
 *  suggested when some candidate is plausible or an identifier points to it;
 *  none otherwise.
 *
 * With the flag `written_on_behalf` (a lawyer or carer writes), the letter's
 * sender channel (e-mail, fax number, company letterhead) belongs to the
 * representative and is ignored, and address or phone disagreements count 0
 * (the address may be the representative's); the represented person's name,
 * numbers and any agreeing address still count.
 */

export type MatchStatus = 'auto' | 'suggested' | 'none';

export interface MatchInput {
  tenantId: string;
  fields: ExtractedFields;
  /** From the e-mail envelope. */
  senderEmail?: string;
  /** The sending number from a fax header. */
  faxNumber?: string;
  /** Extraction flags, e.g. 'written_on_behalf'. */
  flags?: string[];
}

export interface MatchCandidate {
  customerNumber: string;
  /** Total Fellegi–Sunter weight in bits. */
  score: number;
  /** Posterior that the letter is from this customer (among the candidates and "none of them"). */
  probability: number;
  agreements: string[];
  conflicts: string[];
}

export interface MatchResult {
  status: MatchStatus;
  /** Set only for auto. */
  customerNumber: string | null;
  /** auto / suggested: posterior of the top candidate; none: posterior that none of the candidates wrote. */
  confidence: number;
  candidates: MatchCandidate[];
  explanation: string;
}

export interface CustomerMatcher {
  match(input: MatchInput): Promise<MatchResult>;
}

type Attribute =
  | 'customerNumber' | 'contractNumber' | 'iban' | 'phone' | 'fax' | 'email' | 'senderEmail'
  | 'lastName' | 'firstName' | 'company' | 'postalCode' | 'street' | 'houseNumber' | 'city' | 'birthDate';

const identifierAttributes = new Set<Attribute>(['customerNumber', 'contractNumber', 'iban', 'phone', 'fax', 'email', 'senderEmail']);

interface Comparison {
  attribute: Attribute;
  level: string;
  weight: number;
  text: string;
}

interface LetterAddress {
  postalCode: string;
  cityKey: string;
  cityHead: string;
  cityRaw: string;
  streetKey: string;
  streetRaw: string;
  houseNumber: string;
}

interface Letter {
  customerNumber: string;
  customerNumberVariants: string[];
  contractNumber: string;
  iban: string;
  phone: string;
  fax: string;
  email: string;
  senderEmail: string;
  lastName: { key: string; phonetic: string; raw: string };
  firstName: ReturnType<typeof firstNameParts> & { phonetic: string; raw: string };
  company: { key: string; raw: string };
  addresses: LetterAddress[];
  birthDate: string;
  onBehalf: boolean;
}

interface Scored {
  customer: CustomerMatchRow;
  comparisons: Comparison[];
  score: number;
  personalScore: number;
  probability: number;
  levels: Partial<Record<Attribute, string>>;
}

const show = (letter: string, customer: string | null | undefined): string =>
  customer && letter.trim() !== customer.trim() ? ` (${letter.trim()}/${customer.trim()})` : '';

function readLetter(input: MatchInput): Letter {
  const fields = input.fields;
  const onBehalf = (input.flags ?? []).includes('written_on_behalf');
  const numbers = fields.customerNumber ? customerNumberVariants(fields.customerNumber) : { exact: '', variants: [] };
  const lastKey = nameKey(fields.lastName);
  // "K. Wagner": the extractor gives the initial apart from the first name (it is none for the contract).
  const firstRaw = fields.firstName ?? fields.firstNameInitial;
  const first = firstNameParts(firstRaw);
  const addresses: LetterAddress[] = [];
  const addAddress = (street: string | undefined, postalCode: string | undefined, city: string | undefined) => {
    const split = splitStreet(street);
    const address: LetterAddress = {
      postalCode: (postalCode ?? '').replace(/\s+/g, ''),
      cityKey: cityKey(city),
      cityHead: cityHead(city),
      cityRaw: city ?? '',
      streetKey: streetKey(split.street),
      streetRaw: split.street,
      houseNumber: houseNumberKey(split.houseNumber),
    };
    if (address.postalCode || address.cityKey || address.streetKey) addresses.push(address);
  };
  addAddress(fields.street, fields.postalCode, fields.city);
  // A change-of-address letter: the master data may hold either address.
  if (fields.newStreet || fields.newPostalCode || fields.newCity) addAddress(fields.newStreet, fields.newPostalCode, fields.newCity);
  return {
    customerNumber: numbers.exact,
    customerNumberVariants: numbers.variants,
    contractNumber: compactContractNumber(fields.contractNumber),
    iban: compactIban(fields.iban),
    // A "phone number" the extractor read from the fax header is the sending machine's: it counts as the fax signal only.
    phone: !onBehalf && compactPhone(fields.phone) === compactPhone(input.faxNumber) ? '' : compactPhone(fields.phone),
    fax: onBehalf ? '' : compactPhone(input.faxNumber),
    email: compactEmail(fields.email),
    senderEmail: onBehalf ? '' : compactEmail(input.senderEmail),
    lastName: { key: lastKey, phonetic: koelnerPhonetik(lastKey), raw: fields.lastName ?? '' },
    firstName: { ...first, phonetic: first.initialsOnly ? '' : koelnerPhonetik(first.key), raw: firstRaw ?? '' },
    company: onBehalf ? { key: '', raw: '' } : { key: nameKey(fields.company), raw: fields.company ?? '' },
    addresses,
    birthDate: /^\d{4}-\d{2}-\d{2}$/.test(fields.birthDate ?? '') ? (fields.birthDate as string) : '',
    onBehalf,
  };
}

function probeFor(letter: Letter, config: MatchConfig): CandidateProbe {
  const validNumber = /^\d{9,11}$/.test(letter.customerNumber);
  return {
    customerNumbers: validNumber ? [letter.customerNumber, ...letter.customerNumberVariants] : [],
    contractNumbers: letter.contractNumber ? [letter.contractNumber] : [],
    ibans: letter.iban ? [letter.iban] : [],
    phones: [letter.phone, letter.fax].filter((value) => value.length > 0),
    emails: [letter.email, letter.senderEmail].filter((value) => value.length > 0),
    lastNameFolded: letter.lastName.key || null,
    lastNamePhonetic: letter.lastName.phonetic || null,
    firstNamePhonetic: letter.firstName.phonetic || null,
    companyFolded: letter.company.key || null,
    addresses: letter.addresses.map((address) => ({
      postalCode: address.postalCode || null,
      cityFolded: address.cityKey || null,
      streetNormalised: address.streetKey || null,
    })),
    limitPerSource: config.candidatesPerSource,
  };
}

/** Address comparisons for one letter address, conditioned postcode → street → house number. */
function compareAddress(address: LetterAddress, customer: CustomerMatchRow, config: MatchConfig): Comparison[] {
  const w = config.weights;
  const out: Comparison[] = [];
  let postcodeAgrees = false;
  if (address.postalCode && customer.postalCode) {
    const level = comparePostalCodes(address.postalCode, customer.postalCode);
    postcodeAgrees = level === 'exact';
    const text = {
      exact: 'Postleitzahl stimmt überein',
      partial: `Postleitzahl weicht um eine Ziffer ab${show(address.postalCode, customer.postalCode)}`,
      different: `Postleitzahl weicht ab${show(address.postalCode, customer.postalCode)}`,
    }[level];
    out.push({ attribute: 'postalCode', level, weight: weightOf(w.postalCode[level]), text });
  }
  if (address.cityKey && customer.cityFolded) {
    const level = compareCities({ key: address.cityKey, head: address.cityHead }, { key: customer.cityFolded, head: cityHead(customer.city) });
    const text = {
      exact: `Ort stimmt überein${show(address.cityRaw, customer.city)}`,
      partial: `Ort teilweise gleich${show(address.cityRaw, customer.city)}`,
      different: `Ort weicht ab${show(address.cityRaw, customer.city)}`,
    }[level];
    const mu: MU = postcodeAgrees ? (level === 'different' ? w.cityWithPostcode.different : w.cityWithPostcode.exact) : w.city[level];
    out.push({ attribute: 'city', level, weight: weightOf(mu), text });
  }
  if (address.streetKey && customer.streetNormalised) {
    const level = compareStreets(address.streetKey, customer.streetNormalised);
    const table = postcodeAgrees ? w.streetInPostcode : w.street;
    const text = {
      exact: `Straße stimmt überein${show(address.streetRaw, customer.street)}`,
      fuzzy: `Straße ähnlich${show(address.streetRaw, customer.street)}`,
      different: `Straße weicht ab${show(address.streetRaw, customer.street)}`,
    }[level];
    out.push({ attribute: 'street', level, weight: weightOf(table[level]), text });
    if (level !== 'different' && address.houseNumber && customer.houseNumberNormalised) {
      const house = compareHouseNumbers(address.houseNumber, customer.houseNumberNormalised);
      const houseText = {
        exact: 'Hausnummer stimmt überein',
        partial: `Hausnummer teilweise gleich${show(address.houseNumber, customer.houseNumber)}`,
        different: `Hausnummer weicht ab${show(address.houseNumber, customer.houseNumber)}`,
      }[house];
      out.push({ attribute: 'houseNumber', level: house, weight: weightOf(w.houseNumber[house]), text: houseText });
    }
  }
  return out;
}

function compareCustomer(letter: Letter, customer: CustomerMatchRow, config: MatchConfig): Comparison[] {
  const w = config.weights;
  const out: Comparison[] = [];
  const add = (attribute: Attribute, level: string, mu: MU, text: string) => out.push({ attribute, level, weight: weightOf(mu), text });

  // Only something shaped like a customer number (10 digits, or one digit more or less) is compared.
  if (/^\d{9,11}$/.test(letter.customerNumber)) {
    const level = compareCustomerNumbers(letter.customerNumber, customer.customerNumber);
    const text = {
      exact: 'Kundennummer stimmt überein',
      near: `Kundennummer weicht um eine Ziffer ab${show(letter.customerNumber, customer.customerNumber)}`,
      different: `Kundennummer weicht ab${show(letter.customerNumber, customer.customerNumber)}`,
    }[level];
    add('customerNumber', level, w.customerNumber[level], text);
  }
  if (letter.contractNumber && customer.contractNumbersCompact.length > 0) {
    const level = customer.contractNumbersCompact.includes(letter.contractNumber) ? 'exact' : 'different';
    add('contractNumber', level, w.contractNumber[level], level === 'exact' ? 'Vertragsnummer stimmt überein' : 'Vertragsnummer gehört nicht zu diesem Kunden');
  }
  if (letter.iban && customer.ibanCompact) {
    const level = letter.iban === customer.ibanCompact ? 'exact' : 'different';
    add('iban', level, w.iban[level], level === 'exact' ? 'IBAN stimmt überein' : 'IBAN weicht ab');
  }
  if (customer.phoneCompact) {
    if (letter.phone) {
      const level = letter.phone === customer.phoneCompact ? 'exact' : 'different';
      const mu = level === 'different' && letter.onBehalf ? { m: 1, u: 1 } : w.phone[level];
      add('phone', level, mu, level === 'exact' ? 'Telefonnummer stimmt überein' : 'Telefonnummer weicht ab');
    }
    // A fax header names the sending machine: agreement counts, a different machine says little.
    // Company machines are shared by colleagues and the station id is typed in by hand, so the
    // fax number weighs less than a personal phone number (m halved, u twenty times higher).
    if (letter.fax && letter.fax === customer.phoneCompact && letter.fax !== letter.phone) {
      add('fax', 'exact', { m: w.phone.exact.m / 2, u: Math.min(1, w.phone.exact.u * 20) }, 'Faxkennung stimmt mit der Telefonnummer überein');
    }
  }
  if (customer.emailNormalised) {
    if (letter.email) {
      const level = letter.email === customer.emailNormalised ? 'exact' : 'different';
      const mu = level === 'different' && letter.onBehalf ? { m: 1, u: 1 } : w.email[level];
      add('email', level, mu, level === 'exact' ? 'E-Mail-Adresse stimmt überein' : 'E-Mail-Adresse weicht ab');
    }
    // People write from several addresses: a known sender counts, an unknown one does not.
    if (letter.senderEmail && letter.senderEmail === customer.emailNormalised && letter.senderEmail !== letter.email) {
      add('senderEmail', 'exact', w.email.exact, 'Absender-E-Mail stimmt überein');
    }
  }
  // A business letter whose signature the extractor read as a person ("Vogt Versicherungsbüro" →
  // first name Vogt, last name Versicherungsbüro): when first + last name together are exactly the
  // customer's company name, the company agrees and the person-name comparisons do not apply.
  const nameIsCompany =
    !letter.company.key &&
    !!customer.companyFolded &&
    !!letter.lastName.key &&
    !!letter.firstName.key &&
    !letter.firstName.initialsOnly &&
    sameCompanyName(`${letter.firstName.key} ${letter.lastName.key}`, customer.companyFolded);
  if (nameIsCompany) {
    add('company', 'exact', w.company.exact, `Firma stimmt überein${show(`${letter.firstName.raw} ${letter.lastName.raw}`, customer.company)}`);
  }
  if (!nameIsCompany && letter.lastName.key && customer.lastNameFolded) {
    const level = compareLastNames(letter.lastName, { key: customer.lastNameFolded, phonetic: customer.lastNamePhonetic ?? '' });
    const pair = show(letter.lastName.raw, customer.lastName);
    const text = {
      exact: `Nachname stimmt überein${pair}`,
      fuzzy: `Nachname ähnlich${pair}`,
      partial: `Nachname teilweise gleich${pair}`,
      phonetic: `Nachname klingt gleich${pair}`,
      different: `Nachname weicht ab${pair}`,
    }[level];
    add('lastName', level, w.lastName[level], text);
  }
  if (!nameIsCompany && letter.firstName.key && customer.firstNameFolded) {
    const customerFirst = { ...firstNameParts(customer.firstName), phonetic: customer.firstNamePhonetic ?? '' };
    const level = compareFirstNames(letter.firstName, customerFirst);
    const pair = show(letter.firstName.raw, customer.firstName);
    const text = {
      exact: `Vorname stimmt überein${pair}`,
      fuzzy: `Vorname ähnlich${pair}`,
      partial: `Vorname teilweise gleich${pair}`,
      initial: `Initiale passt zum Vornamen${pair}`,
      phonetic: `Vorname klingt gleich${pair}`,
      different: `Vorname weicht ab${pair}`,
    }[level];
    add('firstName', level, w.firstName[level], text);
  }
  if (letter.company.key && customer.companyFolded) {
    const level = compareCompanies(letter.company.key, customer.companyFolded);
    const pair = show(letter.company.raw, customer.company);
    add('company', level, w.company[level], level === 'exact' ? `Firma stimmt überein${pair}` : `Firma weicht ab${pair}`);
  }
  if (letter.birthDate && customer.birthDate) {
    const level = compareBirthDates(letter.birthDate, customer.birthDate);
    const text = { exact: 'Geburtsdatum stimmt überein', partial: 'Geburtsdatum fast gleich', different: 'Geburtsdatum weicht ab' }[level];
    add('birthDate', level, w.birthDate[level], text);
  }

  // The letter's address that fits best (old or new address of a change-of-address letter).
  let best: Comparison[] = [];
  let bestWeight = -Infinity;
  for (const address of letter.addresses) {
    const comparisons = compareAddress(address, customer, config).map((comparison) =>
      // A representative's letterhead address says nothing against the client.
      letter.onBehalf && comparison.weight < 0 ? { ...comparison, weight: 0 } : comparison,
    );
    const total = comparisons.reduce((sum, comparison) => sum + comparison.weight, 0);
    if (total > bestWeight) {
      best = comparisons;
      bestWeight = total;
    }
  }
  out.push(...best);
  return out;
}

const agreesOn = (levels: Partial<Record<Attribute, string>>, attribute: Attribute, accepted: string[]): boolean =>
  accepted.includes(levels[attribute] ?? '');

/** Last and first name (exact or one slip), or the company name. */
const hasFullName = (levels: Partial<Record<Attribute, string>>): boolean =>
  (agreesOn(levels, 'lastName', ['exact', 'fuzzy']) && agreesOn(levels, 'firstName', ['exact', 'fuzzy'])) || agreesOn(levels, 'company', ['exact']);

/**
 * Contact identifiers (phone number, e-mail in the letter or envelope) that agree exactly; the
 * fax header's number only when `withFax` (it names a machine, maybe a shared one, not a person).
 */
const contactHits = (levels: Partial<Record<Attribute, string>>, withFax = false): string[] => {
  const hits: string[] = [];
  if (levels.phone === 'exact' || (withFax && levels.fax === 'exact')) hits.push(levels.phone === 'exact' ? 'Telefonnummer' : 'Faxkennung');
  if (levels.email === 'exact' || levels.senderEmail === 'exact') hits.push('E-Mail-Adresse');
  return hits;
};

function score(letter: Letter, customer: CustomerMatchRow, config: MatchConfig): Omit<Scored, 'probability'> {
  const comparisons = compareCustomer(letter, customer, config);
  const levels: Partial<Record<Attribute, string>> = {};
  for (const comparison of comparisons) levels[comparison.attribute] = comparison.level;
  let total = comparisons.reduce((sum, comparison) => sum + comparison.weight, 0);
  let personal = comparisons.filter((comparison) => !identifierAttributes.has(comparison.attribute)).reduce((sum, comparison) => sum + comparison.weight, 0);
  // Surname and street agreeing together are partly the same evidence (relatives live together).
  const locationAgrees = levels.postalCode === 'exact' || (levels.postalCode === undefined && agreesOn(levels, 'city', ['exact']));
  if (agreesOn(levels, 'lastName', ['exact', 'fuzzy', 'partial']) && agreesOn(levels, 'street', ['exact', 'fuzzy']) && locationAgrees) {
    total -= config.householdDependenceBits;
    personal -= config.householdDependenceBits;
  }
  return { customer, comparisons, score: total, personalScore: personal, levels };
}

/** Posterior per candidate over "candidate i wrote" vs "none of them": softmax with the prior as the none option. */
function posteriors(scores: number[], prior: number): { each: number[]; none: number } {
  const logits = scores.map((value) => value + prior);
  const max = Math.max(0, ...logits);
  const exps = logits.map((value) => 2 ** (value - max));
  const noneExp = 2 ** (0 - max);
  const sum = exps.reduce((a, b) => a + b, noneExp);
  return { each: exps.map((value) => value / sum), none: noneExp / sum };
}

const strongIdentifierNames: Record<string, string> = { customerNumber: 'Kundennummer', contractNumber: 'Vertragsnummer', iban: 'IBAN' };

/** Strong conflicts that forbid automatic assignment to `candidate`. */
function strongConflicts(candidate: Scored, all: Scored[], config: MatchConfig): string[] {
  const conflicts: string[] = [];
  const { levels } = candidate;
  if (levels.lastName === 'different') conflicts.push('Nachname widerspricht');
  if (levels.firstName === 'different') conflicts.push('Vorname widerspricht');
  if (levels.birthDate === 'different') conflicts.push('Geburtsdatum widerspricht');
  for (const identifier of config.strongIdentifiers) {
    const holders = all.filter((other) => other.levels[identifier] === 'exact');
    const elsewhere = holders.filter((other) => other !== candidate);
    if (holders.length > 0 && !holders.includes(candidate)) {
      conflicts.push(`${strongIdentifierNames[identifier] ?? identifier} gehört zu Kunde ${elsewhere.map((other) => other.customer.customerNumber).join(', ')}`);
    }
  }
  // A competitor "fits better" only on the same kind of evidence: when the candidate's full name agrees,
  // a competitor whose advantage is the address alone (no full name of its own — a household member
  // with another first name, a company at the letter's new address) is where the writer lives or
  // moved to, not who wrote.
  const candidateNamed = hasFullName(levels);
  const better = all.find(
    (other) =>
      other !== candidate &&
      other.personalScore >= config.conflictMinPersonalBits &&
      other.personalScore >= candidate.personalScore + config.conflictMarginBits &&
      (!candidateNamed || hasFullName(other.levels)),
  );
  if (better) conflicts.push(`Name und Anschrift passen besser zu Kunde ${better.customer.customerNumber}`);
  return conflicts;
}

function decideAuto(best: Scored, all: Scored[], config: MatchConfig): { auto: boolean; rule: string; blockers: string[] } {
  const { levels } = best;
  const strongHit = config.strongIdentifiers.filter((identifier) => levels[identifier] === 'exact');
  const personalAgreement =
    agreesOn(levels, 'lastName', ['exact', 'fuzzy', 'partial']) ||
    agreesOn(levels, 'company', ['exact']) ||
    agreesOn(levels, 'street', ['exact', 'fuzzy']) ||
    agreesOn(levels, 'postalCode', ['exact']) ||
    agreesOn(levels, 'birthDate', ['exact']);
  const fullName = hasFullName(levels);
  const contacts = contactHits(levels);
  // Last name with a first name or just its initial ("M. Schwarz") that fits.
  const surnameWithInitial = agreesOn(levels, 'lastName', ['exact', 'fuzzy']) && agreesOn(levels, 'firstName', ['exact', 'fuzzy', 'initial']);
  const fullAddress =
    agreesOn(levels, 'street', ['exact', 'fuzzy']) &&
    agreesOn(levels, 'houseNumber', ['exact']) &&
    (levels.postalCode === 'exact' || (levels.postalCode === undefined && levels.city === 'exact'));

  let rule = '';
  if (strongHit.length > 0 && personalAgreement) rule = `${strongHit.map((identifier) => strongIdentifierNames[identifier]).join(' und ')} mit Name oder Anschrift`;
  else if (fullName && fullAddress) rule = 'vollständiger Name und vollständige Anschrift';
  // Two independent identifiers of the same customer, one of them strong (customer and contract
  // number, customer number and e-mail address, …).
  else if (strongHit.length > 0 && strongHit.length + contacts.length >= 2)
    rule = `${[...strongHit.map((identifier) => strongIdentifierNames[identifier]), ...contacts].join(' und ')} stimmen überein`;
  // A phone number or e-mail address (u ≈ 1e-5) of the customer together with the full name.
  // The fax number counts here only: the full name tells colleagues on one machine apart.
  else if (contactHits(levels, true).length > 0 && fullName) rule = `${contactHits(levels, true).join(' und ')} mit vollständigem Namen`;
  // … or with surname, matching initial and full address (the initial tells household members apart).
  else if (contacts.length > 0 && surnameWithInitial && fullAddress) rule = `${contacts.join(' und ')} mit Nachname, Initiale und vollständiger Anschrift`;

  const blockers = strongConflicts(best, all, config);
  const runnerUp = all.find((other) => other !== best && other.score >= best.score - config.ambiguityMarginBits);
  if (runnerUp && (rule !== '' || runnerUp.probability >= config.suggestMinProbability)) blockers.push(`Kunde ${runnerUp.customer.customerNumber} passt fast genauso gut`);
  if (rule === '') {
    blockers.push(
      strongHit.length > 0
        ? 'Name und Anschrift fehlen oder passen nicht'
        : 'weder eindeutige Kennung mit Name/Anschrift noch vollständiger Name mit vollständiger Anschrift oder Kontaktdaten',
    );
  } else if (best.probability < config.autoMinProbability) {
    blockers.push(`Wahrscheinlichkeit ${(best.probability * 100).toFixed(0)} % zu gering`);
  }
  return { auto: rule !== '' && blockers.length === 0, rule, blockers };
}

function toCandidate(scored: Scored): MatchCandidate {
  return {
    customerNumber: scored.customer.customerNumber,
    score: Math.round(scored.score * 100) / 100,
    probability: Math.round(scored.probability * 10_000) / 10_000,
    agreements: scored.comparisons.filter((comparison) => comparison.weight > 0).map((comparison) => comparison.text),
    conflicts: scored.comparisons.filter((comparison) => comparison.weight < 0).map((comparison) => comparison.text),
  };
}

function describe(candidate: MatchCandidate): string {
  return [...candidate.agreements, ...candidate.conflicts].join(', ');
}

export function createCustomerMatcher({ db, config }: { db: Kysely<Database>; config?: MatchConfigOverrides }): CustomerMatcher {
  const settings = resolveMatchConfig(config);
  const repository = createCustomersRepository({ db });

  return {
    async match(input) {
      const letter = readLetter(input);
      const rows = await repository.findCandidates(input.tenantId, probeFor(letter, settings));
      const partial = rows.map((row) => score(letter, row, settings)).sort((a, b) => b.score - a.score);
      const { each, none } = posteriors(
        partial.map((entry) => entry.score),
        settings.priorLog2Odds,
      );
      const scored: Scored[] = partial.map((entry, index) => ({ ...entry, probability: each[index] ?? 0 }));
      const onBehalfNote = letter.onBehalf ? ' Schreiben eines Vertreters: Absenderdaten (E-Mail, Fax, Firma) nicht berücksichtigt.' : '';

      // Plausible candidates, and every customer an identifier in the letter points to.
      const identifierHit = (entry: Scored) =>
        (['customerNumber', 'contractNumber', 'iban', 'phone', 'fax', 'email', 'senderEmail'] as Attribute[]).some((attribute) => entry.levels[attribute] === 'exact');
      const suggestable = scored.filter((entry) => entry.probability >= settings.suggestMinProbability || identifierHit(entry)).slice(0, settings.maxCandidates);
      const best = scored[0];
      if (!best || suggestable.length === 0) {
        return {
          status: 'none',
          customerNumber: null,
          confidence: Math.round(none * 10_000) / 10_000,
          candidates: [],
          explanation:
            (best
              ? `Kein passender Kunde: bester Kandidat ${best.customer.customerNumber} nur ${(best.probability * 100).toFixed(1)} % (${describe(toCandidate(best))}).`
              : 'Kein passender Kunde: keine Kennung und kein Name/Anschrift im Kundenstamm gefunden.') + onBehalfNote,
        };
      }

      const decision = decideAuto(best, scored, settings);
      if (decision.auto) {
        const candidates = [best, ...suggestable.filter((entry) => entry !== best)].slice(0, settings.maxCandidates).map(toCandidate);
        const top = candidates[0] as MatchCandidate;
        return {
          status: 'auto',
          customerNumber: best.customer.customerNumber,
          confidence: top.probability,
          candidates,
          explanation: `Automatisch zugeordnet zu Kunde ${best.customer.customerNumber} (${decision.rule}): ${describe(top)}.${onBehalfNote}`,
        };
      }

      // Why the top suggestion is only a suggestion (the overall best may be an implausible near-number hit).
      const focus = suggestable[0] as Scored;
      const why = focus === best ? decision : decideAuto(focus, scored, settings);
      const candidates = suggestable.map(toCandidate);
      const top = candidates[0] as MatchCandidate;
      const parts = candidates.map((candidate) => `Kunde ${candidate.customerNumber} (${(candidate.probability * 100).toFixed(0)} %): ${describe(candidate)}`);
      return {
        status: 'suggested',
        customerNumber: null,
        confidence: top.probability,
        candidates,
        explanation: `Vorschlag, bitte prüfen (${why.blockers.join('; ')}). ${parts.join(' | ')}.${onBehalfNote}`,
      };
    },
  };
}
