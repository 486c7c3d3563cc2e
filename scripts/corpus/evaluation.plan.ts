/**
 * Plans the evaluation set before any file is written: which letters from the held-out pool, who sends them
 * (customers, their look-alikes, non-customers, law firms), what the master data says about them and how each
 * document is rendered (born-digital PDF, scan or fax).
 */
import type { FaxPlan } from '../fixtures/fax.writer.ts';
import type { GoodFixtureKind } from '../fixtures/manifest.ts';
import type { FontFamily, Layout, RenderStyle } from '../fixtures/pdf.writer.ts';
import { Rng } from '../fixtures/prng.ts';
import type { ScanParams } from '../fixtures/scan.degrader.ts';
import { type CustomerRecord, CustomerRegistry, DISTRACTOR_KINDS } from './customers.ts';
import { bankNameOf, drawBankAccount, drawFacts, drawLetterDate } from './facts.ts';
import { drawAddress, drawIdentity, drawLawFirm, drawPhone, e164, type Identity } from './identity.ts';
import { buildLetter, type ComposedLetter, needsCompany, pickCore } from './letter.builder.ts';
import { SURNAMES } from './names.ts';
import { drawNoiseProfile } from './noise.ts';
import { PHRASINGS } from './phrasings/index.ts';
import { labelSequence, shuffledQuota } from './quotas.ts';
import type { Core, Pool, RequestType } from './taxonomy.ts';
import { placeholdersOf } from './template.ts';

/** What makes a document hard, recorded in labels.jsonl for error analysis. */
export type Scenario =
  | 'non_customer'
  | 'non_customer_namesake'
  | 'no_customer_number'
  | 'typo_customer_number'
  | 'lawyer'
  | 'business'
  | 'moved_unreported'
  | 'name_changed'
  | 'new_bank_account'
  | 'new_phone'
  | 'household_member'
  | 'same_surname_other_city'
  | 'similar_surname'
  | 'namesake_other_city';

export interface PlannedDocument {
  index: number;
  file: string;
  kind: GoodFixtureKind;
  letter: ComposedLetter;
  /** The true account, null for senders who are not customers. */
  customerNumber: string | null;
  scenarios: Scenario[];
  style: RenderStyle;
  creationDate: Date;
  /** Fax machine identification printed in the header line (phone number and name). */
  faxSender: string;
  scan?: ScanParams;
  fax?: FaxPlan;
}

export interface EvaluationPlan {
  seed: number;
  count: number;
  pool: Pool;
  documents: PlannedDocument[];
  customers: CustomerRecord[];
}

const KINDS: readonly GoodFixtureKind[] = ['digital-pdf', 'scan-pdf', 'scan-png', 'scan-jpeg', 'fax-g3-normal', 'fax-g3-fine', 'fax-g4-normal', 'fax-g4-fine'];
/** About 70 % born-digital, 20 % scans, 10 % faxes. */
const KIND_SHARES = [0.7, 0.08, 0.06, 0.06, 0.025, 0.025, 0.025, 0.025];

function extensionFor(kind: GoodFixtureKind): string {
  if (kind === 'scan-png') return 'png';
  if (kind === 'scan-jpeg') return 'jpg';
  return kind.startsWith('fax') ? 'tif' : 'pdf';
}

/** Probability that a letter of this type comes from someone who is not (yet) a customer. */
const NON_CUSTOMER_SHARE: Partial<Record<RequestType, number>> = { other: 0.85, general_inquiry: 0.15, contract_documents: 0.1 };

interface Sender {
  identity: Identity;
  record: CustomerRecord | null;
  scenarios: Scenario[];
}

function hasLawyerCore(type: RequestType, pool: Pool): boolean {
  return PHRASINGS[type][pool].cores.some((c) => c.register === 'lawyer');
}

function chooseCore(rng: Rng, type: RequestType, pool: Pool, nonCustomer: boolean, noNumber: boolean, lawyer: boolean): Core {
  return pickCore(rng, type, pool, (core) => {
    const used = placeholdersOf(core.text);
    if ((core.register === 'lawyer') !== lawyer) return false;
    if (nonCustomer && (used.has('cn') || used.has('contract'))) return false;
    return !(noNumber && used.has('cn'));
  });
}

function planDocument(rng: Rng, registry: CustomerRegistry, index: number, type: RequestType, kind: GoodFixtureKind, pool: Pool): PlannedDocument {
  const nonCustomer = rng.chance(NON_CUSTOMER_SHARE[type] ?? 0);
  const lawyer = !nonCustomer && hasLawyerCore(type, pool) && rng.chance(0.08);
  const noNumber = !nonCustomer && !lawyer && rng.chance(0.18);
  const core = chooseCore(rng, type, pool, nonCustomer, noNumber, lawyer);
  const used = placeholdersOf(core.text);
  const business = needsCompany(core) || (core.register === 'formal' && rng.chance(0.08));
  let identity = drawIdentity(rng, { business });
  // Senders who are no customers must not coincide with any customer record.
  while (nonCustomer ? !registry.addOutsider(identity) : registry.conflicts(identity)) identity = drawIdentity(rng, { business });
  const sender: Sender = { identity, record: null, scenarios: [] };
  if (business) sender.scenarios.push('business');
  if (lawyer) sender.scenarios.push('lawyer');
  const letterDate = drawLetterDate(rng);
  const previousLastName = rng.pick(SURNAMES.filter((n) => n !== identity.lastName));
  let letterIban: { iban: string; bankName: string } | null = null;

  if (nonCustomer) {
    sender.scenarios.push('non_customer');
    // A customer with the same name elsewhere must not be taken for the sender.
    if (!business && rng.chance(0.35) && registry.addDistractor(identity, 'namesake_other_city')) sender.scenarios.push('non_customer_namesake');
  } else {
    const nameChange = type === 'customer_data_change' && used.has('lastName');
    const movedUnreported = type !== 'customer_data_change' && rng.chance(0.06);
    const newAccount = type === 'bank_details_change' || core.secondary.includes('bank_details_change');
    const record = registry.add(identity, {
      ...(nameChange ? { lastName: previousLastName } : {}),
      ...(movedUnreported ? { address: drawAddress(rng) } : {}),
    });
    if (nameChange) sender.scenarios.push('name_changed');
    if (movedUnreported) sender.scenarios.push('moved_unreported');
    if (newAccount) sender.scenarios.push('new_bank_account');
    letterIban = newAccount ? drawBankAccount(rng) : { iban: record.iban, bankName: bankNameOf(record.iban) };
    sender.record = record;
    // The letter may give a phone number the master data does not know yet.
    if (rng.chance(0.12)) {
      sender.identity = { ...identity, phone: drawPhone(rng, identity.address.areaCode, true) };
      sender.scenarios.push('new_phone');
    }
    for (const kindOfDistractor of rng.sample(DISTRACTOR_KINDS, rng.pick([0, 1, 1, 2, 2, 3]))) {
      if (registry.addDistractor(identity, kindOfDistractor)) sender.scenarios.push(kindOfDistractor);
    }
  }

  const record = sender.record;
  let written: string | null = null;
  if (record && !noNumber) {
    written = record.customerNumber;
    if (rng.chance(0.07)) {
      written = registry.mistype(record.customerNumber);
      sender.scenarios.push('typo_customer_number');
    }
  } else if (record) {
    sender.scenarios.push('no_customer_number');
  }
  const facts = {
    ...drawFacts(rng, sender.identity, {
      customerNumber: written,
      contractNumber: record ? rng.pick(record.contractNumbers) : null,
      lawFirm: lawyer ? drawLawFirm(rng) : null,
      letterDate,
      ...(letterIban ?? {}),
    }),
    previousLastName,
  };
  const writer = drawNoiseProfile(rng, 1, false);
  const letter = buildLetter(rng, { requestType: type, pool, core, facts, writer, citeCustomerNumber: written !== null });
  const num = String(index + 1).padStart(3, '0');
  const style = drawStyle(rng, kind);
  const creationDate = new Date(letterDate.getTime() + rng.int(0, 2) * 86_400_000 + rng.int(7, 19) * 3_600_000);
  const faxSender = lawyer && facts.lawFirm ? facts.lawFirm.name : `+49 ${sender.identity.phone.prefix.slice(1)} ${sender.identity.phone.subscriber}  ${sender.identity.lastName}`;
  const doc: PlannedDocument = {
    index,
    file: `${num}-${kind}.${extensionFor(kind)}`,
    kind,
    letter,
    customerNumber: record?.customerNumber ?? null,
    scenarios: sender.scenarios,
    style,
    creationDate,
    faxSender,
  };
  // The fax machine prints the sender's number in every page header.
  if (kind.startsWith('fax') && !lawyer) letter.fields.phone ??= e164(sender.identity.phone);
  if (kind.startsWith('scan')) doc.scan = drawScan(rng, kind);
  if (kind.startsWith('fax')) doc.fax = drawFax(rng, kind);
  return doc;
}

function drawStyle(rng: Rng, kind: GoodFixtureKind): RenderStyle {
  const family: FontFamily = kind === 'digital-pdf' ? rng.pick(['Helvetica', 'Times', 'Helvetica'] as const) : rng.pick(['Helvetica', 'Times', 'Courier'] as const);
  const layout: Layout = family === 'Courier' ? 'typewriter' : rng.pick(['din', 'left'] as const);
  return {
    family,
    size: kind.startsWith('fax') ? rng.pick([11, 11.5, 12]) : rng.pick([10, 10.5, 11, 11, 11.5, 12]),
    layout,
    justify: family !== 'Courier' && rng.chance(0.4),
    scribble: kind !== 'digital-pdf' || rng.chance(0.3),
    pageNumbers: rng.chance(0.3),
    scribbleSeed: rng.seed(),
  };
}

function drawScan(rng: Rng, kind: GoodFixtureKind): ScanParams {
  const binarise = kind === 'scan-png' ? rng.chance(0.25) : rng.chance(0.1);
  return {
    skew: (rng.chance(0.5) ? -1 : 1) * rng.float(0.2, 2.0),
    blur: rng.chance(0.6) ? rng.float(0.4, 1.0) : 0,
    noise: binarise ? rng.float(4, 9) : rng.float(2, 6),
    speckles: rng.int(80, 1200),
    binarise,
    threshold: rng.int(150, 185),
    black: rng.int(10, 55),
    white: rng.int(222, 252),
    shadow: rng.chance(0.35),
    punchHoles: rng.chance(0.25),
    streak: rng.chance(0.2),
    seed: rng.seed(),
  };
}

function drawFax(rng: Rng, kind: GoodFixtureKind): FaxPlan {
  return {
    skew: (rng.chance(0.5) ? -1 : 1) * rng.float(0.2, 1.0),
    noise: rng.float(8, 22),
    threshold: rng.int(140, 175),
    pepper: rng.float(0.00005, 0.0004),
    glitchRows: rng.int(0, 3),
    seed: rng.seed(),
    compression: kind.startsWith('fax-g3') ? (rng.chance(0.5) ? 'g3-2d' : 'g3-1d') : 'g4',
    yDpi: kind.endsWith('fine') ? 196 : 98,
    headerTime: `${String(rng.int(7, 19)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
  };
}

/** Decides everything about the set up front; pure and cheap (no files). */
export function planEvaluationSet(seed: number, count: number, customerCount: number, pool: Pool = 'heldout'): EvaluationPlan {
  const rng = new Rng(seed);
  const labels = labelSequence(rng, count);
  const kinds = shuffledQuota(rng, KINDS, KIND_SHARES, count, count >= KINDS.length * 2 ? 1 : 0);
  const registry = new CustomerRegistry(new Rng(rng.seed()));
  const documents = labels.map((type, i) => planDocument(new Rng(rng.seed()), registry, i, type, kinds[i] ?? 'digital-pdf', pool));
  registry.fillTo(customerCount);
  return { seed, count, pool, documents, customers: registry.list() };
}
