/**
 * The sender: name, company and address from the letterhead / return line, the
 * signature after "Mit freundlichen Grüßen", the e-mail header ("Von: Hans Müller
 * <…>") and phrases like "mein Name ist …" — never from the recipient block (ours)
 * or the salutation ("Sehr geehrte Frau Schmidt" addresses our clerk).
 */
import type { ClassifiedAddress } from './address.roles.ts';
import { candidate, type Candidate } from './candidates.ts';
import type { FieldName } from './extraction.types.ts';
import type { LetterStructure } from './letter.structure.ts';
import type { CompiledOwnIdentity } from './own-identity.ts';
import { isCompanyName, isLoneNameToken, isStopWord, parsePersonName, type PersonName } from './person-name.ts';
import type { PreparedDocument } from './text.document.ts';

const CLOSING_REMAINDER =
  /^\s*(?:(?:mit\s+)?(?:den\s+)?(?:freundliche[nm]?|besten|beste[mn]?|herzliche[nm]?|liebe[nm]?|viele[nm]?|sonnige[nm]?|sch(?:ö|oe|o)ne[nm]?|kollegiale[nm]?|verbindliche[nm]?|ver(?:ä|ae|a)rgerte[nm]?|genervte[nm]?|dankende[nm]?)\s+gr\S*|mfg|vg|lg|gru(?:ß|ss|s)|hochachtungsvoll)[\s,.!]+(.+)$/i;
const SIGNATURE_NOISE = /^(?:gez\.?|gezeichnet|i\.\s?a\.?|i\.\s?v\.?|ia\.(?=\s)|iv\.(?=\s)|ppa\.?|p\.\s?p\.?|\(?unterschrift\)?|-{2,}\s*|_{3,}|~+|\/s\/)\s*/i;
/**
 * What OCR reads from a handwritten signature: a few lower-case letters or signs ("am", "~.-"), or up to
 * three letters that are no capitalised word ("NV"; "Ute" is a name). "IuNISTN" is kept: it could be a name in capitals.
 */
const SCRIBBLE = /^[\p{P}\p{S}\s]*(?:[\p{Ll}\p{P}\p{S}\d]{0,4}|(?!\p{Lu}\p{Ll}{2}\b)[\p{L}\p{P}\d]{1,3})[\p{P}\p{S}\s]*$/u;
const SIGNATURE_STOP = /^(?:anlagen?|anhang|ps\b|p\.\s?s\.|von:|gesendet|am\s.+schrieb|diese\s+e-?mail|sent\s+from|von\s+meinem\s+(?:iphone|ipad|smartphone|samsung))/i;
/** "-- " starts an e-mail signature; after the name it ends it. */
const DELIMITER = /^(?:-{2,}|_{3,})\s*$/;
const ROLE_LINE = /^(?:rechtsanw(?:ä|ae|a)lt(?:in)?|fachanw(?:ä|ae|a)lt|gesch(?:ä|ae|a)ftsf(?:ü|ue|u)hr(?:er|erin|ung)|inhaber(?:in)?|betreuer(?:in)?|vorstand|prokurist|sachbearbeit|assistenz|kundin|kunde)\b/i;
const NAME_IN_BODY =
  /\b(?:mein\s+name\s+ist|ich\s+hei(?:ß|ss)e|ich\s+bin\s+(?:die|der)\s+kund(?:in|e)|mit\s+dem\s+namen)\s+((?:(?:Herr|Frau|Dr\.|Prof\.)\s+)*[A-ZÄÖÜ][\p{L}'-]+(?:\s+(?:von|van|de|der|zu)?\s*[A-ZÄÖÜ][\p{L}'-]+){0,2})/gu;
/** A new surname after a marriage or divorce: "heiße ich jetzt Vogt", "mein neuer Nachname lautet Vogt". */
const NEW_SURNAME =
  /\b(?:hei(?:ß|ss)e\s+ich\s+(?:jetzt|nun|ab\s+sofort|mittlerweile|inzwischen|seit\s+\S+(?:\s+\S+)?)|(?:mein|unser)\s+(?:neuer\s+)?(?:nach|familien)?name\s+(?:lautet|ist)\s+(?:jetzt|nun|ab\s+sofort|seit\s+\S+(?:\s+\S+)?)?)\s*((?:von\s+|van\s+|de\s+|zu\s+)?[A-ZÄÖÜ][\p{Ll}'-]+(?:-[A-ZÄÖÜ][\p{Ll}'-]+)?)(?=[\s.,;!]|$)/gu;
const VON_DISPLAY = /^\s*(?:von|from|absender)\s*:\s*"?([^"<@\n]+?)"?\s*(?:<[^>]*>|\[mailto:[^\]]*\])?\s*$/i;

export interface SenderFindings {
  candidates: Candidate[];
  /** The sender's names (for letters written on behalf, the representative). */
  senderNames: PersonName[];
  /** Companies/firms named in the sender block or signature. */
  companies: string[];
}

function nameCandidates(
  out: Candidate[],
  name: PersonName,
  raw: string,
  start: number,
  confidence: number,
  evidence: string[],
  group: string,
): void {
  const end = start + raw.length;
  out.push(candidate('lastName', name.lastName, raw, start, end, confidence, evidence, { group }));
  if (name.firstName) {
    const c = name.initialOnly ? confidence * 0.5 : confidence;
    out.push(candidate('firstName', name.firstName, raw, start, end, c, name.initialOnly ? [...evidence, 'initial_only'] : evidence, { group }));
  }
}

function addressCandidates(out: Candidate[], a: ClassifiedAddress, fields: [FieldName, FieldName, FieldName]): void {
  const { hit } = a;
  const group = hit.id;
  const [streetField, postalField, cityField] = fields;
  out.push(candidate(postalField, hit.postalCode, hit.postalRaw, hit.start, hit.end, a.confidence, a.evidence, { group, validated: hit.plausibility >= 0.6 }));
  out.push(candidate(cityField, hit.city, hit.cityRaw, hit.cityStart, hit.end, a.confidence, hit.city === hit.cityRaw ? a.evidence : [...a.evidence, 'city_spelling_restored'], { group }));
  if (hit.street) {
    out.push(candidate(streetField, hit.street, hit.street, hit.start, hit.end, a.confidence * (0.75 + 0.25 * hit.streetScore), a.evidence, { group }));
  }
}

function capitalise(text: string): string {
  return text.replace(/(^|[ -])([a-zäöü])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

export function findSender(
  doc: PreparedDocument,
  structure: LetterStructure,
  addresses: ClassifiedAddress[],
  own: CompiledOwnIdentity,
): SenderFindings {
  const out: Candidate[] = [];
  const senderNames: PersonName[] = [];
  const companies: string[] = [];
  let loneSignature: { text: string; start: number } | undefined;

  const takeNameLines = (a: ClassifiedAddress, base: number, tag: string): void => {
    let personFound = false;
    for (const entry of a.hit.nameLines) {
      const text = entry.text;
      if (own.isOwnName(text) || own.isDepartment(text)) continue;
      const start = doc.text.indexOf(text, doc.lines[entry.line]?.start ?? 0);
      if (isCompanyName(text)) {
        companies.push(text);
        out.push(candidate('company', text.replace(/\s+/g, ' '), text, start, start + text.length, base * 0.95, [tag], { group: `c:${a.hit.id}` }));
        continue;
      }
      if (personFound) continue;
      const name = parsePersonName(text);
      if (name) {
        personFound = true;
        senderNames.push(name);
        nameCandidates(out, name, text, start, base, [tag], `n:${a.hit.id}`);
      }
    }
  };

  for (const a of addresses) {
    if (a.role === 'sender' || a.role === 'old' || a.role === 'represented') {
      addressCandidates(out, a, ['street', 'postalCode', 'city']);
      if (a.role === 'sender') takeNameLines(a, Math.min(0.85, a.confidence + 0.05), a.evidence[a.evidence.length - 1] ?? 'sender_block');
    } else if (a.role === 'new') {
      addressCandidates(out, a, ['newStreet', 'newPostalCode', 'newCity']);
    }
  }

  // A letterhead without a recognisable address (name, phone, e-mail only): the first name line at the top.
  if (!out.some((c) => c.field === 'lastName')) {
    const ownBlock = addresses.find((a) => a.role === 'own' && a.hit.firstLine < structure.headerEnd);
    const limit = Math.min(structure.headerEnd, ownBlock ? ownBlock.hit.firstLine : structure.headerEnd, 12);
    for (let i = 0; i < limit; i += 1) {
      const line = doc.lines[i];
      if (!line || line.blank || structure.faxHeaderLines.has(i) || structure.emailHeaderLines.has(i) || structure.dateLines.has(i)) continue;
      const text = line.text.trim();
      if (/^(?:an\b|z\.\s?hd|zu\s+h|firma\b)/i.test(text) || own.isOwnName(text) || own.isDepartment(text)) continue;
      const name = parsePersonName(text.split(/\s{3,}/)[0] ?? text);
      if (name) {
        senderNames.push(name);
        nameCandidates(out, name, text, line.start, 0.5, ['letterhead'], 'n:top');
        break;
      }
    }
  }

  // Signature: the first name-like line after the closing formula (or on the closing line itself).
  if (structure.closingLine >= 0 || structure.signatureStart < structure.signatureEnd) {
    const closing = structure.closingLine >= 0 ? doc.lines[structure.closingLine] : undefined;
    const lines: { text: string; start: number }[] = [];
    const rest = closing ? CLOSING_REMAINDER.exec(closing.text) : null;
    if (closing && rest?.[1]) lines.push({ text: rest[1], start: closing.start + closing.text.lastIndexOf(rest[1]) });
    for (let i = structure.signatureStart; i < structure.signatureEnd; i += 1) {
      const line = doc.lines[i];
      const first = doc.segments[i]?.[0];
      if (!line || line.blank || !first) continue;
      // Two signatures side by side ("Karl Huber      Erna Huber"): the first one.
      lines.push({ text: first.text, start: first.start });
    }
    let personFound = false;
    let seenText = false;
    for (const [n, entry] of lines.entries()) {
      if (n >= 6) break;
      const text = entry.text.trim().replace(SIGNATURE_NOISE, '').trim();
      if (SIGNATURE_STOP.test(text) || (personFound && DELIMITER.test(text))) break;
      if (text.length === 0 || ROLE_LINE.test(text) || own.isOwnName(text) || SCRIBBLE.test(text)) continue;
      const firstText = !seenText;
      seenText = true;
      // "Gruß\nSiegfried": a single word signing the letter, as people sign e-mails and notes.
      if (firstText && !personFound && isLoneNameToken(text)) {
        loneSignature = { text: text.replace(/[\s.,!]+$/, ''), start: entry.start + Math.max(0, entry.text.indexOf(text)) };
        continue;
      }
      const start = entry.start + Math.max(0, entry.text.indexOf(text));
      if (isCompanyName(text) && !/\d{5}/.test(text)) {
        companies.push(text);
        out.push(candidate('company', text.replace(/\s+/g, ' '), text, start, start + text.length, 0.6, ['signature'], { group: 'c:sig' }));
        continue;
      }
      if (personFound) continue;
      const bare = text.replace(/^\(|\)$/g, '');
      // Handwriting OCR often comes out in lower case: "renate voigt".
      const name = parsePersonName(bare) ?? (/^[a-zäöüß]+(?:[ -][a-zäöüß]+){1,2}$/.test(bare) ? parsePersonName(capitalise(bare)) : null);
      if (name) {
        personFound = true;
        senderNames.push(name);
        nameCandidates(out, name, text, start, 0.7, ['signature'], 'n:sig');
      }
    }
  }

  // E-mail header "Von: Hans Müller <…>".
  for (const i of structure.emailFromLines) {
    const line = doc.lines[i];
    if (!line || i >= structure.quotedFrom) continue;
    const m = VON_DISPLAY.exec(line.text);
    const display = m?.[1]?.trim();
    if (!display || own.isOwnName(display)) continue;
    const name = parsePersonName(display);
    const start = line.start + line.text.indexOf(display);
    if (name) {
      senderNames.push(name);
      nameCandidates(out, name, display, start, 0.8, ['email_header'], 'n:von');
    } else if (isCompanyName(display)) {
      companies.push(display);
      out.push(candidate('company', display, display, start, start + display.length, 0.6, ['email_header'], { group: 'c:von' }));
    }
  }

  // "mein Name ist Hans Müller".
  const bodyEnd = doc.lines[structure.quotedFrom]?.start ?? doc.text.length;
  NAME_IN_BODY.lastIndex = 0;
  for (let m = NAME_IN_BODY.exec(doc.text); m !== null && m.index < bodyEnd; m = NAME_IN_BODY.exec(doc.text)) {
    const raw = m[1] as string;
    const name = parsePersonName(raw);
    if (!name) continue;
    senderNames.push(name);
    nameCandidates(out, name, raw, m.index + m[0].indexOf(raw), 0.5, ['body_phrase'], 'n:body');
  }
  NEW_SURNAME.lastIndex = 0;
  for (let m = NEW_SURNAME.exec(doc.text); m !== null && m.index < bodyEnd; m = NEW_SURNAME.exec(doc.text)) {
    const raw = m[1] as string;
    if (isStopWord(raw)) continue;
    const start = m.index + m[0].lastIndexOf(raw);
    // The surname as it is now outranks the old one in a letterhead or signature.
    out.push(candidate('lastName', raw, raw, start, start + raw.length, 0.88, ['body_phrase', 'new_surname'], { group: 'n:newname' }));
    // The first name stays: it joins the new surname.
    const firstNames = out.filter((c) => c.field === 'firstName' && c.group !== undefined);
    for (const c of firstNames) out.push(candidate('firstName', c.value, c.raw, c.start, c.end, c.confidence, [...c.evidence, 'new_surname'], { group: 'n:newname' }));
    break;
  }
  if (loneSignature) addLoneFirstName(out, loneSignature, doc.text.slice(0, bodyEnd));
  return { candidates: out, senderNames, companies };
}

const EMAIL_LOCAL = /([A-Za-z0-9._%+-]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

function foldAscii(text: string): string {
  return text.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
}

/**
 * A signature of one word is the writer's first name: it completes an initial of the same
 * letter ("Von: L. Bäumer" … "Lukas") or a surname known without a first name ("heiße jetzt
 * Vogt" … "Svetlana"); alone it is a first name of its own, surer when the sender's e-mail
 * address spells it ("charlotte.schaefer@…"). Never when it is a surname already found.
 */
function addLoneFirstName(out: Candidate[], lone: { text: string; start: number }, text: string): void {
  const word = lone.text;
  const end = lone.start + word.length;
  const lastNames = out.filter((c) => c.field === 'lastName');
  if (lastNames.some((c) => c.value.toLowerCase() === word.toLowerCase())) return;
  const firstNames = out.filter((c) => c.field === 'firstName');
  if (firstNames.some((c) => c.value === word)) return;
  const initials = firstNames.filter((c) => c.evidence.includes('initial_only') && c.value.charAt(0).toLowerCase() === word.charAt(0).toLowerCase());
  const otherInitials = firstNames.filter((c) => c.evidence.includes('initial_only') && !initials.includes(c));
  for (const c of initials) {
    if (c.group === undefined) continue;
    out.push(candidate('firstName', word, word, lone.start, end, Math.max(0.75, c.confidence + 0.3), ['signature', 'initial_confirmed'], { group: c.group }));
  }
  if (initials.length > 0 || otherInitials.length > 0) return;
  const groups = new Set(lastNames.map((c) => c.group).filter((g): g is string => g !== undefined));
  for (const group of groups) {
    if (firstNames.some((c) => c.group === group)) continue;
    out.push(candidate('firstName', word, word, lone.start, end, 0.6, ['signature', 'first_name_only'], { group }));
  }
  if (firstNames.length > 0 || lastNames.length > 0) return;
  const folded = foldAscii(word);
  let inEmail = false;
  EMAIL_LOCAL.lastIndex = 0;
  for (let m = EMAIL_LOCAL.exec(text); m !== null && !inEmail; m = EMAIL_LOCAL.exec(text)) {
    inEmail = (m[1] as string).toLowerCase().split(/[._%+\d-]+/).includes(folded);
  }
  out.push(candidate('firstName', word, word, lone.start, end, inEmail ? 0.7 : 0.45, inEmail ? ['signature', 'first_name_only', 'email_local_part'] : ['signature', 'first_name_only']));
}
