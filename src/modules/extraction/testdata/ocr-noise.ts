/**
 * Deterministic OCR-style noise for robustness tests: digits read as look-alike letters
 * (0→O, 1→l, 5→S, 8→B), stray spaces inside digit runs, umlauts lost (ü→u), "m" read as "rn".
 */

/** A small seeded PRNG (LCG), so every run degrades the same way. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const DIGIT_TO_LOOKALIKE: Readonly<Record<string, string>> = { '0': 'O', '1': 'l', '5': 'S', '8': 'B' };
const UMLAUT_LOSS: Readonly<Record<string, string>> = { ä: 'a', ö: 'o', ü: 'u', Ä: 'A', Ö: 'O', Ü: 'U' };

export interface NoiseLevel {
  digitSwap: number;
  straySpace: number;
  umlautLoss: number;
  mToRn: number;
}

export const MODERATE_NOISE: NoiseLevel = { digitSwap: 0.05, straySpace: 0.03, umlautLoss: 0.2, mToRn: 0.03 };

export function degrade(text: string, seed: number, level: NoiseLevel = MODERATE_NOISE): string {
  const rnd = seeded(seed);
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    const next = text[i + 1] ?? '';
    const r = rnd();
    const lookalike = DIGIT_TO_LOOKALIKE[ch];
    if (lookalike !== undefined && r < level.digitSwap) out += lookalike;
    else if (UMLAUT_LOSS[ch] !== undefined && r < level.umlautLoss) out += UMLAUT_LOSS[ch];
    else if (ch === 'm' && r < level.mToRn) out += 'rn';
    else if (/\d/.test(ch) && /\d/.test(next) && r < level.straySpace) out += `${ch} `;
    else out += ch;
  }
  return out;
}
