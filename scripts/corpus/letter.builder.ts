/**
 * Composes one letter around a core: frame register, sender block (person, business, law firm or e-mail
 * header), subject, reference lines, paragraphs, closing, signature and footer. The result is independent of how
 * it is printed (plain training text or a rendered PDF) and carries the fields the letter states.
 */
import { fmtLong, fmtNumeric } from '../fixtures/german-format.ts';
import type { Rng } from '../fixtures/prng.ts';
import type { LetterFacts } from './facts.ts';
import { CLOSINGS, FRAME_OF, FRAME_POOLS, NEUTRAL_SUBJECTS, RECIPIENT_BLOCKS, SALUTATIONS, SERVICE_EMAIL } from './frame.phrases.ts';
import { type NoiseProfile, writerNoise } from './noise.ts';
import { type MaterialPart, onlyPart } from './material.parts.ts';
import { PHRASINGS } from './phrasings/index.ts';
import type { Core, Pool, Register, RequestType } from './taxonomy.ts';
import { Filler, placeholdersOf, type TrueFields } from './template.ts';

export interface ComposedLetter {
  requestType: RequestType;
  secondary: RequestType[];
  pool: Pool;
  core: Core;
  /** Register of the frame (may differ from the core's: a formal core can arrive as an e-mail). */
  register: Register;
  /** Printed e-mail: `emailHeader` replaces sender block, recipient and date. */
  emailHeader: string[];
  senderLines: string[];
  returnLine: string;
  recipientLines: string[];
  dateLine: string;
  subject: string;
  refLines: string[];
  salutation: string;
  paragraphs: string[];
  closing: string;
  signatureLines: string[];
  postscript: string | null;
  footerLines: string[];
  fields: TrueFields;
}

export interface BuildOptions {
  requestType: RequestType;
  pool: Pool;
  core: Core;
  facts: LetterFacts;
  /** The writer's typos and umlaut habits, applied to the letter's own wording (never to field values). */
  writer: NoiseProfile;
  /** May the letter state the customer number outside the core (reference line, subject, sender block)? */
  citeCustomerNumber?: boolean;
  /** Build the letter from this part of the subjects, add-ons and frame sentences only (material.parts.ts). */
  part?: MaterialPart;
}

/** Can the letter's facts fill every placeholder of the template? */
export function fitsFacts(template: string, facts: LetterFacts): boolean {
  const used = placeholdersOf(template);
  if (used.has('cn') && facts.customerNumber === null) return false;
  if (used.has('contract') && facts.contractNumber === null) return false;
  if (used.has('company') && facts.customer.company === null) return false;
  return true;
}

/** Must the sender be a company for this core (business register or a `{company}` placeholder)? */
export function needsCompany(core: Core): boolean {
  return core.register === 'business' || placeholdersOf(core.text).has('company');
}

/** A random core of the class and pool that `accept` allows. */
export function pickCore(rng: Rng, requestType: RequestType, pool: Pool, accept: (core: Core) => boolean = () => true): Core {
  const cores = PHRASINGS[requestType][pool].cores.filter(accept);
  if (cores.length === 0) throw new Error(`no ${pool} core of ${requestType} fits`);
  return rng.pick(cores);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const WEEKDAYS = ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'];

function frameRegister(rng: Rng, core: Core, facts: LetterFacts): Register {
  if (core.register === 'form') return 'form';
  if (facts.lawFirm) return 'lawyer';
  const register = rng.pick(FRAME_OF[core.register]);
  if (facts.customer.company) return register === 'email' ? 'email' : 'business';
  return register === 'business' ? 'formal' : register;
}

function signOff(rng: Rng, fill: (t: string) => string, register: Register, facts: LetterFacts): string[] {
  if (register === 'lawyer' && facts.lawFirm) return [facts.lawFirm.lawyer, rng.pick([facts.lawFirm.lawyerTitle, `${facts.lawFirm.lawyerTitle} / Fachanw${facts.lawFirm.lawyerTitle.endsWith('in') ? 'ältin' : 'alt'} für IT-Recht`])];
  if (facts.customer.company) return [fill('{i. A. |i.A. |ppa. |}{name}'), fill('{company}')];
  if ((register === 'informal' || register === 'email') && rng.chance(0.3)) return [fill('{firstName}')];
  return [fill('{name}')];
}

export function buildLetter(rng: Rng, o: BuildOptions): ComposedLetter {
  const { facts, pool } = o;
  const filler = new Filler(rng, facts, (s) => writerNoise(s, o.writer, rng));
  const fill = (t: string) => filler.fill(t);
  // Without a part the lists are the lists themselves, with a part their sentences of that part.
  const only = (items: readonly string[]) => onlyPart(o.part, items);
  const frame = Object.fromEntries(Object.entries(FRAME_POOLS[pool]).map(([kind, items]) => [kind, only(items)])) as Record<keyof (typeof FRAME_POOLS)[Pool], readonly string[]>;
  const phrasings = { subjects: only(PHRASINGS[o.requestType][pool].subjects), addons: only(PHRASINGS[o.requestType][pool].addons) };
  const register = frameRegister(rng, o.core, facts);
  const fits = (t: string) => fitsFacts(t, facts);
  const c = facts.customer;
  const business = c.company !== null;
  const email = register === 'email';
  const form = register === 'form';
  // Addons, fillers and postscripts speak in the customer's first person: not in forms and lawyers' letters.
  const firstPerson = !form && register !== 'lawyer';

  // Paragraphs: opening of the frame, the core, details of the same class, asides, fillers.
  const paragraphs: string[] = [];
  if (register === 'lawyer' && frame.lawyer.length > 0) paragraphs.push(fill(rng.pick(frame.lawyer)));
  if (business && !form && rng.chance(0.35) && frame.business.length > 0) paragraphs.push(fill(rng.pick(frame.business)));
  if (register === 'elderly' && rng.chance(0.75) && frame.elderly.length > 0) paragraphs.push(rng.sample(frame.elderly, rng.int(1, 2)).map(fill).join(' '));
  if (firstPerson && rng.chance(0.25) && frame.background.length > 0) paragraphs.push(fill(rng.pick(frame.background)));
  for (const para of o.core.text.split(/\n\s*\n/)) paragraphs.push(fill(para.trim()));
  const addons = firstPerson && rng.chance(0.45) ? rng.sample(phrasings.addons.filter(fits), rng.int(1, 2)).map(fill) : [];
  if (addons.length > 0) {
    if (rng.chance(0.5)) paragraphs.push(addons.join(' '));
    else paragraphs[paragraphs.length - 1] += ` ${addons.join(' ')}`;
  }
  if ((register === 'angry' || (o.core.register === 'angry' && rng.chance(0.6))) && frame.angry.length > 0) paragraphs.push(rng.sample(frame.angry, rng.int(1, 2)).map(fill).join(' '));
  const fillerCount = !firstPerson ? 0 : register === 'terse' ? (rng.chance(0.2) ? 1 : 0) : rng.int(0, 2);
  if (fillerCount > 0 && frame.fillers.length > 0) paragraphs.push(rng.sample(frame.fillers, fillerCount).map(fill).join(' '));

  // Subject and reference lines.
  const primarySubject = o.core.distractor || o.core.secondary.length > 0 ? rng.chance(0.5) : rng.chance(0.85);
  const usable = (primarySubject ? phrasings.subjects : only(NEUTRAL_SUBJECTS)).filter((t) => fits(t) && (firstPerson || !/\b(mein|ich)/i.test(t)));
  let subject = usable.length > 0 && (email || register === 'lawyer' || rng.chance(form ? 0.4 : 0.82)) ? fill(rng.pick(usable)) : '';
  const cite = o.citeCustomerNumber !== false && facts.customerNumber !== null;
  if (register === 'lawyer') {
    const who = `${c.gender === 'f' ? 'Ihre Kundin' : 'Ihr Kunde'} ${fill(`{name}${cite ? ', {cnLabel} {cn}' : ''}`)}`;
    subject = `${who}${subject ? ` – ${subject}` : ''}`;
  }
  const refLines: string[] = [];
  const cnStated = filler.fields.customerNumber !== undefined;
  if (cite && register !== 'lawyer' && (cnStated ? rng.chance(0.1) : rng.chance(0.8))) {
    const where = rng.int(0, 9);
    if (where < 6 || email) refLines.push(fill('{cnLabel}: {cn}'));
    else if (where < 8 && subject) subject += fill(rng.pick([', {cnLabel} {cn}', ' – {cnLabel} {cn}', ' ({cnLabel}: {cn})']));
    else refLines.push(fill('{cn}'));
  }
  if (facts.contractNumber !== null && rng.chance(0.3)) refLines.push(fill('{contractLabel}: {contract}'));
  if (o.requestType === 'invoice_complaint' && rng.chance(0.35)) refLines.push(fill('{Rechnungsnummer|Rechnungs-Nr.|Rg.-Nr.}: {invoiceNumber}'));
  if (subject && !email && rng.chance(0.3)) subject = `${rng.pick(['Betreff: ', 'Betr.: ', 'Betreff '])}${subject}`;

  // Sender, recipient, date.
  const senderLines: string[] = [];
  const emailHeader: string[] = [];
  const place = facts.lawFirm?.address.city ?? c.address.city;
  const dateLine = email ? '' : rng.pick([`${place}, ${fmtNumeric(facts.letterDate)}`, `${place}, den ${fmtLong(facts.letterDate)}`, fmtNumeric(facts.letterDate), fmtLong(facts.letterDate)]);
  if (email) {
    const d = facts.letterDate;
    emailHeader.push(
      fill(rng.pick(['Von: {name} <{email}>', 'Von: {email}', 'Absender: {name} <{email}>'])),
      `${rng.pick(['Gesendet', 'Datum'])}: ${WEEKDAYS[d.getUTCDay()]}, ${fmtLong(d)} ${rng.int(6, 23)}:${String(rng.int(0, 59)).padStart(2, '0')}`,
      `An: ${rng.pick(SERVICE_EMAIL)}`,
      `Betreff: ${subject}`,
    );
  } else if (register === 'lawyer' && facts.lawFirm) {
    const f = facts.lawFirm;
    senderLines.push(f.name, `${rng.pick(['RA', f.lawyerTitle, f.lawyerTitle, 'Bearbeitung:'])} ${f.lawyer}`, `${f.address.street} ${f.address.houseNumber}`, `${f.address.postalCode} ${f.address.city}`, f.email);
  } else if (!form || rng.chance(0.4)) {
    senderLines.push(fill(business ? '{company}' : '{name}'));
    if (business && rng.chance(0.4)) senderLines.push(fill('{z. Hd.|Ansprechpartner:|Kontakt:} {name}'));
    senderLines.push(fill('{street}'), fill('{postalCode} {city}'));
    if (rng.chance(business ? 0.8 : 0.5)) senderLines.push(fill(rng.pick(['Tel.: {phone}', 'Telefon: {phone}', 'Tel. {phone}', 'Mobil: {phone}', 'Fon {phone}'])));
    if (register !== 'elderly' && rng.chance(business ? 0.6 : 0.25)) senderLines.push(fill('{E-Mail: |Mail: |}{email}'));
    if (cite && !filler.fields.customerNumber && rng.chance(0.15)) senderLines.push(fill('{cnLabel}: {cn}'));
  }
  const returnLine = senderLines.slice(0, 4).filter((l) => !/Tel|Fon|Mail|@/.test(l)).join(' · ');

  // Closing, signature, footer.
  const closing = fill(rng.pick(CLOSINGS[register]));
  // A form carries its own signature line.
  const signatureLines = form ? [] : signOff(rng, fill, register, facts);
  if (email && !business && rng.chance(0.35)) signatureLines.push(fill('{street}'), fill('{postalCode} {city}'), fill('{Tel.|Mobil|Handy}: {phone}'));
  if (email && rng.chance(0.12)) signatureLines.push(rng.pick(['Gesendet von meinem iPhone', 'Von meinem Smartphone gesendet', 'Diese Nachricht wurde unterwegs geschrieben.']));
  const footerLines: string[] = [];
  if (business && !email && !form && rng.chance(0.6)) {
    footerLines.push(`Geschäftsführung: ${fill('{name}')} · Amtsgericht ${c.address.city} HRB ${rng.int(1000, 99999)} · USt-IdNr. DE${rng.digits(9)}`);
    if (rng.chance(0.5)) footerLines.push(fill('Bankverbindung: {bank} · IBAN {iban}'));
  }
  const postscript = firstPerson && rng.chance(0.07) && frame.postscripts.length > 0 ? fill(rng.pick(frame.postscripts)) : null;

  const salutation = fill(rng.pick(SALUTATIONS[register]));
  const body = paragraphs.map((para, i) => (i === 0 && salutation ? para : capitalise(para)));
  return {
    requestType: o.requestType,
    secondary: [...o.core.secondary],
    pool,
    core: o.core,
    register,
    emailHeader,
    senderLines,
    returnLine,
    recipientLines: email ? [] : [...rng.pick(RECIPIENT_BLOCKS)],
    dateLine,
    subject,
    refLines,
    salutation,
    paragraphs: body,
    closing,
    signatureLines,
    postscript,
    footerLines,
    fields: { ...filler.fields },
  };
}
