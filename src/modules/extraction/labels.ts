/**
 * Labels that announce a value, written the many ways customers and OCR write them:
 * "Kundennummer", "Kunden-Nr.", "Kd.-Nr.", "KdNr", "Kundennumrner" (OCR: m → rn),
 * "Vertrags-Nr.", "Vertrag Nr.", "Auftragsnummer", "Tel.:", "Mobil", "Rufnummer" …
 * All regexes are compiled once, global and case-insensitive; callers reset lastIndex.
 */
import { distance } from 'fastest-levenshtein';

/** "m" as OCR reads it ("rn", "nn"), "-" or a line break inside compounds ("Kunden-\nnummer"). */
const M = '(?:m|rn|nn)';
const NUMMER = `nu${M}${M}?er`;
const JOIN = '(?:\\s?-\\s*|\\s)?';
const NR = '(?:nr|no|nro)\\b\\.?';

export const CUSTOMER_LABEL = new RegExp(
  `\\b(?:${[
    `\\bk(?:u|ü|ii)nd[ec]n?${JOIN}(?:konto${JOIN})?(?:${NUMMER}|${NR}|-?id\\b|kennung)`,
    `\\bkd\\.?\\s?-?\\s?${NR}`,
    `\\bkdnr\\b\\.?`,
    `\\bk\\.?-?${NR}`,
    `\\bkunde\\s+(?:bei\\s+ihnen\\s+)?(?:unter|mit)\\s+(?:der\\s+)?(?:nummer|${NR})`,
    `\\b(?:meine|unsere)\\s+(?:kunden)?nummer\\s+bei\\s+ihnen`,
    `\\bunter\\s+der\\s+kunden${JOIN}(?:${NUMMER}|${NR})`,
    `\\bkundenkonto\\b`,
  ]
    .map((p) => p.replace(/^\\b/, ''))
    .join('|')})`,
  'gi',
);

export const CONTRACT_LABEL = new RegExp(
  `\\b(?:${[
    `\\bvertrags?${JOIN}(?:konto${JOIN})?(?:${NUMMER}|${NR}|kennung|-?id\\b)`,
    `\\bvertrag\\s+(?:${NR}|nummer)`,
    `\\bvertragskonto\\b`,
    `\\bauftrags?${JOIN}(?:${NUMMER}|${NR})`,
    `\\bauftrag\\s+(?:${NR}|nummer)`,
    `\\bvn${JOIN}${NR}`,
    `\\bv\\.?-${NR}`,
    // "VNR: …", "VNr. …", "VK-Nr." (Vertragskonto), "Vertrag: …" / "Auftrag: …" with a colon.
    `\\bvnr\\b\\.?`,
    `\\bvk${JOIN}${NR}`,
    `\\b(?:vertrag|auftrag)\\s*:`,
  ]
    .map((p) => p.replace(/^\\b/, ''))
    .join('|')})`,
  'gi',
);

/**
 * "den Vertrag", "Vertrag"/"Auftrag" alone, or a compound ("Mobilfunkvertrag", "Geschäftskundenvertrag"):
 * only with a value that clearly looks like a contract number.
 */
export const WEAK_CONTRACT_LABEL = /(?:vertrag|auftrag)(?:es|s)?\b(?!\s*(?:vom|von|ab|seit|bis|zum)\b)/gi;

export const PHONE_LABEL = new RegExp(
  `\\b(?:${[
    'tel(?:efon)?(?:nummer|\\s?-?\\s?nr\\b\\.?)?\\.?',
    'fon\\b',
    'phone\\b',
    'mobil(?:funk)?(?:nummer|\\s?-?\\s?nr\\b\\.?|telefon)?',
    'mobile\\b',
    'handy(?:nummer|\\s?-?\\s?nr\\b\\.?)?',
    'festnetz(?:nummer|anschluss)?',
    '(?:ruf|anschluss|telefon)nummer',
    'ruf\\s?-?\\s?nr\\b\\.?',
    'erreichbar\\s+unter',
    'erreichen\\s+(?:sie\\s+)?(?:mich|uns)\\s+(?:am\\s+besten\\s+)?(?:unter|auf)',
    'r(?:ü|ue|u)ckruf\\s+unter',
    'unter\\s+der\\s+(?:nummer|rufnummer)',
    'rufen\\s+sie\\s+(?:mich|uns)\\s+(?:[A-Za-zÀ-ÖØ-öø-ÿ]+\\s+){0,2}an\\b',
  ]
    .join('|')})`,
  'gi',
);

export const FAX_LABEL = /\b(?:tele)?fax(?:nummer|\s?-?\s?nr\b\.?)?\b/gi;

/** Phrases that introduce OUR numbers ("Ihre Hotline", "Ihr Kundenservice unter"). */
export const OWN_REFERENCE =
  /\b(?:ihre[rnms]?|eure[rnms]?)\s+(?:service-?|kunden-?|st(?:ö|oe|o)rungs-?|technik-?)?(?:hotline|telefonnummer|rufnummer|nummer|service|kundenservice|mitarbeiter(?:in)?|kollege|kollegin|fax)|\bhotline\b|\bkundenservice\b|\bservice-?nummer\b|\bservicetelefon\b/i;

/** Labels of numbers that are none of ours to extract (invoice, ticket, file reference …). */
export const FOREIGN_NUMBER_LABEL =
  /\b(?:rechnungs?|rg\.?|re\.|beleg|ticket|vorgangs?|bestell|sendungs?|tracking|referenz|aktenzeichen|az|zähler|zaehler|steuer|mandats|gläubiger|glaeubiger|kassen|personal|versicherungs|sim|karten|imei|puk|pin|blz|bic|konto|bank|sepa|order|auftrags|vertrags?|transaktions|mitglieds|fall|schaden|sozialversicherungs|kennzeichen|seriennummer|serien)[\s-]?(?:nummer|nr\.?|no\.?|id|zeichen)?\s*[:.]?\s*$|\b(?:az|aktenzeichen|ihr\s+zeichen|unser\s+zeichen|rechnung|sim-karte|simkarte|pin|puk|imei)\s*[:.]?\s*$/i;

const CUSTOMER_LABEL_WORDS = ['kundennummer', 'kundenummer'];

/**
 * A word the regexes missed that is still clearly "Kundennummer" garbled by OCR
 * ("Kundennurnrner", "Kundcnnumrner", "Kundemummer"): edit distance ≤ 2.
 */
export function isFuzzyCustomerLabel(word: string): boolean {
  const w = word.toLowerCase().replace(/[^a-zäöü]/g, '');
  if (w.length < 10 || w.length > 15 || !w.startsWith('k')) return false;
  return CUSTOMER_LABEL_WORDS.some((label) => distance(w, label) <= 2);
}

const CONTRACT_LABEL_WORDS = ['vertragsnummer', 'auftragsnummer'];

export function isFuzzyContractLabel(word: string): boolean {
  const w = word.toLowerCase().replace(/[^a-zäöü]/g, '');
  if (w.length < 12 || w.length > 17) return false;
  return CONTRACT_LABEL_WORDS.some((label) => distance(w, label) <= 2);
}

export interface LabelHit {
  start: number;
  end: number;
  text: string;
  /** Found by edit distance, not by the regex. */
  fuzzy: boolean;
}

/** Words that may be OCR-garbled labels: "K…" (Kundennummer), "V…"/"A…" (Vertrags-/Auftragsnummer). */
export const CUSTOMER_WORD = /(?<![\p{L}])[kK][\p{L}-]{8,15}/gu;
export const CONTRACT_WORD = /(?<![\p{L}])[vVaA][\p{L}-]{10,16}/gu;

/** All label matches in the text: regex hits plus OCR-garbled words (found by `words`) accepted by edit distance. */
export function findLabels(text: string, regex: RegExp, fuzzy?: (word: string) => boolean, words?: RegExp): LabelHit[] {
  const hits: LabelHit[] = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    hits.push({ start: m.index, end: m.index + m[0].length, text: m[0], fuzzy: false });
    if (m[0].length === 0) regex.lastIndex += 1;
  }
  if (fuzzy && words) {
    words.lastIndex = 0;
    for (let m = words.exec(text); m !== null; m = words.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (hits.some((h) => start < h.end && end > h.start)) continue;
      if (fuzzy(m[0])) hits.push({ start, end, text: m[0], fuzzy: true });
    }
    hits.sort((a, b) => a.start - b.start);
  }
  return hits;
}
