import { describe, expect, it } from 'vitest';
import { countConcepts, lexiconConcepts } from './domain.lexicon.ts';
import { createFeatureHasher, DEFAULT_FEATURE_CONFIG } from './features.ts';
import { normaliseText } from './text.normaliser.ts';

describe('domain lexicon', () => {
  const concepts = lexiconConcepts('telecom-requests-de');
  const count = (text: string): Record<string, number> => {
    const out = new Int32Array(concepts.length);
    countConcepts(concepts, normaliseText(text), out);
    return Object.fromEntries(concepts.map((concept, c) => [concept.name, out[c] as number]));
  };

  it('matches stems in compounds, folded umlauts and phrases', () => {
    expect(count('Hiermit kündige ich meinen Vertrag.').cancel).toBe(1);
    expect(count('Bitte die Rufnummernmitnahme zum neuen Anbieter veranlassen').porting).toBeGreaterThan(0);
    expect(count('Wir ziehen am 1. Mai um, die neue Anschrift lautet …').move).toBeGreaterThan(0);
    expect(count('Meine neue IBAN für die Lastschrift').bank).toBe(2);
    expect(count('Guten Tag, das Wetter ist schön').cancel).toBe(0);
  });

  it('rejects an unknown lexicon', () => {
    expect(() => lexiconConcepts('nope')).toThrow(/unknown feature lexicon/);
  });

  it('adds a concept block only when the feature config enables it', () => {
    const text = 'Ich kündige meinen Vertrag und bitte um Bestätigung.';
    expect(createFeatureHasher(DEFAULT_FEATURE_CONFIG).hash(text).lexicon.length).toBe(0);
    const enabled = { ...DEFAULT_FEATURE_CONFIG, lexicon: 'telecom-requests-de', blockWeights: { ...DEFAULT_FEATURE_CONFIG.blockWeights, lexicon: 0.2 } };
    expect(createFeatureHasher(enabled).hash(text).lexicon.length).toBeGreaterThan(0);
  });
});
