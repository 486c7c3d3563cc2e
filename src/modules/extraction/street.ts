/**
 * Street lines with house number: "Hauptstr. 5a", "Am Ring 12-14", "Straße des 17. Juni 3",
 * "Karl-Marx-Allee 90 / Whg. 12", "An der Alster 5 b", "Postfach 10 20 30" — as a line of
 * an address block (where any capitalised words before a number will do) or at the end
 * of a phrase ("… wohne ich in der Lindenstraße 7", where a street word is required).
 */
import { repairDigits } from './ocr-repair.ts';

export interface ParsedStreet {
  /** Street and house number, spaces normalised ("Hauptstr. 5a"). */
  value: string;
  name: string;
  houseNumber: string;
  /** 1 street word ("…straße", "…weg"), 0.9 street preposition ("Am", "An der"), 0.55 only its position. */
  score: number;
  /** Offset of the street's first character in the parsed text. */
  offset: number;
}

const SUFFIX =
  /(?:stra(?:ß|ss|b)e|str\.?|weg|allee|platz|pl\.|ring|gasse|damm|ufer|chaussee|steig|pfad|markt|hof|berg|feld|garten|graben|wall|kamp|stieg|twiete|br(?:ü|ue|u)cke|tor|park|h(?:ö|oe|o)he|anger|zeile|promenade|wiese|grund|aue|au|busch|heide|winkel|bogen|siedlung|deich|koppel|redder|acker|gang|kai|blick|reihe|trift|hain|holz|wald|dorf|tal|horst|bruch|rain|ecke|kreuz|hang|halde|leite|steige|g(?:ä|ae|a)rten|wiesen|felder|h(?:ö|oe|o)fe|terrasse|passage|boulevard|karree|weide|werder|w(?:ö|oe|o)rth|insel|stieg|esplanade|quai|gr(?:ü|ue|u)n|sand|brink|wende|hagen|kehre|rund|viertel|anlage|stegel?|breite|gestade|lohe?)$/i;
const PREFIX =
  /^(?:am|an\s+(?:der|den|dem|die)|auf\s+(?:der|dem|den)|im|in\s+(?:der|den|dem)|zum|zur|zu\s+den|unter\s+(?:den|der|dem)|hinter\s+(?:der|dem|den)|vor\s+(?:dem|der|den)|bei\s+der|beim|(?:alte|alter|altes|neue|neuer|neues|obere|oberer|untere|unterer|gro(?:ß|ss)e|kleine|lange|hohe|breite)\s)/i;
const PARTICLE = /^(?:der|des|den|dem|die|am|an|im|in|zum|zur|auf|unter|vor|bei|von|vom|und|a\.|d\.|v\.|zu|ob)$/;
const BARE_STREET_WORD = /^(?:stra(?:ß|ss)e|str\.|weg|allee|platz|ring|gasse|damm|ufer|chaussee|pfad|markt|steig|promenade|zeile)$/i;
const HOUSE_NUMBER_RE = /^([0-9OIlS]{1,4})\s?([a-zA-Z])?(?:\s?[-/+]\s?([0-9OIlS]{1,4})\s?([a-zA-Z])?)?$/;
const TRAILER = /(?:\s*[,/]\s*|\s+)(?:(?:whg|wohnung|app|apt|appartement|zimmer|zi|etage|et|og|eg|dg|hh|hinterhaus|vorderhaus|seitenflügel|sf|vh|hh|haus|geb(?:äude)?|aufgang|eingang|top)\.?\s*[\w./ -]{0,12}|\d{1,2}\.\s?(?:og|etage|stock)\b.*|\([^)]{1,30}\))\s*$/i;
const NOT_A_STREET =
  /\b(?:kunden|vertrag|vertrags|rechnung|telefon|tel|fax|mobil|handy|seite|tarif|jahr|jahre|jahren|monat|monate|monaten|tage|tagen|wochen|euro|eur|minuten|mbit|gb|datum|anlage|anlagen|betreff|rufnummer|nummer|nr|iban|bic|konto|summe|betrag|preis|kosten|gebühr|geb|vom|seit|bis|uhr|ca|€|%|geboren|postleitzahl|plz|sendung|ticket|version|paragraph|absatz|laufzeit|raten?|gesamt|anzahl|menge|stück|punkt|option|paket)\b|[:@€%§]/i;
const LEADING_NOISE =
  /^(?:ich|wir|meine|mein|unsere|unser|neue|neuen|neuer|alte|alten|bisherige|adresse|anschrift|wohnanschrift|lautet|lauten|ist|jetzt|nun|ab|seit|künftig|zukünftig|bitte|und|hausnummer|wohnhaft|wohne|wohnen|die|der|das|in|nach|zur|zum|bei|unter|dem|den|folgende|folgender|hier|mir|uns|sie|ihre|dann|dort|c\/o)$/i;

/**
 * Normalises a house number: "5 a" → "5a", "12 - 14" → "12-14", OCR "l2" → "12". A number
 * without any real digit ("l") only after a clear street word (`lenient`).
 */
function houseNumber(raw: string, lenient: boolean): string | null {
  const m = HOUSE_NUMBER_RE.exec(raw.trim());
  if (!m) return null;
  const first = repairDigits(m[1] as string);
  if (!/^\d+$/.test(first) || Number(first) === 0) return null;
  if (!/\d/.test(m[1] as string) && !(lenient && (m[1] as string).length <= 2)) return null;
  let out = first + (m[2] ?? '');
  if (m[3]) {
    const second = repairDigits(m[3]);
    if (!/^\d+$/.test(second)) return null;
    out += `${/\//.test(raw) ? '/' : '-'}${second}${m[4] ?? ''}`;
  }
  return out;
}

/** Splits a street text into the name and the trailing house number (or null). */
function splitNumber(text: string): { name: string; number: string } | null {
  const m = /^(.*?[\p{L}.)])\s*([0-9OIlS]{1,4}(?:\s?[a-zA-Z])?(?:\s?[-/+]\s?[0-9OIlS]{1,4}(?:\s?[a-zA-Z])?)?)$/u.exec(text);
  if (!m) return null;
  let name = (m[1] as string).trim();
  // "Mühlenweg.50": a dot OCR put between a whole street word and the number ("Hauptstr. 5" keeps its dot).
  if (name.endsWith('.') && !/(?:str|pl)\.$/i.test(name) && SUFFIX.test(name.slice(0, -1).split(/\s+/).pop() ?? '')) name = name.slice(0, -1);
  const number = houseNumber(m[2] as string, SUFFIX.test(name.split(/\s+/).pop() ?? ''));
  if (!number) return null;
  return { name, number };
}

function nameScore(name: string): number {
  const words = name.split(/\s+/);
  const last = words[words.length - 1] ?? '';
  if (words.some((w) => SUFFIX.test(w.replace(/[,;]$/, ''))) || /str\./i.test(name)) return 1;
  if (PREFIX.test(name)) return 0.9;
  return last.length > 0 ? 0.55 : 0;
}

function validName(name: string): boolean {
  if (name.length < 3 || name.length > 48) return false;
  if (!/^[A-ZÄÖÜ0-9]/.test(name)) return false;
  if (NOT_A_STREET.test(name)) return false;
  const words = name.split(/\s+/);
  if (words.length > 6) return false;
  // Every word capitalised, a particle, an ordinal ("17.") or a hyphen compound.
  return words.every((w) => /^[A-ZÄÖÜ][\p{L}.'-]*$/u.test(w) || PARTICLE.test(w) || /^\d{1,2}\.$/.test(w) || /^[a-zäöü]+str\.?$/.test(w));
}

/** A whole address-block line as street + house number ("Hauptstr. 5a", "Postfach 10 20 30"). */
export function parseStreetLine(line: string): ParsedStreet | null {
  // OCR breaks hyphenated names: "Carl-Benz- -Straße 13", "Friedrich- Ebert-Str. 5".
  const text = line.trim().replace(/\s+/g, ' ').replace(/(\p{L})-\s(?:-\s?)?(?=\p{Lu})/gu, '$1-');
  const postbox = /^(Postfach|Pf\.|Postf\.)\s*([\d ]{2,12}\d)$/i.exec(text);
  if (postbox) return { value: `Postfach ${(postbox[2] as string).trim()}`, name: 'Postfach', houseNumber: (postbox[2] as string).replace(/\s+/g, ''), score: 0.6, offset: 0 };
  const core = text.replace(TRAILER, '').replace(/[,;.]\s*$/, '');
  const split = splitNumber(core);
  if (!split || !validName(split.name)) return null;
  const name = split.name.replace(/\s+/g, ' ');
  return { value: `${name} ${split.number}`, name, houseNumber: split.number, score: nameScore(name), offset: text.length - line.trimStart().length };
}

/**
 * The street at the end of a phrase ("… meine neue Anschrift lautet Lindenweg 7"):
 * leading words that are not part of the street are dropped; without a street word or
 * preposition only a short capitalised name is accepted.
 */
export function streetAtEnd(phrase: string): ParsedStreet | null {
  const trimmed = phrase.replace(/[\s,;:]+$/, '').replace(TRAILER, '');
  const postbox = /(?:^|\s)(Postfach|Pf\.)\s*([\d ]{2,12}\d)$/i.exec(trimmed);
  if (postbox) {
    const digits = (postbox[2] as string).trim();
    return { value: `Postfach ${digits}`, name: 'Postfach', houseNumber: digits.replace(/\s+/g, ''), score: 0.6, offset: trimmed.lastIndexOf(postbox[1] as string) };
  }
  const split = splitNumber(trimmed);
  if (!split) return null;
  const words = split.name.split(/\s+/);
  // The shortest run of words before the number that names a street ("Lindenstraße", "Straße des 17. Juni") …
  let start = -1;
  for (let i = words.length - 1; i >= Math.max(0, words.length - 6); i -= 1) {
    const w = words[i] as string;
    if (!(/^[A-ZÄÖÜ][\p{L}.'-]*$/u.test(w) || PARTICLE.test(w) || /^\d{1,2}\.$/.test(w))) break;
    if (!/^[A-ZÄÖÜ]/.test(w) || LEADING_NOISE.test(w)) continue;
    const name = words.slice(i).join(' ');
    if (validName(name) && nameScore(name) >= 0.9) {
      start = i;
      break;
    }
  }
  // … extended by a capitalised street prefix before it ("Am" Ring, "Neue" Str., "An der" Alster).
  if (start > 0) {
    for (let k = Math.max(0, start - 3); k < start; k += 1) {
      const prefix = words.slice(k, start).join(' ');
      if (/^[A-ZÄÖÜ]/.test(prefix) && PREFIX.test(`${prefix} `) && prefix.split(' ').every((w, j) => (j === 0 ? true : PARTICLE.test(w)))) {
        start = k;
        break;
      }
    }
  }
  // "Hohenheimer Straße", "Breite Gasse": a bare street word takes the capitalised word before it.
  if (start > 0 && BARE_STREET_WORD.test(words[start] as string) && start === words.length - 1) {
    const before = words[start - 1] as string;
    if (/^[A-ZÄÖÜ][\p{L}'-]*$/u.test(before) && !LEADING_NOISE.test(before) && !NOT_A_STREET.test(before)) start -= 1;
  }
  let score: number;
  if (start < 0) {
    // No street word: a short capitalised name right before the number ("Kuhle Wampe 3") — weak.
    const last = words.slice(-2).filter((w) => /^[A-ZÄÖÜ]/.test(w) && !LEADING_NOISE.test(w) && !PARTICLE.test(w));
    if (last.length === 0) return null;
    start = words.length - last.length;
    score = 0.45;
  } else {
    score = nameScore(words.slice(start).join(' '));
  }
  const name = words.slice(start).join(' ');
  if (!validName(name) || LEADING_NOISE.test(name)) return null;
  const offset = trimmed.lastIndexOf(name);
  return { value: `${name} ${split.number}`, name, houseNumber: split.number, score, offset: Math.max(0, offset) };
}
