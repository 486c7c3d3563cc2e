/**
 * Dates as German letters write them, found with their offsets and resolved to a
 * calendar day relative to the date of receipt:
 *  - numeric "31.12.2026", "1.2.27", "01.02.", "31/12/2026", "2026-12-31", OCR-garbled "3l.l2.2O26";
 *  - long "1. Januar 2027", "15 Dez. 2026", "1. Januar" (next occurrence);
 *  - month only "ab Januar", "Ende Februar", "Anfang März 2027", "Mitte Mai";
 *  - relative "zum Monatsende", "Ende des nächsten Monats", "zum nächsten Monat",
 *    "zum Ersten des Folgemonats", "zum Jahresende", "Quartalsende", "in zwei Wochen",
 *    "in 14 Tagen", "in drei Monaten", "nächstes Jahr", "morgen", "übermorgen".
 * Calendar arithmetic is done on plain {y, m, d} values, so no time zone can shift a day.
 */

export interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

export interface DateMention {
  start: number;
  end: number;
  raw: string;
  date: CalendarDate;
  /** absolute: day, month and year written; partial: year (or day) inferred; relative: computed from the receipt date. */
  kind: 'absolute' | 'partial' | 'relative';
}

const MONTHS: ReadonlyArray<[RegExp, number]> = [
  [/^j(?:a|ä)n(?:uar|ner)?$/, 1],
  [/^feb(?:ruar|er)?$/, 2],
  [/^m(?:ä|ae|a)r(?:z|ts)?$|^mrz$/, 3],
  [/^apr(?:il)?$/, 4],
  [/^mai$/, 5],
  [/^jun[i]?$/, 6],
  [/^jul[i]?$/, 7],
  [/^aug(?:ust)?$/, 8],
  [/^sep(?:t|tember)?$/, 9],
  [/^okt(?:ober)?$/, 10],
  [/^nov(?:ember)?$/, 11],
  [/^dez(?:ember)?$/, 12],
];
const MONTH = '(?:j(?:a|ä)n(?:uar|ner)?|feb(?:ruar|er)?|m(?:ä|ae|a)rz|mrz|apr(?:il)?|mai|jun[i]?|jul[i]?|aug(?:ust)?|sep(?:t|tember)?|okt(?:ober)?|nov(?:ember)?|dez(?:ember)?)';
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  ein: 1,
  eine: 1,
  einem: 1,
  einer: 1,
  einen: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  'fünf': 5,
  fuenf: 5,
  funf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
  zehn: 10,
  elf: 11,
  'zwölf': 12,
  zwoelf: 12,
  zwolf: 12,
  vierzehn: 14,
};
const DIGIT_OCR = '[0-9OoIlSB]';
const NEXT = 'n(?:ä|ae|a)chste[nsm]?|kommende[nsm]?|folgende[nsm]?';

/** Day and month may carry one stray OCR space ("3 1.12.2026"), the year too ("2 026"). */
const NUMERIC = new RegExp(
  `(?<![\\d.,/])([0-3] [0-9]|${DIGIT_OCR}{1,2})\\s?([./])\\s?([01] [0-9]|${DIGIT_OCR}{1,2})\\2(?:\\s?(${DIGIT_OCR}(?: ?${DIGIT_OCR}){3}|${DIGIT_OCR}{2}))?(?![\\d]|[./]\\d)`,
  'g',
);
const DIGIT = /\d/;
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;
const LONG = new RegExp(`(?<![\\w.])(\\d{1,2}|[0-3]?[OoIl]|[OoIl]\\d)\\.?\\s*(${MONTH})\\.?(?:\\s+(\\d{4}|'?\\d{2}(?![\\d.:])))?(?![A-Za-zÀ-ÖØ-öø-ÿ])`, 'gi');
/**
 * A month without a day needs a word before it that makes it a date ("ab Januar", "zum März",
 * "Ende Februar", "im Mai 2027") — "Jan" is also a first name and "Mai" a word.
 */
const MONTH_ONLY = new RegExp(`\\b(?:(anfang|mitte|ende)|ab|zum|per|im|seit|bis)\\s+(?:dem\\s+|den\\s+)?(${MONTH})\\.?(?:\\s+(\\d{4}))?(?![A-Za-zÀ-ÖØ-öø-ÿ])`, 'gi');
type Resolver = (ref: CalendarDate, m: RegExpExecArray) => CalendarDate | null;
/** Relative expressions, each with a word that must occur in the (lower-cased) text before its regex is run. */
const RELATIVE: ReadonlyArray<[RegExp, Resolver, RegExp]> = [
  [new RegExp(`\\bende\\s+(?:des\\s+)?(?:${NEXT})\\s+monats\\b`, 'gi'), (r) => endOfMonth(addMonths(r, 1)), /ende/],
  [/\b(?:monatsende|monatsletzten|ende\s+(?:des|dieses|diesen)\s+(?:laufenden\s+|aktuellen\s+)?monats|ultimo)\b/gi, (r) => endOfMonth(r), /monatsende|monatsletzt|monats|ultimo/],
  [
    new RegExp(
      `\\b(?:anfang\\s+(?:des\\s+)?(?:${NEXT})\\s+monats|(?:1\\.|ersten)\\s+(?:des\\s+)?(?:(?:${NEXT})\\s+monats|folgemonats)|(?:${NEXT})\\s+monat|folgemonat|n(?:ä|ae|a)chsten\\s+ersten|monatsersten|monatsanfang)(?![A-Za-zÀ-ÖØ-öø-ÿ])`,
      'gi',
    ),
    (r) => firstOfMonth(addMonths(r, 1)),
    /n(?:ä|ae|a)chst|kommend|folgend|folgemonat|monatserst|monatsanf/,
  ],
  [/\b(?:jahresende|jahreswechsel|ende\s+(?:des|dieses)\s+jahres|silvester)\b/gi, (r) => ({ y: r.y, m: 12, d: 31 }), /jahr|silvester/],
  [new RegExp(`\\b(?:anfang\\s+(?:des\\s+)?(?:${NEXT})\\s+jahres|(?:${NEXT})\\s+jahr|neuen\\s+jahr|jahresbeginn|jahresanfang)\\b`, 'gi'), (r) => ({ y: r.y + 1, m: 1, d: 1 }), /jahr/],
  [/\b(?:quartalsende|ende\s+(?:des|dieses)\s+quartals)\b/gi, (r) => endOfMonth({ y: r.y, m: Math.ceil(r.m / 3) * 3, d: 1 }), /quartal/],
  [
    /\b(?:in|binnen|innerhalb\s+von)\s+(\d{1,2}|ein(?:em|er|en)?|zwei|drei|vier|f(?:ü|ue|u)nf|sechs|sieben|acht|neun|zehn|elf|zw(?:ö|oe|o)lf|vierzehn)\s+(tag(?:en)?|woche(?:n)?|monat(?:en)?)\b/gi,
    (r, m) => {
      const n = /^\d+$/.test(m[1] as string) ? Number(m[1]) : NUMBER_WORDS[(m[1] as string).toLowerCase()];
      if (n === undefined) return null;
      const unit = (m[2] as string).toLowerCase();
      if (unit.startsWith('tag')) return addDays(r, n);
      if (unit.startsWith('woche')) return addDays(r, 7 * n);
      return addMonths(r, n);
    },
    /tag|woche|monat/,
  ],
  [/(?<![A-Za-zÀ-ÖØ-öø-ÿ])(?:(?:ü|ue)ber)?morgen(?![A-Za-zÀ-ÖØ-öø-ÿ])/g, (r, m) => addDays(r, m[0] === 'morgen' ? 1 : 2), /morgen/],
];

export function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  for (const [re, n] of MONTHS) if (re.test(w)) return n;
  return undefined;
}

export function isValidDate(date: CalendarDate): boolean {
  return date.m >= 1 && date.m <= 12 && date.d >= 1 && date.d <= daysInMonth(date.y, date.m) && date.y >= 1900 && date.y <= 2200;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const index = date.y * 12 + (date.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return { y, m, d: Math.min(date.d, daysInMonth(y, m)) };
}

export function endOfMonth(date: CalendarDate): CalendarDate {
  return { y: date.y, m: date.m, d: daysInMonth(date.y, date.m) };
}

export function firstOfMonth(date: CalendarDate): CalendarDate {
  return { y: date.y, m: date.m, d: 1 };
}

/** Days from a to b (negative when b is earlier). */
export function dayDiff(a: CalendarDate, b: CalendarDate): number {
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}

export function toIso(date: CalendarDate): string {
  return `${date.y}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Intl formatting is slow; documents of a batch share their hour of receipt. */
const localDateCache = new Map<string, CalendarDate>();

/** The calendar day of an instant in a time zone (the receipt date as the mailroom sees it). */
export function localDate(instant: Date, timeZone: string): CalendarDate {
  // Time zones change offset on whole quarter hours at most.
  const key = `${timeZone}|${Math.floor(instant.getTime() / 900_000)}`;
  const cached = localDateCache.get(key);
  if (cached) return cached;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const [y, m, d] = f.format(instant).split('-').map(Number);
  const date = { y: y ?? 1970, m: m ?? 1, d: d ?? 1 };
  if (localDateCache.size > 5000) localDateCache.clear();
  localDateCache.set(key, date);
  return date;
}

/** Two-digit years: up to ten years ahead of the reference are this century, the rest the last. */
export function expandYear(twoDigits: number, ref: CalendarDate): number {
  const century = Math.floor(ref.y / 100) * 100;
  return century + twoDigits > ref.y + 10 ? century - 100 + twoDigits : century + twoDigits;
}

/** A day and month without year: the next occurrence, allowing dates up to 60 days back. */
export function inferYear(m: number, d: number, ref: CalendarDate): CalendarDate {
  const thisYear = { y: ref.y, m, d };
  return dayDiff(ref, thisYear) < -60 ? { y: ref.y + 1, m, d } : thisYear;
}

function ocrNumber(s: string): number {
  return Number(s.replace(/ /g, '').replace(/[Oo]/g, '0').replace(/[Il]/g, '1').replace(/S/g, '5').replace(/B/g, '8'));
}

/** All date mentions, sorted by position; overlapping matches keep the longer one. */
export function findDateMentions(text: string, ref: CalendarDate): DateMention[] {
  const found: DateMention[] = [];
  const push = (start: number, raw: string, date: CalendarDate | null, kind: DateMention['kind']): void => {
    if (!date || !isValidDate(date)) return;
    found.push({ start, end: start + raw.length, raw, date, kind });
  };

  // Written dates need digits: only lines with a digit are scanned (most prose has none).
  for (let lineStart = 0; lineStart < text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (DIGIT.test(line)) scanWrittenDates(line, lineStart, ref, push);
    lineStart = lineEnd + 1;
  }
  MONTH_ONLY.lastIndex = 0;
  for (let m = MONTH_ONLY.exec(text); m !== null; m = MONTH_ONLY.exec(text)) {
    const month = monthNumber(m[2] as string);
    if (month === undefined) continue;
    // "Mai" and "Juni" are also words/names; bare month words need a preceding preposition (checked by the caller's context) or a year.
    const part = m[1]?.toLowerCase();
    const year = m[3] !== undefined ? Number(m[3]) : undefined;
    let date: CalendarDate = year !== undefined ? { y: year, m: month, d: 1 } : inferYear(month, 1, ref);
    if (year === undefined && dayDiff(ref, endOfMonth(date)) < 0) date = { y: date.y + 1, m: month, d: 1 };
    if (part === 'ende') date = endOfMonth(date);
    else if (part === 'mitte') date = { ...date, d: 15 };
    // The mention starts at the part ("Ende Februar") or at the month (the trigger word stays in the context).
    const start = part ? m.index : m.index + m[0].toLowerCase().lastIndexOf((m[2] as string).toLowerCase());
    push(start, m[0].slice(start - m.index), date, year !== undefined ? 'absolute' : 'partial');
  }
  const lower = text.toLowerCase();
  for (const [re, resolve, keyword] of RELATIVE) {
    if (!keyword.test(lower)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) push(m.index, m[0], resolve(ref, m), 'relative');
  }

  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: DateMention[] = [];
  for (const mention of found) {
    const last = out[out.length - 1];
    if (last && mention.start < last.end) {
      if (mention.end - mention.start > last.end - last.start) out[out.length - 1] = mention;
      continue;
    }
    out.push(mention);
  }
  return out;
}

type Push = (start: number, raw: string, date: CalendarDate | null, kind: DateMention['kind']) => void;

/** Numeric, ISO and long ("1. Januar 2027") dates in one line of text. */
function scanWrittenDates(line: string, offset: number, ref: CalendarDate, push: Push): void {
  NUMERIC.lastIndex = 0;
  for (let m = NUMERIC.exec(line); m !== null; m = NUMERIC.exec(line)) {
    const raw = m[0];
    // OCR letters only inside something that is clearly a date (at least 4 real digits).
    if (/[OoIlSB]/.test(raw) && (raw.match(/\d/g)?.length ?? 0) < 4) continue;
    const d = ocrNumber(m[1] as string);
    const mo = ocrNumber(m[3] as string);
    const yearText = m[4];
    if (yearText === undefined) {
      if (m[2] !== '.') continue;
      push(offset + m.index, raw, inferYear(mo, d, ref), 'partial');
    } else {
      const yRaw = ocrNumber(yearText);
      const y = yearText.replace(/ /g, '').length === 2 ? expandYear(yRaw, ref) : yRaw;
      push(offset + m.index, raw, { y, m: mo, d }, 'absolute');
    }
  }
  ISO.lastIndex = 0;
  for (let m = ISO.exec(line); m !== null; m = ISO.exec(line)) {
    push(offset + m.index, m[0], { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }, 'absolute');
  }
  LONG.lastIndex = 0;
  for (let m = LONG.exec(line); m !== null; m = LONG.exec(line)) {
    const month = monthNumber(m[2] as string);
    if (month === undefined) continue;
    const d = ocrNumber(m[1] as string);
    const yearText = m[3]?.replace("'", '');
    if (yearText === undefined) push(offset + m.index, m[0], inferYear(month, d, ref), 'partial');
    else push(offset + m.index, m[0], { y: yearText.length === 2 ? expandYear(Number(yearText), ref) : Number(yearText), m: month, d }, 'absolute');
  }
}
