/**
 * The field extractor: from the OCR/e-mail text of a letter to the key fields of the
 * contract (customer and contract number, IBAN, phone, sender name/company/address,
 * new address, desired date, e-mail, birth date) with every candidate, its evidence and
 * confidence, and flags (`date_next_possible`, `written_on_behalf`).
 *
 * Order matters: identifiers with checksums or strong labels claim their spans first
 * (IBAN, e-mail, dates, labelled customer/contract numbers), so a phone number or an
 * unlabelled customer number is never read inside them. Everything is precompiled;
 * one call is a handful of linear regex passes over the text.
 */
import { findAddresses } from './address.finder.ts';
import { classifyAddresses } from './address.roles.ts';
import { type Candidate, candidate, selectFields, SpanRegistry } from './candidates.ts';
import { findContractNumbers } from './contract-number.ts';
import { findLabelledCustomerNumbers, findUnlabelledCustomerNumbers } from './customer-number.ts';
import { dayDiff, findDateMentions, localDate } from './dates.ts';
import { classifyDates, findLetterDate } from './desired-date.ts';
import { findEmails } from './email.finder.ts';
import { type FieldExtractorConfig, type FieldExtractorOptions, resolveConfig } from './extraction.config.ts';
import type { ExtractionInput, ExtractionResult, FieldCandidate } from './extraction.types.ts';
import { findFormFields } from './form-fields.ts';
import { findIbans } from './iban.finder.ts';
import { analyseStructure } from './letter.structure.ts';
import { detectOnBehalf } from './on-behalf.ts';
import { type CompiledOwnIdentity, compileOwnIdentity } from './own-identity.ts';
import { isLawFirm } from './person-name.ts';
import { findPhones } from './phone.finder.ts';
import { findSender } from './sender-block.ts';
import { prepareDocument } from './text.document.ts';

export interface FieldExtractor {
  readonly config: FieldExtractorConfig;
  extract(input: ExtractionInput): ExtractionResult;
}

/** A small letter run once at creation, so regexes and phone metadata are compiled before the first real letter. */
const WARM_UP_TEXT = `Hans Muster\nMusterweg 1\n50667 Köln\nTel. 0221 1234567\n\nBetreff: Kündigung, Kundennummer 1234567890, Vertragsnummer V123456789\nSehr geehrte Damen und Herren,\nzum 31.12. kündige ich. IBAN DE89 3704 0044 0532 0130 00, h.muster@example.de\nMit freundlichen Grüßen\nHans Muster`;

export function createFieldExtractor(options: FieldExtractorOptions = {}): FieldExtractor {
  const config = resolveConfig(options);
  const own = compileOwnIdentity(config.ownIdentity, config.defaultCountry);
  const extractor: FieldExtractor = {
    config,
    extract: (input) => extractFields(input, config, own),
  };
  if (options.warmUp !== false) extractor.extract({ text: WARM_UP_TEXT, receivedAt: new Date(Date.UTC(2026, 0, 1)) });
  return extractor;
}

const NAME_FIELDS = new Set(['firstName', 'lastName']);
/** Below the default minimum confidence: listed among the candidates, never chosen. */
const REPRESENTATIVE_CONFIDENCE = 0.2;
const INITIALS_ONLY = /^(?:\p{Lu}\.\s?-?){1,3}$/u;

function extractFields(input: ExtractionInput, config: FieldExtractorConfig, own: CompiledOwnIdentity): ExtractionResult {
  const doc = prepareDocument(input.text ?? '');
  const structure = analyseStructure(doc);
  const spans = new SpanRegistry();
  const received = localDate(input.receivedAt, config.timeZone);
  const flags: string[] = [];
  const all: Candidate[] = [];

  all.push(...findIbans({ doc, own, spans }));
  all.push(...findEmails(doc, structure, own, spans));
  // Dates without a year and relative ones ("zum 31.03.", "Ende nächsten Monats") count from the day the letter was written.
  let ref = received;
  let instant = input.receivedAt;
  let mentions = findDateMentions(doc.text, ref);
  const written = mentions.some((m) => m.kind !== 'absolute') ? findLetterDate(doc, structure, mentions, received) : null;
  if (written && dayDiff(written, received) !== 0) {
    ref = written;
    instant = new Date(Date.UTC(written.y, written.m - 1, written.d, 12));
    mentions = findDateMentions(doc.text, ref);
  }
  const dates = classifyDates(doc, structure, mentions, ref, instant, config.timeZone, spans);
  all.push(...findLabelledCustomerNumbers(doc, structure, config.customerNumber, spans));
  all.push(...findContractNumbers(doc, structure, config.contractNumber, spans));
  all.push(...findPhones(doc, structure, own, config.defaultCountry, spans));
  all.push(...findUnlabelledCustomerNumbers(doc, structure, config.customerNumber, spans));

  // Sender and addresses; a second pass once we know whom a representative writes for.
  const hits = findAddresses(doc);
  const lineOf = (offset: number): number => doc.lineAt(offset);
  let addresses = classifyAddresses(hits, structure, own, { lineOf });
  let sender = findSender(doc, structure, addresses, own);
  const firmLines = collectFirmLines(doc, structure);
  const bodyStart = doc.lines[Math.max(0, structure.headerEnd)]?.start ?? 0;
  const bodyEnd = doc.lines[structure.quotedFrom]?.start ?? doc.text.length;
  const behalf = detectOnBehalf(doc.text, Math.min(bodyStart, doc.text.length), bodyEnd, sender.senderNames, firmLines, own);
  if (behalf.represented) {
    const representedAt = mentionsOf(doc.text, behalf.represented.name.lastName);
    addresses = classifyAddresses(hits, structure, own, { lineOf, representedAt });
    sender = findSender(doc, structure, addresses, own);
  }
  const senderCandidates = sender.candidates;
  if (behalf.onBehalf) {
    flags.push('written_on_behalf');
    const lawFirm = behalf.lawFirm !== undefined || sender.companies.some((c) => isLawFirm(c));
    for (const c of senderCandidates) {
      if (NAME_FIELDS.has(c.field)) c.confidence = behalf.represented || lawFirm ? 0 : c.confidence * 0.6;
      // The fields describe the customer: a representative's firm is no company of theirs (kept as a
      // candidate below the threshold, so an agent still sees who wrote).
      if (c.field === 'company') {
        if (isLawFirm(c.value)) {
          c.confidence = Math.min(c.confidence, REPRESENTATIVE_CONFIDENCE);
          c.evidence = [...c.evidence, 'representative'];
        } else c.confidence = 0;
      }
    }
    if (behalf.represented) {
      const { name, raw, start, end } = behalf.represented;
      senderCandidates.push(candidate('lastName', name.lastName, raw, start, end, 0.93, ['represented_person'], { group: 'n:rep' }));
      if (name.firstName) {
        senderCandidates.push(
          candidate('firstName', name.firstName, raw, start, end, name.initialOnly ? 0.5 : 0.93, ['represented_person'], { group: 'n:rep' }),
        );
      }
    }
    if (behalf.lawFirm && !senderCandidates.some((c) => c.field === 'company' && c.confidence > 0)) {
      const firm = behalf.lawFirm;
      senderCandidates.push(candidate('company', firm.text.trim(), firm.text, firm.start, firm.start + firm.text.length, REPRESENTATIVE_CONFIDENCE, ['law_firm', 'representative']));
    }
  }
  all.push(...senderCandidates);
  all.push(...findFormFields(doc, own));
  all.push(...dates.candidates);
  for (const f of dates.flags) if (!flags.includes(f)) flags.push(f);

  const fields = selectFields(all, config.minConfidence);
  // "K. Wagner": an initial is no first name for the contract, but it still tells household members apart when matching.
  if (fields.firstName !== undefined && INITIALS_ONLY.test(fields.firstName)) {
    fields.firstNameInitial = fields.firstName;
    delete fields.firstName;
  }
  const candidates: FieldCandidate[] = all
    .filter((c) => c.confidence > 0)
    .map((c) => toOutput(c, doc.toOriginal))
    .sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : b.confidence - a.confidence));
  return { fields, candidates, flags };
}

/** Every occurrence of a name in the text (as a whole word). */
function mentionsOf(text: string, name: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    if (!/\p{L}/u.test(text.charAt(at - 1)) && !/\p{L}/u.test(text.charAt(at + name.length))) out.push({ start: at, end: at + name.length });
  }
  return out;
}

function toOutput(c: Candidate, toOriginal: (offset: number) => number): FieldCandidate {
  const start = toOriginal(c.start);
  const end = c.end > c.start ? toOriginal(c.end - 1) + 1 : start;
  return { field: c.field, value: c.value, raw: c.raw, start, end, confidence: c.confidence, validated: c.validated, evidence: c.evidence };
}

/** Letterhead and signature lines, where a law firm names itself. */
function collectFirmLines(doc: ReturnType<typeof prepareDocument>, structure: ReturnType<typeof analyseStructure>): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const take = (from: number, to: number): void => {
    for (let i = from; i < to; i += 1) {
      const line = doc.lines[i];
      if (line && !line.blank) for (const seg of doc.segments[i] ?? []) out.push({ text: seg.text, start: seg.start });
    }
  };
  take(0, Math.min(structure.headerEnd, 14));
  take(structure.signatureStart, structure.signatureEnd);
  return out;
}
