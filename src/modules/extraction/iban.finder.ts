/**
 * Finds IBANs in the text — any country, with or without spaces, broken over a line,
 * OCR-garbled — and rates them: the one labelled new ("neue IBAN", "neue
 * Bankverbindung", "ab sofort von folgendem Konto") beats an old one ("alte IBAN",
 * "bisherige Bankverbindung"); ours (an invoice copy, our payment details) is dropped.
 */
import { candidate, type Candidate, type SpanRegistry } from './candidates.ts';
import { ibanLength, validateIbanWithRepair } from './iban.validator.ts';
import type { CompiledOwnIdentity } from './own-identity.ts';
import type { PreparedDocument } from './text.document.ts';

// Groups may be set apart by two spaces ("DE05  1001  1001  0995  6210  13").
const START = /(?<![A-Za-z0-9])([A-Z]{2}|[Dd][Ee])[ ]{0,2}([0-9OoIlSB][ ]{0,2}[0-9OoIlSB])(?=[ ]{0,2}[0-9A-Za-z])/g;
const BODY_CHAR = /[0-9A-Za-z|]/;
const NEW_CONTEXT =
  /\bneue[nrs]?\b|\bneu\b|\bab\s+sofort\b|\bk(?:ü|ue|u)nftig|\bzuk(?:ü|ue|u)nftig|\bab\s+(?:dem|jetzt|nun)\b|\bab\s+\d|\bge(?:ä|ae|a)nderte|\bumstellen\s+auf|\bwechsel\s+(?:auf|zu)|\bvon\s+folgendem\s+konto|\bfolgende\s+(?:iban|bankverbindung|konto)/gi;
const OLD_CONTEXT = /\balte[nrs]?\b|\balt\b|\bbisherige[nrs]?\b|\bbisher\b|\bvorherige[nrs]?\b|\bfr(?:ü|ue|u)here[nrs]?\b|\bnicht\s+mehr\b|\bgeschlossen|\baufgel(?:ö|oe|o)st/gi;
const IBAN_LABEL = /\biban\b|\bbankverbindung\b|\bkonto(?:verbindung|nummer)?\b|\blastschrift|\bsepa\b|\babbuchung/i;
const OWN_CONTEXT = /\b(?:ihr(?:e[rnms]?)?|eu(?:e)?r(?:e[rnms]?)?)\s+(?:iban|bankverbindung|konto)|\bempf(?:ä|ae|a)nger\b|\bzahlungsempf/i;

export interface IbanFinderDeps {
  doc: PreparedDocument;
  own: CompiledOwnIdentity;
  spans: SpanRegistry;
}

/** IBAN candidates; registers their spans so no phone or customer number is read inside them. */
export function findIbans({ doc, own, spans }: IbanFinderDeps): Candidate[] {
  const { text } = doc;
  const out: Candidate[] = [];
  let previousEnd = 0;
  START.lastIndex = 0;
  for (let m = START.exec(text); m !== null; m = START.exec(text)) {
    const country = (m[1] as string).toUpperCase();
    const total = ibanLength(country);
    if (total === undefined) continue;
    const read = collect(text, m.index, total);
    if (!read) continue;
    const check = validateIbanWithRepair(read.chars);
    if (!check) continue;
    START.lastIndex = read.end;
    spans.add(m.index, read.end, 'iban');
    const before = contextBefore(doc, m.index, previousEnd);
    previousEnd = read.end;
    if (own.isOwnIban(check.iban)) continue;

    const evidence: string[] = ['mod97'];
    let confidence = 0.75;
    if (IBAN_LABEL.test(before)) {
      confidence += 0.1;
      evidence.push('label');
    }
    if (OWN_CONTEXT.test(before)) {
      confidence -= 0.45;
      evidence.push('own_context');
    }
    const newAt = lastMatch(NEW_CONTEXT, before);
    const oldAt = lastMatch(OLD_CONTEXT, before);
    const isNew = newAt > oldAt;
    const isOld = oldAt > newAt;
    if (isNew) {
      confidence += 0.12;
      evidence.push('labelled_new');
    } else if (isOld) {
      confidence -= 0.25;
      evidence.push('labelled_old');
    }
    if (check.repaired) {
      confidence -= 0.05;
      evidence.push('ocr_repaired');
    }
    if (read.glued) confidence -= 0.15;
    out.push(candidate('iban', check.iban, text.slice(m.index, read.end), m.index, read.end, confidence, evidence));
  }
  return out;
}

/**
 * Collects `total` IBAN characters from `start`, skipping single spaces and one line
 * break; returns null when the text ends or another character intervenes first.
 */
function collect(text: string, start: number, total: number): { chars: string; end: number; glued: boolean } | null {
  let chars = '';
  let i = start;
  let breaks = 0;
  while (chars.length < total && i < text.length) {
    const ch = text[i] as string;
    if (BODY_CHAR.test(ch)) {
      chars += ch;
      i += 1;
      continue;
    }
    if (ch === ' ' && BODY_CHAR.test(text[i + 1] ?? '')) {
      i += 1;
      continue;
    }
    if (ch === ' ' && text[i + 1] === ' ' && BODY_CHAR.test(text[i + 2] ?? '')) {
      i += 2;
      continue;
    }
    if (ch === '\n' && breaks === 0 && BODY_CHAR.test(text[i + 1] ?? '')) {
      breaks += 1;
      i += 1;
      continue;
    }
    break;
  }
  if (chars.length !== total) return null;
  return { chars, end: i, glued: BODY_CHAR.test(text[i] ?? '') && /[0-9]/.test(text[i] ?? '') };
}

/** The text before an IBAN on its line and the line before (where "neue IBAN:" stands), not reaching back past the previous IBAN. */
function contextBefore(doc: PreparedDocument, offset: number, previousEnd: number): string {
  const line = doc.lineAt(offset);
  const from = doc.lines[Math.max(0, line - 1)]?.start ?? 0;
  return doc.text.slice(Math.max(from, previousEnd, offset - 160), offset);
}

/** Offset of the last match of a (global) regex in the text, -1 when none: the nearer label wins. */
function lastMatch(regex: RegExp, text: string): number {
  let at = -1;
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    at = m.index;
    if (m[0].length === 0) regex.lastIndex += 1;
  }
  return at;
}
