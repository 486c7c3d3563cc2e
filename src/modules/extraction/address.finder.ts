/**
 * Finds postal addresses: a postcode + city ("50667 Köln", "D-04109 Leipzig", OCR "5O667")
 * with the street and the name lines that belong to it — above it in an address block
 * (per column), before it on the same line ("Hans Müller · Hauptstr. 5 · 50667 Köln"),
 * or at the end of a phrase ("… wohne ich in der Lindenstraße 7, 04109 Leipzig").
 */
import { looksLikeNoisyNumber, repairDigits } from './ocr-repair.ts';
import { canonicalCity, isPostcodeFormat, postcodeCityPlausibility } from './postcode.ts';
import { type ParsedStreet, parseStreetLine, streetAtEnd } from './street.ts';
import type { PreparedDocument, Segment } from './text.document.ts';

export interface AddressHit {
  id: string;
  postalCode: string;
  postalRaw: string;
  postalRepaired: boolean;
  /** City as the region list spells it (umlauts restored); `cityRaw` as written. */
  city: string;
  cityRaw: string;
  street?: string;
  streetScore: number;
  /** Lines (or pieces of a one-line address) above/before the street, top to bottom. */
  nameLines: { text: string; line: number }[];
  /** Line of the postcode; first line of the address (name or street). */
  line: number;
  firstLine: number;
  col: 0 | 1;
  /** Offsets (prepared text) of the whole address and of the postcode + city. */
  start: number;
  end: number;
  cityStart: number;
  /** One-line address (pieces separated by "," "·" "|"); prose: inside a sentence. */
  inline: boolean;
  prose: boolean;
  /** Text before the address within its paragraph (for "neue Anschrift:"-style labels). */
  contextBefore: string;
  plausibility: number;
}

const POSTCODE_CITY =
  /(?<![A-Za-zÀ-ÖØ-öø-ÿ0-9])(?:D\s?-\s?)?([0-9OoIlSB](?:[ ]?[0-9OoIlSB]){4})[ \t]+([A-ZÄÖÜ][A-Za-zÀ-ÖØ-öø-ÿ.'-]*(?:[ \t]?\/[ \t]?[A-ZÄÖÜ][A-Za-zÀ-ÖØ-öø-ÿ.'-]*)?(?:[ \t]+(?:[A-ZÄÖÜ(][A-Za-zÀ-ÖØ-öø-ÿ.()'/-]*|am|an|im|in|ob|bei|vor|der|den|dem|a\.|d\.|i\.|v\.|b\.|v\.d\.)){0,4})/g;
const TWO_DIGITS = /\d\d/;
const CITY_STOP =
  /^(?:Ich|Wir|Sie|Er|Es|Tel|Tel\.|Telefon|Fax|Mobil|Handy|E-Mail|Email|Mail|Deutschland|Germany|Den|Datum|Kundennummer|Kunden-Nr\.?|Vertragsnummer|Und|Oder|Bitte|Mit|Ab|Seit|Zum|Am|Im|Vom|Bis|Wohne|Wohnen|Umgezogen|Gezogen|Mein|Meine|Unser|Unsere|Ihr|Ihre|Die|Der|Das|Dort|Hier|Jetzt|Nun|Auch|Zu|Für|Nach|Von|Bei|Internet|Homepage|Web|Www\.?|Steuer|USt|Amtsgericht|HRB|HRA|Geschäftsführer|Vorstand|Bankverbindung|IBAN|BIC|Konto)$/;
const NOT_A_CITY =
  /^(?:Euro|EUR|Eur|Stück|Kunden|Kundinnen|Mbit|MBit|Minuten|GB|MB|Einwohner|Mitglieder|Haushalte|Seiten|Tage|Jahre|Monate|Punkte|Km|Kilometer|Meter|Stunden|Anschlüsse|Verträge|SMS|Exemplare|Liter|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Kundennummer|Rechnungsnummer)\b/;
const PIECE_SPLIT = /\s*[,·•|;]\s*|\s+[-–]\s+|\s{3,}/;
const LABEL_LINE = /:\s*$|\b(?:lautet|lauten|wie\s+folgt|folgende)\s*:?\s*$/i;
const SKIP_BETWEEN = /^(?:c\/o|bei\s|whg|wohnung|app|apt|zimmer|\d{1,2}\.\s?(?:og|etage|stock)|(?:hinter|vorder)haus|etage|og\b|eg\b)/i;
const ABSENDER = /^\s*(?:abs(?:ender)?\.?\s*:?|von\s*:|absender\s*:)\s*/i;

function cleanCity(raw: string): string {
  const words = raw.trim().split(/[ \t]+/);
  const out: string[] = [];
  for (const w of words) {
    if (out.length > 0 && CITY_STOP.test(w.replace(/[.,]$/, ''))) break;
    if (out.length > 0 && /^(?:Tel|Fax|E-Mail)/i.test(w)) break;
    out.push(w);
    // "… 99095 Erfurt. Wie lange dauert …": a sentence ends after the city ("Frankfurt a. M." and "St. Ingbert" go on).
    if (/\p{L}{3,}\.$/u.test(w)) break;
  }
  while (out.length > 1 && /^(?:am|an|im|in|ob|bei|vor|der|den|dem)$/.test(out[out.length - 1] as string)) out.pop();
  let city = out.join(' ');
  // Trailing sentence dot, but keep abbreviations like "Frankfurt a. M." and "Halle (Saale)".
  if (/[^A-ZÄÖÜ]\.$/.test(city) && !/\b[a-zA-Z]\.$/.test(city)) city = city.slice(0, -1);
  city = city.replace(/[,;:]$/, '');
  if (/\($/.test(city)) city = city.slice(0, -1).trim();
  const open = (city.match(/\(/g) ?? []).length;
  const close = (city.match(/\)/g) ?? []).length;
  if (open > close) city = city.replace(/\s*\([^)]*$/, '');
  return city.trim();
}

function segmentInCol(doc: PreparedDocument, line: number, col: 0 | 1): Segment | undefined {
  const segs = doc.segments[line];
  if (!segs || segs.length === 0) return undefined;
  return segs.find((s) => s.col === col);
}

export function findAddresses(doc: PreparedDocument): AddressHit[] {
  const hits: AddressHit[] = [];
  for (const segs of doc.segments) {
    for (const seg of segs) {
      if (!TWO_DIGITS.test(seg.text)) continue;
      POSTCODE_CITY.lastIndex = 0;
      for (let m = POSTCODE_CITY.exec(seg.text); m !== null; m = POSTCODE_CITY.exec(seg.text)) {
        const hit = buildHit(doc, seg, m, hits.length);
        if (hit) hits.push(hit);
      }
    }
  }
  return hits;
}

function buildHit(doc: PreparedDocument, seg: Segment, m: RegExpExecArray, index: number): AddressHit | null {
  const postalRaw = m[1] as string;
  const postalCompact = postalRaw.replace(' ', '');
  if (!looksLikeNoisyNumber(postalCompact, 0.6)) return null;
  const postalCode = repairDigits(postalCompact);
  if (!isPostcodeFormat(postalCode)) return null;
  const written = cleanCity(m[2] as string);
  if (written.length < 2 || NOT_A_CITY.test(written) || CITY_STOP.test(written)) return null;
  const city = canonicalCity(postalCode, written);
  const prefix = seg.text.slice(0, m.index);
  if (/\d[ \t]$/.test(prefix) && !/[,·•|;:]\s*$/.test(prefix)) {
    // "Postfach 10 20 30 53105 Bonn" is fine; "0221 12345 Köln"-like digit runs are not addresses.
    if (!/postfach/i.test(prefix)) return null;
  }
  const codeStart = seg.start + m.index + (m[0].length - m[0].replace(/^(?:D\s?-\s?)/, '').length);
  const cityStart = seg.start + m.index + m[0].indexOf(m[2] as string);
  const end = cityStart + written.length;

  const hit: AddressHit = {
    id: `a${index}`,
    postalCode,
    postalRaw,
    postalRepaired: postalCode !== postalRaw,
    city,
    cityRaw: written,
    streetScore: 0,
    nameLines: [],
    line: seg.line,
    firstLine: seg.line,
    col: seg.col,
    start: codeStart,
    end,
    cityStart,
    inline: false,
    prose: false,
    contextBefore: '',
    plausibility: postcodeCityPlausibility(postalCode, city),
  };

  const prefixTrimmed = prefix.replace(ABSENDER, '').replace(/[\s,·•|;:-]+$/, '');
  // OCR specks before the postcode (". 14477 Potsdam", "“10116 Berlin") are no text of the line.
  if (/[\p{L}\d]/u.test(prefixTrimmed)) {
    hit.inline = true;
    const pieces = prefixTrimmed.split(PIECE_SPLIT).filter((p) => p.trim().length > 0);
    const last = pieces[pieces.length - 1] ?? '';
    const lastWords = last.trim().split(/\s+/);
    hit.prose = lastWords.length >= 4 && lastWords.filter((w) => /^[a-zäöüß]/.test(w)).length >= 2;
    // "… Frau Karin Schäffer (Bahnhofstraße 30a, 60321 Frankfurt am Main)": the street starts after the bracket.
    const streetText = last.slice(last.lastIndexOf('(') + 1);
    const street = hit.prose ? streetAtEnd(streetText.replace(/\s+in$/, '')) : (parseStreetLine(streetText) ?? streetAtEnd(streetText.replace(/\s+in$/, '')));
    // "… Frau Rosemarie Schmidt, Eichendorffstraße\n99, 37075 Göttingen": a sentence wrapped between street and number.
    const wrapped = !street && pieces.length === 1 && /^[0-9OIlS]{1,4}\s?[a-zA-Z]?$/.test(last.trim()) ? wrappedStreet(doc, seg.line, last.trim()) : null;
    if (wrapped) {
      hit.street = wrapped.street.value;
      hit.streetScore = wrapped.street.score;
      hit.prose = true;
      hit.start = wrapped.start;
      hit.firstLine = seg.line - 1;
      hit.contextBefore = contextBefore(doc, hit.start);
      return hit;
    }
    if (street) {
      hit.street = street.value;
      hit.streetScore = street.score;
      const at = seg.text.lastIndexOf(street.name, m.index);
      if (at >= 0) hit.start = seg.start + at;
      if (!hit.prose) {
        hit.nameLines = pieces.slice(0, -1).map((text) => ({ text: text.trim(), line: seg.line }));
        // "Hans Müller, Hauptstr. 5" on the line above the postcode? Then names come from above as well.
      }
    } else if (!hit.prose) {
      hit.nameLines = pieces.map((text) => ({ text: text.trim(), line: seg.line }));
    }
    hit.contextBefore = contextBefore(doc, hit.start);
    return hit;
  }

  // Block: walk up the column. OCR often puts an empty line inside the block ("Akazienweg 96c", "", "21339
  // Lüneburg"): one is stepped over when the line above it is the street, or a name above the street.
  let k = seg.line - 1;
  const above: { text: string; line: number }[] = [];
  while (k >= 0 && seg.line - k <= 9) {
    let s = segmentInCol(doc, k, seg.col);
    if (!s && doc.lines[k]?.blank && k > 0) {
      const over = segmentInCol(doc, k - 1, seg.col);
      const bridge = over && (above.length === 0 ? parseStreetLine(over.text.replace(ABSENDER, '')) !== null : above.length === 1 && isNameLike(over.text));
      if (bridge) {
        k -= 1;
        s = over;
      }
    }
    if (!s) break;
    above.unshift({ text: s.text, line: k });
    if (LABEL_LINE.test(s.text)) break;
    k -= 1;
  }
  // Nearest line(s) up: optional apartment/c-o lines, then the street.
  let idx = above.length - 1;
  while (idx >= 0 && SKIP_BETWEEN.test((above[idx] as { text: string }).text)) idx -= 1;
  const streetLine = above[idx];
  const street = streetLine ? parseStreetLine(streetLine.text.replace(ABSENDER, '')) : null;
  let nameEnd = idx;
  if (street && streetLine) {
    hit.street = street.value;
    hit.streetScore = street.score;
    hit.start = doc.lines[streetLine.line]?.start ?? hit.start;
    hit.firstLine = streetLine.line;
    nameEnd = idx - 1;
  } else if (streetLine && idx === above.length - 1) {
    // A sentence broken before the postcode: "… von Herrn Thomas Krause, Gartenweg 7,\n65183 Wiesbaden".
    const tail = streetAtEnd(streetLine.text.replace(/[,;\s]+$/, ''));
    if (tail && tail.score >= 0.9) {
      hit.street = tail.value;
      hit.streetScore = tail.score;
      hit.prose = true;
      const lineStart = doc.lines[streetLine.line]?.start ?? hit.start;
      const at = streetLine.text.lastIndexOf(tail.name);
      hit.start = at >= 0 ? lineStart + (doc.lines[streetLine.line]?.text.indexOf(streetLine.text) ?? 0) + at : hit.start;
      hit.firstLine = streetLine.line;
      hit.contextBefore = contextBefore(doc, hit.start);
      return hit;
    }
  }
  const names: { text: string; line: number }[] = [];
  for (let j = nameEnd; j >= 0 && names.length < 4; j -= 1) {
    const entry = above[j] as { text: string; line: number };
    // A c/o line names the host, not the sender.
    if (/^c\/o\b/i.test(entry.text)) continue;
    if (LABEL_LINE.test(entry.text) || POSTCODE_LIKE.test(entry.text) || /@|\d{3}/.test(entry.text)) break;
    names.unshift({ text: entry.text.replace(ABSENDER, '').trim(), line: entry.line });
    hit.firstLine = entry.line;
  }
  hit.nameLines = names;
  if (hit.firstLine < seg.line) hit.start = Math.min(hit.start, doc.lines[hit.firstLine]?.start ?? hit.start);
  hit.contextBefore = contextBefore(doc, hit.start);
  return hit;
}

const POSTCODE_LIKE = /(?<!\d)\d{5}[ \t]+[A-ZÄÖÜ]/;

/** The street name at the end of the line above a line that starts with the house number. */
function wrappedStreet(doc: PreparedDocument, line: number, number: string): { street: ParsedStreet; start: number } | null {
  const previous = doc.lines[line - 1];
  if (!previous || previous.blank) return null;
  const full = previous.text.replace(/[\s(]+$/, '');
  const text = full.slice(full.lastIndexOf('(') + 1);
  const street = streetAtEnd(`${text} ${number}`);
  if (!street || street.score < 0.9) return null;
  const at = full.lastIndexOf(street.name);
  return at < 0 ? null : { street, start: previous.start + at };
}

/** A short line of capitalised words without digits: a name or company line of an address block. */
function isNameLike(text: string): boolean {
  const t = text.replace(ABSENDER, '').trim();
  return t.length >= 3 && t.length <= 50 && !/\d|@|:/.test(t) && t.split(/\s+/).length <= 6 && /^[\p{Lu}]/u.test(t) && !/[.!?]$/.test(t.replace(/\b(?:Dr|Prof|Str|e\.\s?K|e\.\s?V)\.$/, ''));
}

/**
 * The paragraph text before an address (up to 220 characters; a blank line ends it) —
 * or, for an address standing as its own paragraph, the paragraph before it
 * ("Unsere neue Anschrift lautet:" + blank line + address block).
 */
function contextBefore(doc: PreparedDocument, offset: number): string {
  const slice = doc.text.slice(Math.max(0, offset - 220), offset);
  const paragraphs = slice.split(/\n[ \t]*\n/);
  const last = paragraphs[paragraphs.length - 1] ?? '';
  if (last.trim().length >= 10 || paragraphs.length < 2) return last;
  return `${paragraphs[paragraphs.length - 2] ?? ''}\n${last}`;
}
