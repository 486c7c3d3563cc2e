/**
 * Phone numbers in the text: labelled ones ("Tel.:", "Mobil", "Rufnummer", "erreichbar
 * unter") first — there OCR letters in the number are repaired ("O221" → "0221") —
 * then unlabelled runs that libphonenumber accepts, and the sending number of a fax
 * header. Ours ("Ihre Hotline 0800 …", configured numbers) never count. A number that the
 * line wrap of a paragraph split after its prefix ("erreichbar unter +49 (0)⏎941 939 3080")
 * is read across the break.
 */
import type { CountryCode } from 'libphonenumber-js';
import { candidate, type Candidate, type SpanRegistry } from './candidates.ts';
import type { LetterStructure } from './letter.structure.ts';
import { FAX_LABEL, OWN_REFERENCE, PHONE_LABEL } from './labels.ts';
import { repairDigits } from './ocr-repair.ts';
import type { CompiledOwnIdentity } from './own-identity.ts';
import { normalisePhone } from './phone.normaliser.ts';
import type { PreparedDocument } from './text.document.ts';

// Not in the middle of a grouped number ("729 023 5774" is a customer number, "023 5774" no phone of it);
// "+49 …" after a time ("13:48 +49 178 …" in a fax header) is one.
const RUN = /(?<![A-Za-zÀ-ÖØ-öø-ÿ0-9+.,/-])(?:\+|(?<!\d )(?:00|\(0|0))(?:[\d \t()/.-]|[OoIlSB](?=[\d \t/.-]*\d)){5,24}\d(?![0-9])/g;
const LABEL_GAP = /^[\s:.=#-]*(?:\((?:privat|mobil|gesch(?:ä|ae|a)ftlich|dienstlich|festnetz|tags(?:über)?|abends)\)\s*[:.]?\s*)?(?:(?:privat|mobil|festnetz)\s*[:.]?\s*)?/iu;
const OCR_RUN = /^[+(]?[0-9OoIlSB][0-9OoIlSB \t()/.-]{5,24}[0-9OoIlSB](?![A-Za-zÀ-ÖØ-öø-ÿ0-9])/;
const BLOCKING = ['iban', 'email', 'date', 'customer', 'contract'] as const;
// A line that ends in a number's prefix only — country code (with the bracketed trunk zero) or area code — and
// a next line that goes on with digits: a number wrapped in a paragraph.
const WRAPPED = /(?<![A-Za-zÀ-ÖØ-öø-ÿ0-9+.,/-])(?:(?:\+|00)49(?:[ \t]*\(0\))?|\(?0\d{2,5}\)?(?:[ \t]*[/-])?)([ \t]*\n[ \t]*)(?=\d)/g;
const NEW_NUMBER = /\bneue\s+(?:telefon|handy|mobil|ruf)?nummer|\bneue\s+(?:telefon|rufnummer)|\bab\s+sofort\s+unter/i;

interface PhoneHit {
  e164: string;
  raw: string;
  start: number;
  end: number;
}

/** The longest valid phone number at the start of the run (cutting off trailing groups). */
function validPrefix(raw: string, start: number, country: CountryCode, cache: Map<string, string | null>): PhoneHit | null {
  let text = raw.split(/[ \t]{2,}/)[0] ?? raw;
  for (let guard = 0; guard < 3; guard += 1) {
    text = text.replace(/[\s()/.-]+$/, '');
    if (text.replace(/\D/g, '').length < 6) return null;
    let e164 = cache.get(text);
    if (e164 === undefined) {
      e164 = normalisePhone(text, country)?.e164 ?? null;
      cache.set(text, e164);
    }
    const n = e164 === null ? null : { e164 };
    if (n) return { e164: n.e164, raw: text, start, end: start + text.length };
    const cut = text.search(/[ \t/.-][^ \t/.-]*$/);
    if (cut <= 0) return null;
    text = text.slice(0, cut);
  }
  return null;
}

export function findPhones(
  doc: PreparedDocument,
  structure: LetterStructure,
  own: CompiledOwnIdentity,
  country: CountryCode,
  spans: SpanRegistry,
): Candidate[] {
  const { text } = doc;
  const out: Candidate[] = [];
  const taken: { start: number; end: number }[] = [];
  const cache = new Map<string, string | null>();
  const position = (start: number): { bonus: number; tag?: string } => {
    const line = doc.lineAt(start);
    if (line >= structure.quotedFrom) return { bonus: -0.25, tag: 'quoted' };
    if (line < structure.headerEnd) return { bonus: 0.05, tag: 'sender_block' };
    if (line >= structure.signatureStart && line < structure.signatureEnd) return { bonus: 0.05, tag: 'signature' };
    return { bonus: 0 };
  };
  const push = (hit: PhoneHit, confidence: number, evidence: string[]): void => {
    if (spans.hit(hit.start, hit.end, BLOCKING)) return;
    if (taken.some((t) => t.start < hit.end && hit.start < t.end)) return;
    taken.push(hit);
    spans.add(hit.start, hit.end, 'phone');
    if (own.isOwnPhone(hit.e164)) return;
    const lineStart = doc.lines[doc.lineAt(hit.start)]?.start ?? 0;
    const before = text.slice(Math.max(lineStart, hit.start - 60), hit.start);
    if (OWN_REFERENCE.test(before) || own.isOwnName(before)) return;
    if (structure.faxHeaderLines.has(doc.lineAt(hit.start)) && /\b(?:an|to|empf(?:ä|ae|a)nger|f(?:ü|ue|u)r)\s*:?\s*$/i.test(before)) return;
    const pos = position(hit.start);
    const ev = pos.tag ? [...evidence, pos.tag] : evidence;
    let c = confidence + pos.bonus;
    if (NEW_NUMBER.test(before)) ev.push('labelled_new');
    if (hit.raw !== text.slice(hit.start, hit.end)) {
      c -= 0.05;
      ev.push('ocr_repaired');
    }
    out.push(candidate('phone', hit.e164, text.slice(hit.start, hit.end), hit.start, hit.end, c, ev));
  };

  // A labelled number stands on the label's line: only lines with digits are searched.
  const digitLines = doc.lines.filter((l) => !l.blank && /\d/.test(l.text));
  const labelled = (re: RegExp, confidence: number, tag: string): void => {
    for (const line of digitLines) {
      re.lastIndex = 0;
      for (let m = re.exec(line.text); m !== null; m = re.exec(line.text)) {
        if (m[0].length === 0) {
          re.lastIndex += 1;
          continue;
        }
        readLabelled(line.start + m.index + m[0].length, confidence, tag);
      }
    }
  };
  const readLabelled = (labelEnd: number, confidence: number, tag: string): void => {
    {
      const after = text.slice(labelEnd, labelEnd + 48).split('\n')[0] ?? '';
      const gap = LABEL_GAP.exec(after)?.[0].length ?? 0;
      const at = labelEnd + gap;
      const runText = OCR_RUN.exec(text.slice(at, at + 40).split('\n')[0] ?? '')?.[0];
      if (!runText || spans.hit(at, at + 1, BLOCKING)) return;
      const repaired = repairDigits(runText);
      const hit = validPrefix(repaired, at, country, cache);
      if (hit) push({ ...hit, raw: repaired.slice(0, hit.end - hit.start) }, confidence, ['label', tag]);
    }
  };
  labelled(PHONE_LABEL, 0.85, 'phone_label');
  labelled(FAX_LABEL, 0.45, 'fax_label');

  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
    if (spans.hit(m.index, m.index + 1, BLOCKING) || taken.some((t) => t.start <= m.index && m.index < t.end)) continue;
    const raw = m[0].replace(/[\s()/.-]+$/, '');
    if (/^\d{1,2}\.\s?\d{1,2}\./.test(raw)) continue; // a (broken) date, not a number
    // OCR letters between digits ("0621 3344S56"): repaired only inside the run.
    const hit = validPrefix(repairDigits(raw), m.index, country, cache);
    if (!hit) continue;
    hit.raw = raw.slice(0, hit.end - hit.start);
    const inFaxHeader = structure.faxHeaderLines.has(doc.lineAt(m.index));
    push(hit, inFaxHeader ? 0.45 : 0.4, [inFaxHeader ? 'fax_header' : 'format_only']);
  }

  WRAPPED.lastIndex = 0;
  for (let m = WRAPPED.exec(text); m !== null; m = WRAPPED.exec(text)) {
    const lineBreak = m[1] ?? '';
    const breakAt = m.index + m[0].length - lineBreak.length;
    const rest = /^[\d \t()/.-]*\d/.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 24).split('\n')[0] ?? '')?.[0];
    if (!rest || spans.hit(m.index, m.index + 1, BLOCKING) || taken.some((t) => t.start <= m.index && m.index < t.end)) continue;
    // Read as one line: the break becomes one space, offsets after it move by the break's extra length.
    const joined = `${text.slice(m.index, breakAt)} ${rest}`;
    if (joined.replace(/\D/g, '').length < 9) continue;
    const hit = validPrefix(joined, m.index, country, cache);
    if (!hit || hit.end <= breakAt) continue;
    const end = hit.end + lineBreak.length - 1;
    push({ ...hit, end, raw: text.slice(m.index, end) }, 0.4, ['format_only', 'wrapped']);
  }
  return out;
}
