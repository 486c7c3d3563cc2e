/**
 * The transmission header a sending fax machine prints across the top of every
 * page ("07.12.2026 10:32  +49 221 98765432  Müller Haustechnik  S. 1/2",
 * "DEC-07-2026 10:32 FROM: 0221 98765432 TO: 0800 3301000 P.001",
 * "Von: 02219876543  An: 08003301000  07/12/26 10:32  Seite 01"): the sending
 * number (the station id the sender configured — often a shared company machine,
 * so a weak matching signal) and the send time by the sender's clock.
 *
 * Vendors differ in order, labels (Von/From/Absender/Fax-ID/TSID/CSID), date
 * notation (DMY, ISO, month names in German or English) and 12/24-hour clocks;
 * OCR of the tiny header font confuses O/0, l/1, S/5 and ':' with '.'. Digits are
 * repaired only inside runs that are mostly digits, and a line only counts as a
 * header when it carries a sending number or a fax keyword together with a date.
 */
import type { CountryCode } from 'libphonenumber-js';
import { normalisePhone } from './phone.normaliser.ts';

export interface FaxHeader {
  /** The sending station's number in E.164, null when none is printed or readable. */
  senderNumber: string | null;
  /** The number as printed (after OCR repair). */
  senderRaw: string | null;
  /** Send time by the sending machine's clock, ISO 8601 with the German offset; date only (T00:00) when no time is printed. */
  sentAt: string | null;
  page: number | null;
  pageCount: number | null;
  /** The station name the sender configured ("Müller Haustechnik"), when printed. */
  stationName: string | null;
  /** The header line as read. */
  line: string;
}

export interface FaxHeaderOptions {
  defaultCountry?: CountryCode;
  /** The receipt date: a two-digit year and an ambiguous date are read close to it. */
  receivedAt?: Date;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, januar: 1, january: 1, jän: 1, jaen: 1,
  feb: 2, februar: 2, february: 2,
  mar: 3, mär: 3, maer: 3, märz: 3, maerz: 3, march: 3, mrz: 3,
  apr: 4, april: 4,
  may: 5, mai: 5,
  jun: 6, juni: 6, june: 6,
  jul: 7, juli: 7, july: 7,
  aug: 8, august: 8,
  sep: 9, sept: 9, september: 9,
  oct: 10, okt: 10, oktober: 10, october: 10,
  nov: 11, november: 11,
  dec: 12, dez: 12, dezember: 12, december: 12,
};

const MONTH_NAME = '([A-Za-zÄä]{3,9})';
const SENDER_LABEL = /\b(?:von|from|absender|abs|fax[\s-]?id|faxkennung|kennung|tsid|csid|station[\s-]?id|sender|tel)\b\s*[:.#]?\s*$/i;
const RECIPIENT_LABEL = /\b(?:an|to|empf(?:ä|ae|a)nger|nach|für|fuer|ziel)\b\s*[:.#]?\s*$/i;
const FAX_KEYWORD = /\b(?:fax|telefax|von|from|absender|tsid|csid|fax[\s-]?id|seite|page|s\.\s*\d|p\.\s*\d)/i;
const NUMBER_RUN = /\+?\(?\d[\d()/-]*(?: ?[\d()/-]+)*/g;
const LETTER_DIGITS: Readonly<Record<string, string>> = { O: '0', o: '0', D: '0', l: '1', I: '1', '|': '1', i: '1', S: '5', B: '8' };

interface Span {
  start: number;
  end: number;
}

/** O/0, l/1 … inside whitespace-separated tokens that are mostly digits ("1O:32", "O221"); keeps offsets. */
export function repairHeaderDigits(line: string): string {
  return line.replace(/\S+/g, (token) => {
    const digits = (token.match(/\d/g) ?? []).length;
    const repairable = (token.match(/[OoDlI|iSB]/g) ?? []).length;
    if (digits < 2 || digits + repairable < token.replace(/[+():./-]/g, '').length || digits < repairable * 2) return token;
    return token.replace(/[OoDlI|iSB]/g, (ch) => LETTER_DIGITS[ch] ?? ch);
  });
}

function mask(text: string, span: Span): string {
  return text.slice(0, span.start) + ' '.repeat(span.end - span.start) + text.slice(span.end);
}

function fullYear(year: string, receivedAt: Date | undefined): number {
  if (year.length === 4) return Number(year);
  const century = Math.floor((receivedAt ?? new Date()).getUTCFullYear() / 100) * 100;
  return century + Number(year);
}

interface FoundDate extends Span {
  year: number;
  month: number;
  day: number;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1990 || year > 2100) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1;
}

function findDate(text: string, receivedAt: Date | undefined): FoundDate | null {
  const month = (name: string): number | undefined => MONTHS[name.toLowerCase().replace(/\.$/, '')];
  const tries: Array<{ re: RegExp; read: (m: RegExpExecArray) => [number, number, number] | null }> = [
    { re: /(?<!\d)(\d{4})\s?[-./]\s?(\d{1,2})\s?[-./]\s?(\d{1,2})(?!\d)/, read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
    {
      re: /(?<![\d:])(\d{1,2})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d:])/,
      read: (m) => {
        const year = fullYear(m[4] ?? '', receivedAt);
        const first = Number(m[1]);
        const second = Number(m[3]);
        // Day first (German machines); a US-configured machine gives itself away by a "month" over 12.
        if (second > 12 && first <= 12) return [year, first, second];
        return [year, second, first];
      },
    },
    {
      re: new RegExp(`(?<![A-Za-z])${MONTH_NAME}\\.?[-\\s]?(\\d{1,2})(?:st|nd|rd|th)?[-,\\s]\\s*(\\d{4}|\\d{2})(?!\\d)`),
      read: (m) => {
        const number = month(m[1] ?? '');
        return number ? [fullYear(m[3] ?? '', receivedAt), number, Number(m[2])] : null;
      },
    },
    {
      re: new RegExp(`(?<!\\d)(\\d{1,2})\\.?[-\\s]?${MONTH_NAME}\\.?[-\\s]?(\\d{4}|\\d{2})(?!\\d)`),
      read: (m) => {
        const number = month(m[2] ?? '');
        return number ? [fullYear(m[3] ?? '', receivedAt), number, Number(m[1])] : null;
      },
    },
  ];
  for (const { re, read } of tries) {
    const global = new RegExp(re.source, 'g');
    for (let m = global.exec(text); m !== null; m = global.exec(text)) {
      const parts = read(m);
      if (parts && validDate(...parts)) return { start: m.index, end: m.index + m[0].length, year: parts[0], month: parts[1], day: parts[2] };
    }
  }
  return null;
}

interface FoundTime extends Span {
  hour: number;
  minute: number;
}

function findTime(text: string): FoundTime | null {
  const re = /(?<![\d.:/-])([01]?\d|2[0-3])\s?[:.;h]\s?([0-5]\d)(?:[:.]([0-5]\d))?(?:\s?(a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z]))?(?![\d/])/gi;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let hour = Number(m[1]);
    const meridiem = m[4]?.toLowerCase().replace(/[.\s]/g, '');
    // "10.32" next to nothing clock-like could be an amount; header times are the only numbers with two-digit minutes here.
    if (meridiem) {
      if (hour < 1 || hour > 12) continue;
      if (meridiem === 'pm' && hour !== 12) hour += 12;
      if (meridiem === 'am' && hour === 12) hour = 0;
    }
    return { start: m.index, end: m.index + m[0].length, hour, minute: Number(m[2]) };
  }
  return null;
}

interface FoundPage extends Span {
  page: number;
  pageCount: number | null;
}

function findPage(text: string): FoundPage | null {
  const labelled = /\b(?:Seite|Page|Pg|Blatt|Bl|S|P)\s?[.:#]?\s?0*(\d{1,3})(?:\s?(?:\/|von|of)\s?0*(\d{1,3}))?(?![\d:])/gi;
  for (let m = labelled.exec(text); m !== null; m = labelled.exec(text)) {
    const page = Number(m[1]);
    if (page < 1) continue;
    return { start: m.index, end: m.index + m[0].length, page, pageCount: m[2] ? Number(m[2]) : null };
  }
  const bare = /(?<![\d./])0*(\d{1,2})\s?\/\s?0*(\d{1,2})\s*$/.exec(text);
  if (bare && Number(bare[1]) >= 1 && Number(bare[1]) <= Number(bare[2])) return { start: bare.index, end: bare.index + bare[0].length, page: Number(bare[1]), pageCount: Number(bare[2]) };
  return null;
}

interface FoundNumber extends Span {
  raw: string;
  e164: string;
}

function findSender(text: string, country: CountryCode): FoundNumber | null {
  let unlabelled: FoundNumber | null = null;
  NUMBER_RUN.lastIndex = 0;
  for (let m = NUMBER_RUN.exec(text); m !== null; m = NUMBER_RUN.exec(text)) {
    const raw = m[0].replace(/[\s()/-]+$/, '');
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 6 || digits.length > 15) continue;
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (RECIPIENT_LABEL.test(before)) continue;
    const phone = normalisePhone(raw, country) ?? (/^[1-9]/.test(raw) ? normalisePhone(`+${raw}`, country) : null);
    if (!phone) continue;
    const found = { start: m.index, end: m.index + m[0].length, raw, e164: phone.e164 };
    if (SENDER_LABEL.test(before)) return found;
    unlabelled ??= found;
  }
  return unlabelled;
}

/** Offset of Europe/Berlin from UTC in minutes at that wall-clock time (CET +60, CEST +120). */
function berlinOffsetMinutes(year: number, month: number, day: number, hour: number, minute: number): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(guess));
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((shown - guess) / 60_000);
}

function isoLocal(date: FoundDate, time: FoundTime | null): string {
  const hour = time?.hour ?? 0;
  const minute = time?.minute ?? 0;
  const offset = berlinOffsetMinutes(date.year, date.month, date.day, hour, minute);
  const pad = (value: number): string => String(value).padStart(2, '0');
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${date.year}-${pad(date.month)}-${pad(date.day)}T${pad(hour)}:${pad(minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const NOISE_WORDS = /\b(?:von|from|an|to|absender|abs|fax[\s-]?id|faxkennung|kennung|tsid|csid|station[\s-]?id|sender|tel|fax|telefax|seite|page|empf(?:ä|ae|a)nger|datum|date|zeit|time|uhr)\b\.?\s*[:.#]?/gi;

function stationNameOf(rest: string): string | null {
  const pieces = rest
    .replace(NOISE_WORDS, '   ')
    .split(/\s{2,}|[|]/)
    .map((piece) => piece.replace(/^[\s:.,#-]+|[\s:.,#-]+$/g, ''))
    .filter((piece) => /[A-Za-zÄÖÜäöüß]{2,}/.test(piece) && !/\d{3,}/.test(piece));
  return pieces.sort((a, b) => b.length - a.length)[0] ?? null;
}

/** Reads one line as a fax header; null when it does not look like one. */
export function parseFaxHeaderLine(line: string, options: FaxHeaderOptions = {}): FaxHeader | null {
  const country = options.defaultCountry ?? 'DE';
  const original = line.normalize('NFC').replace(/\t/g, '   ').trim();
  if (original.length < 8 || original.length > 200) return null;
  let text = repairHeaderDigits(original);

  const date = findDate(text, options.receivedAt);
  if (date) text = mask(text, date);
  const time = findTime(text);
  if (time) text = mask(text, time);
  const page = findPage(text);
  if (page) text = mask(text, page);
  const sender = findSender(text, country);
  if (sender) text = mask(text, sender);

  // A header has a date and either the sending number or a fax keyword with time or page mark —
  // a letter's "Köln, 07.12.2026" or a letterhead's "Tel. 0221 …" alone is not one.
  const keyword = FAX_KEYWORD.test(original);
  const isHeader = date !== null && (sender !== null ? time !== null || page !== null || keyword : keyword && (time !== null || page !== null));
  if (!isHeader) return null;

  // Whatever else is printed: the remaining numbers (recipient) go, letters stay as the station name.
  const rest = text.replace(NUMBER_RUN, ' ');
  return {
    senderNumber: sender?.e164 ?? null,
    senderRaw: sender?.raw ?? null,
    sentAt: isoLocal(date, time),
    page: page?.page ?? null,
    pageCount: page?.pageCount ?? null,
    stationName: stationNameOf(rest),
    line: original,
  };
}

/**
 * The header of a fax page from its first OCR lines: the first of the top
 * `maxLines` non-blank lines that reads as a header (a letterhead under it does not).
 */
export function findFaxHeader(pageText: string, options: FaxHeaderOptions & { maxLines?: number } = {}): { header: FaxHeader; lineIndex: number } | null {
  const lines = pageText.split(/\r?\n/);
  let seen = 0;
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    if (seen++ >= (options.maxLines ?? 2)) break;
    const header = parseFaxHeaderLine(line, options);
    if (header) return { header, lineIndex: index };
  }
  return null;
}

/**
 * For the letter structure: is this line a transmission header (to be kept out of
 * sender, address and number extraction)? Beyond the top lines of the text (a
 * later page's header) it must carry date, time and a number or page mark, and
 * read like a header, not a sentence.
 */
export function looksLikeFaxHeader(line: string, { topOfText }: { topOfText: boolean }): boolean {
  const prose = (line.match(/(?:^|\s)[a-zäöüß]{4,}(?=[\s,.]|$)/g) ?? []).length;
  if (prose > (topOfText ? 2 : 1)) return false;
  const header = parseFaxHeaderLine(line);
  if (!header) return false;
  if (topOfText) return true;
  // A time of day ("13:05", "13.05", "13h05"), not the inside of a date ("31.8.2026").
  return /(?<![\d.])\d{1,2}\s?[:;h]\s?[0-5]\d(?!\d)|(?<![\d.])\d{1,2}\.[0-5]\d(?![\d.])/.test(line) && (header.senderNumber !== null || header.page !== null);
}
