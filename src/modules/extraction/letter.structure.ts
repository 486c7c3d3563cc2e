/**
 * The parts of a letter, fax or e-mail that decide what a value means: the header
 * (letterhead, recipient block, date line — everything before the subject or the
 * salutation), the body, the closing formula and the signature after it, e-mail
 * header lines ("Von:", "An:", "Gesendet:"), the fax transmission header
 * ("25.11.2026 09:14  +49 221 5550123  Mustermann  S. 1/2"), date lines
 * ("Köln, den 20.11.2026") and quoted or forwarded text.
 */
import { distance } from 'fastest-levenshtein';
import { looksLikeFaxHeader } from './fax-header.ts';
import type { PreparedDocument } from './text.document.ts';

export interface LetterStructure {
  /** Lines [0, headerEnd) are the header. */
  headerEnd: number;
  salutationLine: number;
  subjectLine: number;
  /** The line of "Mit freundlichen Grüßen" (or -1); the signature follows it. */
  closingLine: number;
  /** Lines [signatureStart, signatureEnd) hold the signature (empty range when there is no closing). */
  signatureStart: number;
  signatureEnd: number;
  emailHeaderLines: ReadonlySet<number>;
  /** Lines of an e-mail header naming the sender ("Von:", "From:"). */
  emailFromLines: ReadonlySet<number>;
  /** Lines of an e-mail header naming the recipient ("An:", "Cc:"). */
  emailToLines: ReadonlySet<number>;
  faxHeaderLines: ReadonlySet<number>;
  /** Lines that only give the letter's date ("Köln, 20.11.2026", "Datum: …"). */
  dateLines: ReadonlySet<number>;
  /** Lines from here on are quoted / forwarded earlier correspondence. */
  quotedFrom: number;
  /** The last non-blank line before quoted text. */
  lastTextLine: number;
}

const SALUTATION =
  /^\s*(?:sehr\s+geehrte|sehr\s+verehrte|geehrte\s|guten\s+(?:tag|morgen|abend)|hallo\b|hi\b|liebe[sr]?\s|moin\b|servus\b|gr(?:ü|ue|u)(?:ß|ss)\s+gott|werte[rs]?\s|s\.\s?g\.\s|an\s+das\s+team|an\s+alle\b|tach\b)/i;
const SUBJECT = /^\s*(?:betreff|betr\.|betrifft|subject|wg\.|aw:|re:|fw:|wtrlt?:)\s*:?/i;
const CLOSING =
  /^\s*(?:(?:mit\s+)?(?:den\s+)?(?:freundliche[nm]?|besten|beste[mn]?|herzliche[nm]?|liebe[nm]?|viele[nm]?|sonnige[nm]?|sch(?:ö|oe|o)ne[nm]?|kollegiale[nm]?|verbindliche[nm]?|hoffnungsvolle[nm]?|ver(?:ä|ae|a)rgerte[nm]?|genervte[nm]?|dankende[nm]?)\s+gr(?:ü|ue|u|ii|il)(?:ß|ss|s|b|l3|13|fs)(?:en?)?(?![A-Za-zÀ-ÖØ-öø-ÿ])|(?:mfg|m\.f\.g\.|vg|lg|gru(?:ß|ss|s)|gr(?:ü|ue|u)(?:ß|ss)e)(?:\s*[,!.]?\s*$|[,\s]+[A-Za-zÀ-ÖØ-öø-ÿ.-]+(?:\s+[A-Za-zÀ-ÖØ-öø-ÿ.-]+)?\s*$)|hochachtungsvoll|(?:vielen\s+)?dank(?:e)?\s+(?:und|&)\s+(?:[A-Za-zÀ-ÖØ-öø-ÿ]+\s+)?gr|(?:mit\s+)?freundlichem\s+gru|ihr[e]?\s*$|(?:vielen\s+|herzlichen\s+)?dank(?:e)?(?:\s+(?:im\s+voraus|sch(?:ö|oe|o)n|sehr|f(?:ü|ue|u)r\s+ihre\s+(?:m(?:ü|ue|u)he|hilfe|bem(?:ü|ue|u)hungen)))?\s*[!.,]*\s*$)/i;
const EMAIL_HEADER = /^\s*(?:von|an|cc|bcc|gesendet|datum|betreff|from|to|sent|date|subject|antwort\s+an|reply-to)\s*:/i;
const EMAIL_FROM = /^\s*(?:von|from)\s*:/i;
/** "Absender: Hans Müller <h.mueller@…>" — also when OCR lost the "@" inside the brackets. */
const ABSENDER_MAIL = /^\s*absender\s*:[^\n]*(?:@|<[^<>\n]{3,}>?\s*$)/i;
/** A page mark at the end of a line ("S. 1/2", "1/1"): with a time on a top line, a fax header whose date OCR garbled. */
const PAGE_MARK = /(?:\b(?:S|Seite|Page|P)\.?\s*)?\b\d{1,2}\s?\/\s?\d{1,2}\s*$/;
const EMAIL_TO = /^\s*(?:an|to|cc|bcc)\s*:/i;
const QUOTE_START =
  /^\s*(?:-{2,}\s*(?:urspr(?:ü|ue|u)ngliche\s+nachricht|original\s+message|weitergeleitete\s+nachricht|forwarded\s+message)|am\s+.{4,60}\s+schrieb\s+.{2,80}:\s*$|on\s+.{4,60}\s+wrote:\s*$|>)/i;
const TIME = /(?<![0-9:])[0-9OoIl]?[0-9]:[0-9OoIl]{2}(?![0-9])/;
const DATE_NUMERIC = /(?<![0-9])[0-9OoIl]{1,2}[./-][0-9OoIl]{1,2}[./-](?:[0-9OoIl]{4}|[0-9OoIl]{2})(?![0-9])|\b\d{4}-\d{2}-\d{2}\b/;
const FAX_MARK = /\b(?:S\.|Seite|Page|P\.|Pg\.?)\s*0*\d{1,2}\s*(?:\/|von|of)\s*0*\d{1,2}\b|\bFAX\b|\bTelefax\b|\bVon\s*:?\s*\+?\d|\b\d{1,2}\/\d{1,2}\s*$/i;
/** "Köln, 20.11.2026", "Köln, den 20. November 2026", "Datum: 20.11.2026", a date alone; the city needs a comma or "den". */
const CITY = `[A-ZÄÖÜ][A-Za-zÀ-ÖØ-öø-ÿ.()/-]*(?:[ -](?:[A-ZÄÖÜ(][A-Za-zÀ-ÖØ-öø-ÿ.()/-]*|am|an|im|in|a\\.|i\\.|v\\.|d\\.|der|ob)){0,4}`;
const DATE_LINE = new RegExp(
  `^\\s*(?:(?:[Dd]atum|[Dd]ate)\\s*:?\\s*|${CITY}\\s*(?:,\\s*(?:den\\s+|am\\s+)?|\\s+den\\s+)|den\\s+)?(?:(?:Mo|Di|Mi|Do|Fr|Sa|So|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)\\.?,?\\s+)?(?:\\d{1,2}\\.\\s?\\d{1,2}\\.\\s?\\d{2,4}|\\d{1,2}\\.?\\s+[A-Za-zÀ-ÖØ-öø-ÿ]{3,10}\\.?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2})\\s*$`,
);

const MAX_HEADER_LINES_WITHOUT_MARKER = 16;
const MAX_SIGNATURE_LINES = 12;

export function analyseStructure(doc: PreparedDocument): LetterStructure {
  const { lines } = doc;
  let salutationLine = -1;
  let subjectLine = -1;
  let closingLine = -1;
  let quotedFrom = lines.length;
  const emailHeaderLines = new Set<number>();
  const emailFromLines = new Set<number>();
  const emailToLines = new Set<number>();
  const faxHeaderLines = new Set<number>();
  const dateLines = new Set<number>();

  for (const line of lines) {
    if (line.blank) continue;
    const t = line.text;
    if (salutationLine < 0 && SALUTATION.test(t)) salutationLine = line.index;
    if (subjectLine < 0 && SUBJECT.test(t)) subjectLine = line.index;
    // "Absender: Hans Müller <h.mueller@…>": some mail programs and scanned print-outs label the From line so.
    const absenderMail = ABSENDER_MAIL.test(t);
    if ((EMAIL_HEADER.test(t) || absenderMail) && line.index < quotedFrom) {
      emailHeaderLines.add(line.index);
      if (EMAIL_FROM.test(t) || absenderMail) emailFromLines.add(line.index);
      if (EMAIL_TO.test(t)) emailToLines.add(line.index);
    }
    const hasDigit = /\d/.test(t);
    if (hasDigit && (isFaxHeader(t) || looksLikeFaxHeader(t, { topOfText: line.index < 3 }) || (line.index < 3 && TIME.test(t) && PAGE_MARK.test(t)))) faxHeaderLines.add(line.index);
    if (hasDigit && t.length < 80 && DATE_LINE.test(t)) dateLines.add(line.index);
    if (quotedFrom === lines.length && line.index > 2 && QUOTE_START.test(t)) quotedFrom = line.index;
  }
  // The closing formula is the last one before quoted text (e-mails quote earlier mails with their own closings).
  const findClosing = (isClosing: (text: string) => boolean): boolean => {
    for (let i = Math.min(quotedFrom, lines.length) - 1; i >= 0; i -= 1) {
      const line = lines[i];
      if (line && !line.blank && line.text.trim().length <= 60 && isClosing(line.text)) {
        if (i > salutationLine || salutationLine < 0) closingLine = i;
        return true;
      }
    }
    return false;
  };
  // Only when no closing is written correctly: one garbled by typing or OCR ("Mit freundlichen Gfüßen", "Grruss").
  if (!findClosing((text) => CLOSING.test(text))) findClosing(isGarbledClosing);

  const markers = [salutationLine, subjectLine].filter((n) => n >= 0);
  let headerEnd = markers.length > 0 ? Math.min(...markers) : firstProseLine(doc, afterNonBlankLines(doc, MAX_HEADER_LINES_WITHOUT_MARKER), faxHeaderLines);
  if (closingLine >= 0 && closingLine < headerEnd) headerEnd = closingLine;

  let signatureStart: number;
  let signatureEnd: number;
  if (closingLine >= 0) {
    signatureStart = closingLine + 1;
    signatureEnd = Math.min(quotedFrom, lines.length, signatureStart + MAX_SIGNATURE_LINES);
  } else {
    // No closing formula (terse notes): a short last block after the text is the signature.
    const block = lastBlock(doc, Math.min(quotedFrom, lines.length));
    if (block && block.start > headerEnd && block.end - block.start <= 6 && looksLikeSignatureStart(lines[block.start]?.text ?? '')) {
      signatureStart = block.start;
      signatureEnd = block.end;
    } else {
      signatureStart = lines.length;
      signatureEnd = lines.length;
    }
  }

  let lastTextLine = Math.min(quotedFrom, lines.length) - 1;
  while (lastTextLine > 0 && lines[lastTextLine]?.blank) lastTextLine -= 1;

  return {
    lastTextLine,
    headerEnd,
    salutationLine,
    subjectLine,
    closingLine,
    signatureStart,
    signatureEnd,
    emailHeaderLines,
    emailFromLines,
    emailToLines,
    faxHeaderLines,
    dateLines,
    quotedFrom,
  };
}

/** A fax transmission header: date and time plus a page mark or a number, in the first or last lines of a page. */
export function isFaxHeader(text: string): boolean {
  if (!TIME.test(text) || !DATE_NUMERIC.test(text)) return false;
  return FAX_MARK.test(text) || /\+?\d[\d ]{7,}\d/.test(text.replace(DATE_NUMERIC, ''));
}

/** The index after the first `count` non-blank lines (OCR spreads a letterhead over many empty lines). */
function afterNonBlankLines(doc: PreparedDocument, count: number): number {
  let seen = 0;
  for (let i = 0; i < doc.lines.length; i += 1) {
    if (!doc.lines[i]?.blank) seen += 1;
    if (seen >= count) return i + 1;
  }
  return doc.lines.length;
}

/** The last run of non-blank lines before `limit`. */
function lastBlock(doc: PreparedDocument, limit: number): { start: number; end: number } | null {
  let end = limit;
  while (end > 0 && doc.lines[end - 1]?.blank) end -= 1;
  if (end === 0) return null;
  let start = end - 1;
  while (start > 0 && !doc.lines[start - 1]?.blank) start -= 1;
  return { start, end };
}

/** A signature starts with a short line that is not a sentence ("Hans Müller", "K. Wagner", "Danke!"). */
function looksLikeSignatureStart(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 60 && t.split(/\s+/).length <= 8 && !/[a-zäöüß]{3,}[.?]$/.test(t);
}

/** Without salutation or subject: the header ends at the first line that reads like a sentence. */
function firstProseLine(doc: PreparedDocument, limit: number, faxHeaderLines: ReadonlySet<number>): number {
  for (let i = 0; i < limit; i += 1) {
    const line = doc.lines[i];
    if (!line || line.blank || faxHeaderLines.has(i)) continue;
    const words = line.text.trim().split(/\s+/);
    // A sentence has small words ("ich", "bitte", "den"); a fax or reference line of numbers does not.
    const lowerWords = words.filter((w) => /^[a-zäöüß]{2,}/.test(w)).length;
    if ((words.length >= 7 && lowerWords >= 2) || (/[.!?]$/.test(line.text.trim()) && words.length >= 4 && !/\d{5}/.test(line.text))) return i;
  }
  return limit;
}

/** Closing formulas, folded (lower case, umlauts and ß written out plainly), for the edit-distance check. */
const CLOSING_FORMS = [
  'mit freundlichen grussen',
  'mit freundlichem gruss',
  'freundliche grusse',
  'mit besten grussen',
  'beste grusse',
  'mit herzlichen grussen',
  'herzliche grusse',
  'viele grusse',
  'liebe grusse',
  'schone grusse',
  'mit kollegialen grussen',
  'hochachtungsvoll',
  'gruss',
  'grusse',
];

function foldClosing(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä|ae/g, 'a')
    .replace(/ö|oe/g, 'o')
    .replace(/ü|ue/g, 'u')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z ]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A closing formula with a typo or OCR error: one edit for a short word, two for a phrase. */
export function isGarbledClosing(text: string): boolean {
  const t = text.trim();
  if (t.length < 4 || t.length > 32 || /\d/.test(t)) return false;
  const folded = foldClosing(t);
  if (folded.length < 4) return false;
  // One word: only a garbled "Gruß" ("Grruss", "Grus"), never a surname like "Gross".
  if (!folded.includes(' ') && folded.length <= 8 && !/^gr[ru]/.test(folded)) return false;
  return CLOSING_FORMS.some((form) => Math.abs(form.length - folded.length) <= 2 && distance(form, folded) <= (form.length <= 8 ? 1 : 2));
}
