/**
 * Realistic imperfections of incoming text: the writer's (typos, no umlaut keys) and the OCR engine's
 * (character confusions, broken words, stray marks, merged lines). Every rate is controllable; 0 disables.
 */
import type { Rng } from '../fixtures/prng.ts';

export type UmlautMode = 'keep' | 'ae' | 'plain' | 'mixed';

export interface NoiseProfile {
  /** Probability that a word carries a typo. */
  typoRate: number;
  umlauts: UmlautMode;
  /** Probability that a character is misread by OCR (word breaks, stray marks and merged lines scale with it). */
  ocrRate: number;
}

export const CLEAN: NoiseProfile = { typoRate: 0, umlauts: 'keep', ocrRate: 0 };

/** A random profile; `scale` multiplies all rates (0: clean text). */
export function drawNoiseProfile(rng: Rng, scale = 1, ocr = true): NoiseProfile {
  if (scale <= 0) return CLEAN;
  const t = rng.next();
  const typoRate = t < 0.5 ? 0 : t < 0.9 ? rng.float(0.005, 0.03) : rng.float(0.04, 0.08);
  const u = rng.next();
  const umlauts: UmlautMode = u < 0.75 ? 'keep' : u < 0.88 ? 'ae' : u < 0.95 ? 'plain' : 'mixed';
  const o = rng.next();
  const ocrRate = !ocr || o < 0.4 ? 0 : o < 0.8 ? rng.float(0.003, 0.02) : rng.float(0.02, 0.06);
  return { typoRate: Math.min(0.5, typoRate * scale), umlauts, ocrRate: Math.min(0.3, ocrRate * scale) };
}

const UMLAUT_AE: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };
const UMLAUT_PLAIN: Record<string, string> = { ä: 'a', ö: 'o', ü: 'u', Ä: 'A', Ö: 'O', Ü: 'U', ß: 'ss' };

export function replaceUmlauts(text: string, mode: UmlautMode, rng: Rng): string {
  if (mode === 'keep') return text;
  return text.replace(/[äöüÄÖÜß]/g, (ch) => {
    const table = mode === 'ae' || (mode === 'mixed' && rng.chance(0.5)) ? UMLAUT_AE : UMLAUT_PLAIN;
    return table[ch] ?? ch;
  });
}

/** QWERTZ neighbours for slipped fingers. */
const NEIGHBOURS: Record<string, string> = {
  a: 'sq', s: 'adw', d: 'sfe', f: 'dgr', g: 'fht', h: 'gjz', j: 'hku', k: 'jli', l: 'kö', e: 'wrd', r: 'etf', t: 'rzg',
  z: 'tuh', u: 'zij', i: 'uok', o: 'ipl', n: 'bm', m: 'n', b: 'vn', c: 'xv', v: 'cb', w: 'qe', p: 'oü',
};

function typo(word: string, rng: Rng): string {
  if (word.length < 4 || /\d/.test(word)) return word;
  const i = rng.int(1, word.length - 2);
  const kind = rng.int(0, 4);
  const ch = word[i] as string;
  if (kind === 0) return word.slice(0, i) + (word[i + 1] ?? '') + ch + word.slice(i + 2);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 2) return word.slice(0, i) + ch + word.slice(i);
  if (kind === 3) {
    const near = NEIGHBOURS[ch.toLowerCase()];
    return near ? word.slice(0, i) + rng.pick([...near]) + word.slice(i + 1) : word;
  }
  // Noun written in lower case.
  return word.charAt(0).toLowerCase() + word.slice(1);
}

/** The writer's own mistakes: typos per word, missing umlauts, the odd missing comma. */
export function writerNoise(text: string, profile: NoiseProfile, rng: Rng): string {
  let out = text;
  if (profile.typoRate > 0) {
    out = out.replace(/[A-Za-zÄÖÜäöüß]{4,}/g, (w) => (rng.chance(profile.typoRate) ? typo(w, rng) : w));
    out = out.replace(/, /g, (m) => (rng.chance(profile.typoRate * 2) ? ' ' : m));
  }
  return replaceUmlauts(out, profile.umlauts, rng);
}

/** What OCR engines read instead of the printed characters. */
const CONFUSIONS: Record<string, readonly string[]> = {
  m: ['rn', 'nn', 'in'], n: ['ri', 'u', 'h'], l: ['1', 'I', '|', 'i'], I: ['l', '1', '|'], i: ['l', 'í', '1', 'j'], e: ['c', 'o', 'é'],
  c: ['e', 'o'], o: ['0', 'a', 'c'], O: ['0', 'Q', 'D'], 0: ['O', 'o', '8'], h: ['b', 'li'], b: ['h', '6'], u: ['ii', 'n', 'v'],
  ü: ['ii', 'u', 'û', 'ü'], ä: ['a', 'à', 'ii'], ö: ['o', 'ó', '6'], ß: ['B', 'fi', '13'], S: ['5', '$'], s: ['5', 'e'],
  5: ['S', '6'], 8: ['B', '3'], B: ['8', 'ß'], g: ['q', '9'], d: ['cl', 'a'], t: ['f', '+', 'l'], f: ['t', 'i'], r: ['n', 'i'],
  a: ['o', 'e', 'u'], w: ['vv'], k: ['lc', 'h'], y: ['v'], 1: ['l', 'I', '7'], 7: ['1', '/'], 3: ['8'], 6: ['b', '5'],
  ',': ['.', ';'], '.': [',', ''], '-': ['~', '_', ''], ':': [';', '.'], 'E': ['F', 'B'], 'F': ['E', 'P'], 'K': ['X'],
};
const STRAY = ['.', ',', "'", '`', '´', '|', '~', ':', ';', '°', '^', '"', '»', '_'];

/** OCR errors at `rate` per character, plus broken words, stray marks, split hyphenation and merged lines. */
export function ocrNoise(text: string, rate: number, rng: Rng): string {
  if (rate <= 0) return text;
  const lines = text.split('\n').map((line) => {
    let out = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i] as string;
      const pair = line.slice(i, i + 2);
      if ((pair === 'rn' || pair === 'cl') && rng.chance(rate * 2)) {
        out += pair === 'rn' ? 'm' : 'd';
        i++;
        continue;
      }
      const options = CONFUSIONS[ch];
      if (options && rng.chance(rate)) out += rng.pick(options);
      else if (ch === ' ' && rng.chance(rate * 0.8)) out += rng.chance(0.5) ? '' : '  ';
      else out += ch;
      if (/[a-zäöüß]/.test(ch) && rng.chance(rate * 0.4)) out += ' ';
      if (rng.chance(rate * 0.15)) out += rng.pick(STRAY);
    }
    return out;
  });
  const joined: string[] = [];
  for (const line of lines) {
    const prev = joined[joined.length - 1];
    // Merged lines (missing line break) and words split across lines by hyphenation.
    if (prev !== undefined && prev.trim() !== '' && line.trim() !== '' && rng.chance(Math.min(0.4, rate * 8))) joined[joined.length - 1] = `${prev} ${line}`;
    else joined.push(line);
  }
  return joined
    .map((line) => (line.length > 30 && rng.chance(Math.min(0.3, rate * 6)) ? hyphenate(line, rng) : line))
    .join('\n');
}

function hyphenate(line: string, rng: Rng): string {
  const words = [...line.matchAll(/[A-Za-zÄÖÜäöüß]{8,}/g)];
  if (words.length === 0) return line;
  const m = rng.pick(words);
  const cut = (m.index ?? 0) + rng.int(3, m[0].length - 3);
  return `${line.slice(0, cut)}-\n${line.slice(cut)}`;
}
