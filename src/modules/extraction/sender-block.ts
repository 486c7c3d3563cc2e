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
import { isCompanyName, parsePersonName, type PersonName } from './person-name.ts';
import type { PreparedDocument } from './text.document.ts';

const CLOSING_REMAINDER =
  /^\s*(?:(?:mit\s+)?(?:den\s+)?(?:freundliche[nm]?|besten|beste[mn]?|herzliche[nm]?|liebe[nm]?|viele[nm]?|sonnige[nm]?|sch(?:ö|oe|o)ne[nm]?|kollegiale[nm]?|verbindliche[nm]?|ver(?:ä|ae|a)rgerte[nm]?|genervte[nm]?|dankende[nm]?)\s+gr\S*|mfg|vg|lg|gru(?:ß|ss|s)|hochachtungsvoll)[\s,.!]+(.+)$/i;
const SIGNATURE_NOISE = /^(?:gez\.?|gezeichnet|i\.\s?a\.?|i\.\s?v\.?|ppa\.?|p\.\s?p\.?|\(?unterschrift\)?|-{2,}\s*|_{3,}|~+|\/s\/)\s*/i;
const SIGNATURE_STOP = /^(?:anlagen?|anhang|ps\b|p\.\s?s\.|von:|gesendet|am\s.+schrieb|diese\s+e-?mail|sent\s+from|von\s+meinem\s+(?:iphone|ipad|smartphone|samsung))/i;
/** "-- " starts an e-mail signature; after the name it ends it. */
const DELIMITER = /^(?:-{2,}|_{3,})\s*$/;
const ROLE_LINE = /^(?:rechtsanw(?:ä|ae|a)lt(?:in)?|fachanw(?:ä|ae|a)lt|gesch(?:ä|ae|a)ftsf(?:ü|ue|u)hr(?:er|erin|ung)|inhaber(?:in)?|betreuer(?:in)?|vorstand|prokurist|sachbearbeit|assistenz|kundin|kunde)\b/i;
const NAME_IN_BODY =
  /\b(?:mein\s+name\s+ist|ich\s+hei(?:ß|ss)e|ich\s+bin\s+(?:die|der)\s+kund(?:in|e)|mit\s+dem\s+namen)\s+((?:(?:Herr|Frau|Dr\.|Prof\.)\s+)*[A-ZÄÖÜ][\p{L}'-]+(?:\s+(?:von|van|de|der|zu)?\s*[A-ZÄÖÜ][\p{L}'-]+){0,2})/gu;
const VON_DISPLAY = /^\s*(?:von|from)\s*:\s*"?([^"<@\n]+?)"?\s*(?:<[^>]*>|\[mailto:[^\]]*\])?\s*$/i;

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
    for (const [n, entry] of lines.entries()) {
      if (n >= 6) break;
      const text = entry.text.trim().replace(SIGNATURE_NOISE, '').trim();
      if (SIGNATURE_STOP.test(text) || (personFound && DELIMITER.test(text))) break;
      if (text.length === 0 || ROLE_LINE.test(text) || own.isOwnName(text)) continue;
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
  return { candidates: out, senderNames, companies };
}
