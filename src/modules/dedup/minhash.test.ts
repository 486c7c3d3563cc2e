import { describe, expect, it } from 'vitest';
import { candidateProbability, estimateJaccard, lshBandKeys, minHashSignature } from './minhash.ts';
import { containment, jaccard, shingleSet, shingleTokens } from './text.shingles.ts';

const letter = `Sehr geehrte Damen und Herren,
hiermit kündige ich meinen Vertrag mit der Vertragsnummer V-2024-88172 fristgerecht zum nächstmöglichen Zeitpunkt.
Bitte bestätigen Sie mir die Kündigung schriftlich unter Angabe des Beendigungszeitpunktes.
Meine Kundennummer lautet 4711081500. Ich bitte außerdem darum, mein Guthaben auf mein Konto zu überweisen.
Die Rufnummer soll zu einem anderen Anbieter mitgenommen werden, bitte geben Sie sie rechtzeitig frei.
Mit freundlichen Grüßen
Hans Müller`;

function words(count: number, seed: number): string {
  const vocabulary = ['zähler', 'abschlag', 'rechnung', 'tarif', 'umzug', 'vertrag', 'kündigung', 'lieferung', 'kunde', 'strom', 'gas', 'wasser', 'frist', 'monat', 'jahr', 'betrag', 'konto', 'bank', 'nummer', 'adresse'];
  let state = seed;
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(vocabulary[state % vocabulary.length] as string);
  }
  return out.join(' ');
}

describe('shingles', () => {
  it('fold case, umlauts, diacritics and line-break hyphenation; drop one-letter specks', () => {
    expect(shingleTokens('Kündi-\ngung ZUM  Nächst. möglichen , a Termin')).toEqual(['kundigung', 'zum', 'nachst', 'moglichen', 'termin']);
  });

  it('drop the fax transmission header', () => {
    const faxed = `07.12.2026 10:32   +49 221 98765432   Müller   S. 1/1\n${letter}`;
    expect(shingleTokens(faxed)).toEqual(shingleTokens(letter));
  });

  it('jaccard and containment', () => {
    const a = new Set([1, 2, 3, 4]);
    const b = new Set([3, 4, 5, 6, 7, 8]);
    expect(jaccard(a, b)).toBeCloseTo(2 / 8);
    expect(containment(a, b)).toBeCloseTo(2 / 4);
    expect(jaccard(new Set(), new Set())).toBe(1);
  });
});

describe('MinHash', () => {
  it('is deterministic and identical for identical sets', () => {
    const set = shingleSet(shingleTokens(letter));
    expect(Array.from(minHashSignature(set))).toEqual(Array.from(minHashSignature(new Set(set))));
    expect(minHashSignature(set)).toHaveLength(126);
  });

  it('estimates Jaccard within a few points over many pairs', () => {
    const errors: number[] = [];
    for (let seed = 1; seed <= 30; seed += 1) {
      const base = words(300, seed).split(' ');
      // Replace a varying share of the words: Jaccard from about 0.1 to 0.95.
      const changed = base.map((word, i) => (i % 30 < seed ? `${word}x${i}` : word));
      const a = shingleSet(base);
      const b = shingleSet(changed);
      errors.push(Math.abs(estimateJaccard(minHashSignature(a), minHashSignature(b)) - jaccard(a, b)));
    }
    const mean = errors.reduce((sum, value) => sum + value, 0) / errors.length;
    expect(mean).toBeLessThan(0.05);
    expect(Math.max(...errors)).toBeLessThan(0.15);
  });

  it('LSH: near-identical texts share bands, unrelated texts (almost) never', () => {
    const a = shingleSet(shingleTokens(letter));
    const noisy = shingleSet(shingleTokens(letter.replace('Vertragsnummer', 'Vertragsnurnmer').replace('schriftlich', 'schrlftlich')));
    const keysA = lshBandKeys(minHashSignature(a));
    const keysNoisy = lshBandKeys(minHashSignature(noisy));
    expect(keysA).toHaveLength(42);
    expect(keysA.filter((key, band) => keysNoisy[band] === key).length).toBeGreaterThan(3);

    let collisions = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      const other = lshBandKeys(minHashSignature(shingleSet(words(120, seed * 7919).split(' '))));
      if (other.some((key, band) => keysA[band] === key)) collisions += 1;
    }
    expect(collisions).toBe(0);
  });

  it('band keys are 32-bit signed integers (a PostgreSQL integer)', () => {
    for (const key of lshBandKeys(minHashSignature(shingleSet(shingleTokens(letter))))) {
      expect(Number.isInteger(key)).toBe(true);
      expect(key).toBeGreaterThanOrEqual(-(2 ** 31));
      expect(key).toBeLessThan(2 ** 31);
    }
  });

  it('candidate probability follows the S-curve of 42 bands × 3 rows', () => {
    expect(candidateProbability(0.1)).toBeLessThan(0.05);
    expect(candidateProbability(0.4)).toBeGreaterThan(0.9);
    expect(candidateProbability(0.5)).toBeGreaterThan(0.99);
  });

  it('a faxed copy (J ≈ 0.45) becomes a candidate in practice', () => {
    let found = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      const base = words(200, seed * 31).split(' ');
      // 15 % of the words misread: 0.85³ of the shingles survive, Jaccard ≈ 0.44.
      const noisy = base.map((word, i) => ((i * 7 + seed) % 20 < 3 ? `${word}q` : word));
      const jaccardValue = jaccard(shingleSet(base), shingleSet(noisy));
      expect(jaccardValue).toBeGreaterThan(0.35);
      expect(jaccardValue).toBeLessThan(0.55);
      const a = lshBandKeys(minHashSignature(shingleSet(base)));
      const b = lshBandKeys(minHashSignature(shingleSet(noisy)));
      if (a.some((key, band) => b[band] === key)) found += 1;
    }
    expect(found).toBeGreaterThanOrEqual(36);
  });
});
