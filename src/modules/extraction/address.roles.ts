/**
 * What an address found in a letter is: ours (the recipient block, "an Ihre Adresse
 * Postfach …"), the sender's (letterhead, return line, signature, "ich wohne in …"),
 * the new one of a move ("meine neue Anschrift lautet", "ab dem 1.12. wohnen wir in",
 * "umgezogen nach …"), the old one ("bisherige Anschrift", "umgezogen von der …"), or
 * something else (a shop, the old provider).
 */
import type { AddressHit } from './address.finder.ts';
import type { LetterStructure } from './letter.structure.ts';
import type { CompiledOwnIdentity } from './own-identity.ts';
import { isCompanyName, parsePersonName } from './person-name.ts';

export type AddressRole = 'own' | 'sender' | 'new' | 'old' | 'represented' | 'other';

export interface ClassifiedAddress {
  hit: AddressHit;
  role: AddressRole;
  confidence: number;
  evidence: string[];
}

const NEW_TRIGGER =
  /neue[nr]?\s+(?:adresse|anschrift|wohnanschrift|wohnadresse|postanschrift|rechnungsanschrift|lieferanschrift|lieferadresse|meldeadresse|wohnung|heimat|zuhause)|(?:adresse|anschrift)\s+(?:lautet|ist)\s+(?:ab|jetzt|nun|k(?:ü|ue|u)nftig|zuk(?:ü|ue|u)nftig|neu)|(?:wohne|wohnen|lebe|leben)\s+(?:ich|wir)\s+(?:ab|jetzt|nun|k(?:ü|ue|u)nftig|zuk(?:ü|ue|u)nftig|neu|seit\s+kurzem|inzwischen|mittlerweile)|(?:ab|seit)\s+(?:dem\s+)?[^.\n]{0,30}\s(?:wohne|wohnen|lebe|leben)\s+(?:ich|wir)|umgezogen|umziehen|ziehe[n]?\s+(?:ich|wir)?\s*(?:um|nach|in)|umzug\s+(?:nach|in)|neuer?\s+wohnort|ab\s+sofort\s+(?:unter|in)|k(?:ü|ue|u)nftig|zuk(?:ü|ue|u)nftig|nach\s+dem\s+umzug|\bneu\s*:|adress(?:ä|ae|a)nderung|anschriften(?:ä|ae|a)nderung|unter\s+(?:der|folgender)\s+(?:neuen\s+)?(?:adresse|anschrift)|\b(?:nach|in\s+die|in\s+den|in\s+das|in\s+der|zur|zum)\s*$|\bumzug(?:s|es)?\b|(?:schicken|senden|richten|adressieren)\s+sie\s+(?:bitte\s+)?(?:\S+\s+){0,3}(?:post|briefe|rechnungen|korrespondenz|schreiben|unterlagen|sendungen)\b|\b(?:post|briefe|rechnungen|korrespondenz|sendungen)\s+(?:bitte\s+)?(?:ab\s+\S+\s+)?(?:(?:erreich(?:t|en)\s+(?:mich|uns))|an\s+(?:folgende|meine[nrm]?|unsere[nrm]?))/gi;
const OLD_TRIGGER =
  /alte[nr]?\s+(?:adresse|anschrift|wohnung)|bisherige[nr]?\s+(?:adresse|anschrift|wohnort|wohnung)|\bbisher\b|vorherige[nr]?\s+(?:adresse|anschrift)|fr(?:ü|ue|u)here[nr]?\s+(?:adresse|anschrift)|(?:ausgezogen|weggezogen)\s+(?:aus|von)|\bvon\s+(?:der|dem|den)\s*$|\balt\s*:|ehemalige[nr]?\s+(?:adresse|anschrift)/gi;
const CURRENT_TRIGGER =
  /(?:wohne|wohnen|wohnt|lebe|leben|lebt)\s+(?:ich|wir)?\s*(?:in|unter|am|im)\b|meine\s+(?:adresse|anschrift)\s+(?:lautet|ist)|wohnhaft\s+(?:in)?|\b(?:anschrift|adresse|wohnort|standort|firmensitz|anschlussadresse|anschlussanschrift)\s*:\s*$/gi;
const OWN_CONTEXT = /\b(?:ihre|eure|ihrer)\s+(?:adresse|anschrift|postanschrift|zentrale|filiale|niederlassung)|\ban\s+sie\b|\bihr(?:em|en)?\s+(?:shop|laden|gesch(?:ä|ae|a)ft)/i;
const RECIPIENT_LEAD = /^(?:an\s+(?:die|den|das)?|an$|firma|z\.\s?hd|zu\s+h(?:ä|ae|a)nden)/i;

/** The sentence an address stands in: "… hat mich an Sie verwiesen. Am 31.08. ziehe ich nach …" → the second one. */
function currentSentence(context: string): string {
  let from = 0;
  const ends = /[!?]\s+|\p{L}{2}\.\s+(?=\p{Lu})|\n[ \t]*\n/gu;
  for (let m = ends.exec(context); m !== null; m = ends.exec(context)) from = m.index + m[0].length;
  return context.slice(from);
}

/** Offset of the last match of a global regex (‑1 if none). */
function lastAt(re: RegExp, text: string): number {
  let at = -1;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    at = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex += 1;
  }
  return at;
}

function isOwn(hit: AddressHit, own: CompiledOwnIdentity): boolean {
  if (hit.nameLines.some((n) => own.isOwnName(n.text))) return true;
  if (hit.street && own.isOwnStreet(hit.street)) return true;
  if (own.isOwnPostcode(hit.postalCode)) {
    // Our postcode with only departments / recipient words (or nothing) above it.
    const personal = hit.nameLines.filter((n) => !own.isDepartment(n.text) && !RECIPIENT_LEAD.test(n.text) && !own.isOwnName(n.text));
    if (personal.length === 0) return true;
    if (hit.prose && OWN_CONTEXT.test(hit.contextBefore)) return true;
  }
  return false;
}

export interface RoleOptions {
  /** Offsets of every mention of the represented person's name (letters written on behalf). */
  representedAt?: { start: number; end: number }[];
  /** Offsets of each address's start → the line index, for position checks. */
  lineOf: (offset: number) => number;
}

export function classifyAddresses(
  hits: AddressHit[],
  structure: LetterStructure,
  own: CompiledOwnIdentity,
  options: RoleOptions,
): ClassifiedAddress[] {
  const out: ClassifiedAddress[] = [];
  let headerSenders = 0;
  for (const hit of hits) {
    const evidence: string[] = [];
    const plausibility = 0.6 + 0.4 * hit.plausibility;
    const scale = (x: number): number => x * plausibility - (hit.postalRepaired ? 0.05 : 0);
    if (hit.postalRepaired) evidence.push('ocr_repaired');
    if (isOwn(hit, own)) {
      out.push({ hit, role: 'own', confidence: 0, evidence: ['own_identity'] });
      continue;
    }
    const quoted = hit.line >= structure.quotedFrom;
    const inHeader = hit.firstLine < structure.headerEnd && !hit.prose;
    const inSignature = hit.line >= structure.signatureStart && hit.line < structure.signatureEnd;
    const rep = options.representedAt ?? [];
    if (rep.some((r) => hit.start >= r.end && hit.start - r.end < 140 && options.lineOf(hit.start) - options.lineOf(r.end) <= 3)) {
      out.push({ hit, role: 'represented', confidence: scale(0.9), evidence: [...evidence, 'represented_person'] });
      continue;
    }
    if (inHeader) {
      const recipientLike = hit.nameLines.length > 0 && RECIPIENT_LEAD.test(hit.nameLines[0]?.text ?? '');
      if (recipientLike) {
        out.push({ hit, role: 'other', confidence: scale(0.2), evidence: [...evidence, 'recipient_block'] });
        continue;
      }
      headerSenders += 1;
      const base = headerSenders === 1 ? (hit.street ? 0.85 : 0.65) : 0.45;
      out.push({ hit, role: 'sender', confidence: scale(base - (quoted ? 0.3 : 0)), evidence: [...evidence, hit.inline ? 'return_line' : 'sender_block'] });
      continue;
    }
    const context = hit.contextBefore.slice(-160);
    const newAt = lastAt(NEW_TRIGGER, context);
    const oldAt = lastAt(OLD_TRIGGER, context);
    const curAt = lastAt(CURRENT_TRIGGER, context);
    const q = quoted ? 0.5 : 1;
    // A signature follows a closing formula; without one, an address right after "neue Anschrift:" is no signature.
    if (inSignature && !hit.prose && (structure.closingLine >= 0 || (newAt < 0 && oldAt < 0))) {
      out.push({ hit, role: 'sender', confidence: scale(hit.street ? 0.75 : 0.55), evidence: [...evidence, 'signature'] });
      continue;
    }
    // "Horst Lange, Kantstr. 88, 10627 Berlin" as the last line of a note: the sender signing.
    const closingAddress = hit.inline && !hit.prose && hit.line >= structure.lastTextLine - 2 && hit.nameLines.some((n) => parsePersonName(n.text) !== null);
    if (OWN_CONTEXT.test(currentSentence(context.slice(-60))) && !isCompanyName(hit.nameLines.map((n) => n.text).join(' '))) {
      out.push({ hit, role: 'other', confidence: scale(0.1), evidence: [...evidence, 'own_context'] });
    } else if (newAt >= 0 && newAt >= oldAt) {
      out.push({ hit, role: 'new', confidence: scale(0.85 * q), evidence: [...evidence, 'new_address_label'] });
    } else if (oldAt >= 0) {
      out.push({ hit, role: 'old', confidence: scale(0.7 * q), evidence: [...evidence, 'old_address_label'] });
    } else if (closingAddress) {
      out.push({ hit, role: 'sender', confidence: scale(0.7 * q), evidence: [...evidence, 'signature'] });
    } else if (curAt >= 0) {
      out.push({ hit, role: 'sender', confidence: scale(0.6 * q), evidence: [...evidence, 'body_current_address'] });
    } else {
      out.push({ hit, role: 'other', confidence: scale(0.3 * q), evidence: [...evidence, 'body_address'] });
    }
  }
  return out;
}
