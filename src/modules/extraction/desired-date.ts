/**
 * Which of the dates in a letter is the one the customer wants something to take
 * effect ("kündige zum 31.12.2026", "ab dem 1. Januar", "zum Monatsende", "in zwei
 * Wochen"), which is the birth date ("geb. am 12.03.1956"), and which are neither
 * (the letter's date line, "Rechnung vom …", "Ihr Schreiben vom …", the fax header).
 * "zum nächstmöglichen Termin", "fristgerecht", "schnellstmöglich" set the flag
 * `date_next_possible` instead of a date.
 */
import * as chrono from 'chrono-node';
import { candidate, type Candidate, type SpanRegistry } from './candidates.ts';
import { type CalendarDate, dayDiff, type DateMention, localDate, toIso } from './dates.ts';
import type { LetterStructure } from './letter.structure.ts';
import type { PreparedDocument } from './text.document.ts';

const STRONG_TRIGGER =
  /(?:\b(?:zum|zu\s+dem|per|ab|mit\s+wirkung\s+(?:zum|ab|vom)|wirksam\s+(?:zum|ab)|sp(?:ä|ae|a)testens\s+(?:zum|am|ab)|g(?:ü|ue|u)ltig\s+ab|beginnend\s+(?:am|mit)|ablauf\s+(?:des|vom)|(?:wunsch|umzugs|k(?:ü|ue|u)ndigungs|portierungs|wechsel|umstellungs|start|end)?termin|stichtag|(?:umzug|einzug|auszug|portierung|umstellung|wechsel|k(?:ü|ue|u)ndigung|vertragsende|beginn|start|(?:ä|ae|a)nderung|abschaltung|freischaltung|umschaltung)\s+(?:am|zum|ab|per|ist\s+(?:am|der))|(?:ziehe|ziehen|wohne|wohnen)\s+(?:ich|wir)\s+(?:am|ab))\s*:?\s*(?:dem|den|des)?\s*(?:(?:mo|di|mi|do|fr|sa|so)\.?,?\s*|(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag),?\s*)?$|\bab\s+dem\s*$)/i;
/** Labels of the wished date: "Gewünschtes Vertragsende: …", "Kündigungstermin: …", "Stichtag: …". */
const DATE_LABEL =
  /\b(?:gew(?:ü|ue|u)nschte[sr]?\s+)?(?:vertragsende|vertragsbeginn|k(?:ü|ue|u)ndigungstermin|k(?:ü|ue|u)ndigungsdatum|wunschtermin|wunschdatum|wechseltermin|wechseldatum|umzugstermin|umzugsdatum|einzugsdatum|portierungstermin|portierungsdatum|umstellungstermin|umstellungsdatum|stichtag|termin|beendigungstermin|beendigungsdatum|ausf(?:ü|ue|u)hrungstermin|g(?:ü|ue|u)ltig\s+ab|wirksam\s+ab|beginn|ende)\s*:\s*$/i;
const MEDIUM_TRIGGER = /\b(?:am|bis(?:\s+zum|\s+sp(?:ä|ae|a)testens(?:\s+zum)?)?|ende|anfang|mitte|im|sp(?:ä|ae|a)testens)\s*(?:dem|den)?\s*$/i;
const PAST_REFERENCE =
  /\b(?:vom|seit|datiert|datum|rechnungsdatum|schreiben|brief|e-?mail|mail|bescheid|angebot|bestellung|lastschrift|abbuchung|gutschrift|zahlung|eingegangen|erhalten|angerufen|telefonat|gespr(?:ä|ae|a)ch|erstellt|ausgestellt|unterschrieben|abgeschlossen|geschlossen|gek(?:ü|ue|u)ndigt\s+am|bereits\s+am|schon\s+am|zuletzt\s+am|mahnung|rechnung|stand|leistungszeitraum|zeitraum|abrechnungszeitraum)\b[^.!?\n]{0,25}$/i;
const BIRTH = /\b(?:geb(?:\.|oren|urtsdatum|urtstag)?|geburtsdatum|geb-datum|\*)\s*(?:am|den)?\s*:?\s*$/i;
const NEXT_POSSIBLE =
  /n(?:ä|ae|a)chstm(?:ö|oe|o)glich|fr(?:ü|ue|u)hestm(?:ö|oe|o)glich|fristgerecht|fristgem(?:ä|ae|a)(?:ß|ss)|fristlos|mit\s+sofortiger\s+wirkung|\bab\s+sofort\b|unter\s+einhaltung\s+der\s+(?:[A-Za-zÀ-ÖØ-öø-ÿ]+\s+){0,2}(?:k(?:ü|ue|u)ndigungs)?frist|zum\s+n(?:ä|ae|a)chsten\s+(?:m(?:ö|oe|o)glichen\s+|zul(?:ä|ae|a)ssigen\s+)?(?:termin|zeitpunkt)|ordentlich\s+(?:und\s+fristgerecht\s+)?k(?:ü|ue|u)ndig|ende\s+der\s+(?:mindest)?vertragslaufzeit|zum\s+ablauf\s+der\s+(?:mindest)?(?:vertrags)?laufzeit|zum\s+vertragsende/i;
/** "schnellstmöglich" counts, "schnellstmögliche Rückmeldung" (about our answer) does not. */
const SOON =
  /(?:schnellstm(?:ö|oe|o)glich|baldm(?:ö|oe|o)glichst|so\s+(?:schnell|bald)\s+wie\s+m(?:ö|oe|o)glich)(e[nrs]?)?(?:\s+(\S+))?/gi;
const ABOUT_OUR_ANSWER = /^(?:r(?:ü|ue|u)ckmeldung|antwort|bearbeitung|best(?:ä|ae|a)tigung|r(?:ü|ue|u)ckruf|kl(?:ä|ae|a)rung|erledigung|reaktion|erstattung|gutschrift|nachricht|information|stellungnahme|pr(?:ü|ue|u)fung|zusendung)/i;

function wantsSoonest(text: string): boolean {
  if (NEXT_POSSIBLE.test(text)) return true;
  SOON.lastIndex = 0;
  for (let m = SOON.exec(text); m !== null; m = SOON.exec(text)) {
    if (!(m[1] !== undefined && m[2] !== undefined && ABOUT_OUR_ANSWER.test(m[2]))) return true;
  }
  return false;
}
/** After a date: the sentence tells of something that already happened ("am 3.11. habe ich angerufen"). */
const PAST_AFTER =
  /^[^!?\n]{0,60}?\b(?:habe|hatte|hat|haben|hatten|wurde|wurden|war|waren|bekam|erhielt|erhalten|bekommen|angerufen|geschrieben|gesendet|geschickt|mitgeteilt|bestellt|abgeschlossen|gebucht|abgebucht|eingegangen|bezahlt|(?:ü|ue)berwiesen|verstorben|gestorben|telefoniert|gesprochen|zugestellt|geliefert|installiert|ausgefallen)/i;
/** The date is a deadline for us ("bestätigen Sie bis zum …"), not the customer's wish. */
const DEADLINE =
  /\b(?:best(?:ä|ae|a)tig|antwort|r(?:ü|ue|u)ckmeld|melden\s+sie|erstatt|gutschr|zur(?:ü|ue|u)ckruf|reaktion|stellungnahme|(?:ü|ue|u)berweis|zahlen\s+sie|frist\s+(?:bis|zum)|korrektur|korrigier|kl(?:ä|ae|a)rung|kl(?:ä|ae|a)ren|erledig|bearbeit|bescheid|stornier|r(?:ü|ue|u)ckzahl|entsch(?:ä|ae|a)dig)/i;
const UNTIL = /\bbis(?:\s+zum|\s+sp(?:ä|ae|a)testens(?:\s+zum)?)?\s*(?:dem|den)?\s*$/i;
/** Words after which chrono is asked about a date expression our own patterns did not catch. */
const CHRONO_TRIGGER = /\b(?:zum|ab|per)\s+(?=[A-Za-zÀ-ÖØ-öø-ÿ])/gi;
const NO_BODY_DATE = /^(?:ihr(?:e|em)?|unser(?:e|em)?)\b/i;
const SUBJECT_HEADER = /^\s*(?:betreff|betr\.|subject)\s*:/i;
/** E-mail header lines that give when the mail was written. */
const SENT_HEADER = /^\s*(?:gesendet|datum|date|sent)\s*:/i;
/** A letter's own date counts as its reference day only this many days before its receipt (post, a backlog). */
const LETTER_DATE_MAX_AGE_DAYS = 120;

/**
 * The day the letter was written — its date line ("Köln, den 20.11.2026") or the e-mail's
 * "Gesendet:" header — when that lies shortly before the receipt: "zum 20.12." and "Ende
 * nächsten Monats" mean what they meant to the writer, also when the letter is scanned late.
 */
export function findLetterDate(doc: PreparedDocument, structure: LetterStructure, mentions: DateMention[], received: CalendarDate): CalendarDate | null {
  for (const mention of mentions) {
    if (mention.kind !== 'absolute') continue;
    const line = doc.lineAt(mention.start);
    const sentHeader = structure.emailHeaderLines.has(line) && SENT_HEADER.test(doc.lines[line]?.text ?? '');
    if (!sentHeader && !(structure.dateLines.has(line) && line < Math.max(structure.headerEnd, 1) + 2)) continue;
    const age = dayDiff(mention.date, received);
    return age >= -1 && age <= LETTER_DATE_MAX_AGE_DAYS ? mention.date : null;
  }
  return null;
}

const WEEKDAY = /montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|wochenende/i;

export interface DateFindings {
  candidates: Candidate[];
  flags: string[];
}

export function classifyDates(
  doc: PreparedDocument,
  structure: LetterStructure,
  mentions: DateMention[],
  ref: CalendarDate,
  referenceInstant: Date,
  timeZone: string,
  spans: SpanRegistry,
): DateFindings {
  const out: Candidate[] = [];
  const flags: string[] = [];
  for (const mention of mentions) {
    const line = doc.lineAt(mention.start);
    spans.add(mention.start, mention.end, 'date');
    const before = clauseBefore(doc, mention.start);
    const iso = toIso(mention.date);
    const diff = dayDiff(ref, mention.date);
    if (BIRTH.test(before)) {
      // "geboren am 3. März" with the year lost to OCR: neither a birth date nor a wish.
      if (diff < -365 * 5) out.push(candidate('birthDate', iso, mention.raw, mention.start, mention.end, 0.85, ['label']));
      continue;
    }
    // The subject line of an e-mail is a header line, but it states the wish ("Betreff: Kündigung zum 31.03.2027").
    const subject = structure.emailHeaderLines.has(line) && SUBJECT_HEADER.test(doc.lines[line]?.text ?? '');
    if (structure.faxHeaderLines.has(line) || (structure.emailHeaderLines.has(line) && !subject) || structure.dateLines.has(line)) continue;
    if (diff < -365 * 3) continue; // a birth date or an old contract date, never a wish
    const until = UNTIL.test(before);
    const strong = !until && (STRONG_TRIGGER.test(before) || DATE_LABEL.test(before));
    // "Abbuchung ab 8. Juni": a trigger right before the date outweighs a past-sounding word further back.
    if (!strong && PAST_REFERENCE.test(before)) continue;

    const after = doc.text.slice(mention.end, mention.end + 60);
    const evidence: string[] = [];
    let confidence: number;
    // A bare month word ("im September") needs "ab"/"zum"; "Ende Februar" carries its own sense.
    const bareMonth = mention.kind !== 'relative' && /^\p{L}+\.?(?:\s+\d{4})?$/u.test(mention.raw.trim());
    if (strong) {
      confidence = 0.85;
      evidence.push('trigger');
    } else if (bareMonth) {
      continue;
    } else if (until) {
      confidence = 0.28;
      evidence.push('until');
    } else if (MEDIUM_TRIGGER.test(before) || mention.kind === 'relative' || /^(?:anfang|mitte|ende)\s/i.test(mention.raw)) {
      confidence = 0.55;
      evidence.push('weak_trigger');
    } else {
      confidence = 0.3;
      evidence.push('no_trigger');
    }
    if (diff < 0 && PAST_AFTER.test(after)) continue;
    // "innerhalb von 14 Tagen", "binnen einer Woche": a period (the withdrawal period, a deadline), not a day wished for.
    if (!strong && /^(?:innerhalb|binnen)\b/i.test(mention.raw)) {
      confidence = Math.min(confidence, 0.25);
      evidence.push('period');
    }
    if (!strong && DEADLINE.test(before + after.slice(0, 30))) {
      confidence = Math.min(confidence, 0.25);
      evidence.push('deadline');
    }
    if (line >= structure.quotedFrom) confidence -= 0.2;
    if (mention.kind === 'relative') evidence.push('relative');
    if (diff < -45) {
      confidence *= 0.4;
      evidence.push('past');
    } else if (diff < 0) {
      confidence *= strong ? 0.85 : 0.5;
    } else if (diff > 365 * 3) {
      confidence *= 0.3;
    }
    out.push(candidate('desiredDate', iso, mention.raw, mention.start, mention.end, confidence, evidence));
  }

  addChronoFallback(doc, structure, mentions, referenceInstant, timeZone, out);

  // The "next possible" flag only for phrases in the letter itself, not in quoted text.
  const body = doc.text.slice(0, doc.lines[structure.quotedFrom]?.start ?? doc.text.length);
  if (wantsSoonest(body)) flags.push('date_next_possible');
  return { candidates: out, flags };
}

/** A sentence end: ". " after a word and before a capital (not "1. Januar", not "geb. am"), "!"/"?", or a blank line. */
const SENTENCE_END = /\p{L}{2}\.\s+(?=\p{Lu})|[!?]\s+|\n[ \t]*\n/gu;

/**
 * The words before a date, back to the start of its sentence (at most 48 characters:
 * the trigger patterns are anchored at the end, and a short string keeps them cheap).
 */
function clauseBefore(doc: PreparedDocument, offset: number): string {
  const slice = doc.text.slice(Math.max(0, offset - 48), offset);
  let cut = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(slice); m !== null; m = SENTENCE_END.exec(slice)) cut = m.index + m[0].length;
  return slice.slice(cut);
}

/** chrono-node for expressions like "ab nächsten Montag" right after a trigger word, only where our patterns found nothing. */
function addChronoFallback(
  doc: PreparedDocument,
  structure: LetterStructure,
  mentions: DateMention[],
  instant: Date,
  timeZone: string,
  out: Candidate[],
): void {
  const limit = doc.lines[structure.quotedFrom]?.start ?? doc.text.length;
  if (!WEEKDAY.test(doc.text)) return;
  CHRONO_TRIGGER.lastIndex = 0;
  let calls = 0;
  for (let m = CHRONO_TRIGGER.exec(doc.text); m !== null && m.index < limit && calls < 6; m = CHRONO_TRIGGER.exec(doc.text)) {
    const triggerAt = m.index;
    const at = triggerAt + m[0].length;
    if (mentions.some((x) => x.start >= triggerAt && x.start <= at + 12)) continue;
    const snippet = doc.text.slice(at, Math.min(at + 40, limit)).split(/[\n.,;!?]/)[0] ?? '';
    if (snippet.length < 4 || NO_BODY_DATE.test(snippet) || !WEEKDAY.test(snippet)) continue;
    calls += 1;
    const parsed = chrono.de.parse(snippet, { instant, timezone: timeZone }, { forwardDate: true })[0];
    if (!parsed || parsed.index > 2) continue;
    const iso = toIso(localDate(parsed.start.date(), timeZone));
    const start = at + parsed.index;
    out.push(candidate('desiredDate', iso, parsed.text, start, start + parsed.text.length, 0.6, ['trigger', 'chrono']));
  }
}
