/**
 * German postcodes: format, existing leading regions, and a plausibility score for a
 * postcode ↔ city pair by the two-digit region (see postcode.regions.ts). The score
 * weighs candidates; it never filters (the region list is not complete).
 */
import { distance } from 'fastest-levenshtein';
import { foldForCompare } from './ocr-repair.ts';
import { POSTCODE_REGIONS } from './postcode.regions.ts';

const NON_REGIONS = new Set(['00', '05', '11', '43', '62']);

/** Folded city key → the regions it is listed in. */
const CITY_REGIONS = new Map<string, Set<string>>();
/** Folded first word of multi-word city names ("frankfurt" of "Frankfurt am Main") → regions. */
const CITY_HEAD_REGIONS = new Map<string, Set<string>>();
for (const [region, cities] of Object.entries(POSTCODE_REGIONS)) {
  for (const city of cities.split('|')) {
    const key = cityKey(city);
    if (!CITY_REGIONS.has(key)) CITY_REGIONS.set(key, new Set());
    CITY_REGIONS.get(key)?.add(region);
    const head = key.split(' ')[0] ?? key;
    if (!CITY_HEAD_REGIONS.has(head)) CITY_HEAD_REGIONS.set(head, new Set());
    CITY_HEAD_REGIONS.get(head)?.add(region);
  }
}

/** Comparison key of a city name: folded, without "(Saale)"-style additions and "Stadt"/"OT …" parts. */
export function cityKey(city: string): string {
  return foldForCompare(
    city
      .replace(/\s*\([^)]*\)/g, '')
      .replace(/\s*-\s*OT\s.*$/i, '')
      .replace(/\bSt\.\s?/g, 'Sankt '),
  );
}

export function isPostcodeFormat(value: string): boolean {
  return /^\d{5}$/.test(value) && !NON_REGIONS.has(value.slice(0, 2)) && value !== '00000';
}

/** Regions a city is known in (by full name, else by its first word), or undefined when unknown. */
export function regionsOfCity(city: string): Set<string> | undefined {
  const key = cityKey(city);
  if (key === '') return undefined;
  const exact = CITY_REGIONS.get(key);
  if (exact) return exact;
  const head = key.split(' ')[0] ?? key;
  if (head.length >= 4) {
    const byHead = CITY_HEAD_REGIONS.get(head);
    if (byHead) return byHead;
  }
  return undefined;
}

/** True when the name is a town from the region list (used to accept "ziehe nach Leipzig"). */
export function isKnownCity(city: string): boolean {
  return regionsOfCity(city) !== undefined;
}

/**
 * 0..1 plausibility that the postcode and the city belong together:
 * 1 the city is listed in the postcode's region; 0.85 an OCR-near spelling is;
 * 0.6 the city is unknown; 0.25 the city is known, but in other regions;
 * 0.1 the postcode region does not exist.
 */
const plausibilityCache = new Map<string, number>();

export function postcodeCityPlausibility(postcode: string, city: string): number {
  const key = `${postcode}|${city}`;
  let score = plausibilityCache.get(key);
  if (score === undefined) {
    score = plausibility(postcode, city);
    if (plausibilityCache.size > 5000) plausibilityCache.clear();
    plausibilityCache.set(key, score);
  }
  return score;
}

function plausibility(postcode: string, city: string): number {
  if (!isPostcodeFormat(postcode)) return 0.1;
  const region = postcode.slice(0, 2);
  const regions = regionsOfCity(city);
  if (regions) return regions.has(region) ? 1 : 0.25;
  const key = cityKey(city);
  if (key.length >= 5) {
    const listed = (POSTCODE_REGIONS[region] ?? '').split('|');
    for (const name of listed) {
      const k = cityKey(name);
      if (Math.abs(k.length - key.length) <= 2 && distance(k, key) <= (key.length >= 8 ? 2 : 1)) return 0.85;
    }
  }
  return 0.6;
}

const foldCache = new Map<string, { name: string; fold: string }[]>();

function regionNames(region: string): { name: string; fold: string }[] {
  let list = foldCache.get(region);
  if (!list) {
    list = (POSTCODE_REGIONS[region] ?? '').split('|').filter((n) => n.length > 0).map((name) => ({ name, fold: foldForCompare(name) }));
    foldCache.set(region, list);
  }
  return list;
}

/**
 * The region list's spelling of an OCR-read city: umlauts restored ("Osnabruck" →
 * "Osnabrück", "Koeln" → "Köln") and one OCR slip repaired ("Potsdarn" → "Potsdam") when
 * exactly one town of the postcode's region is that close. Otherwise the city as written.
 */
const canonicalCache = new Map<string, string>();

export function canonicalCity(postcode: string, city: string): string {
  const key = `${postcode}|${city}`;
  let canonical = canonicalCache.get(key);
  if (canonical === undefined) {
    canonical = canonicalSpelling(postcode, city);
    if (canonicalCache.size > 5000) canonicalCache.clear();
    canonicalCache.set(key, canonical);
  }
  return canonical;
}

function canonicalSpelling(postcode: string, city: string): string {
  if (!isPostcodeFormat(postcode)) return city;
  const names = regionNames(postcode.slice(0, 2));
  const fold = foldForCompare(city);
  // OCR reads "m" as "rn" and "u" as "ii".
  const variants = [...new Set([fold, fold.replace(/rn/g, 'm'), fold.replace(/ii/g, 'u')])];
  const exact = names.find((n) => variants.includes(n.fold));
  if (exact) return exact.name;
  if (fold.length < 5 || regionsOfCity(city)) return city;
  const limit = fold.length >= 9 ? 2 : 1;
  const close = names.filter((n) => variants.some((v) => Math.abs(n.fold.length - v.length) <= limit && distance(n.fold, v) <= limit));
  return close.length === 1 ? (close[0] as { name: string }).name : city;
}
