import { describe, expect, it } from 'vitest';
import { createFeatureHasher, createVectoriser, DEFAULT_FEATURE_CONFIG, featuriseCorpus, type FeatureConfig } from './features.ts';
import { cosineSimilarity, csrRow } from './sparse.vectors.ts';

const letter = `Sehr geehrte Damen und Herren,
hiermit kündige ich meinen Stromvertrag mit der Kundennummer 1234567890 fristgerecht zum 31.12.2024.
Bitte bestätigen Sie mir die Kündigung und das Vertragsende schriftlich.
Mit freundlichen Grüßen
Erika Mustermann`;

/** The same letter as a poor scan or fax comes out of OCR: confusions, lost umlauts, broken words. */
const ocrLetter = `Sehr geehrte Darnen und Herren,
hierrnit kundige ich rneinen Strornvertrag mit der Kundennumrner 1234567890 fristgerecht zurn 31.12.2O24.
Bitte bestatigen Sie rnir die Kündiqung und das Vertraqsende schriftlich.
Mit freundlichen GrüBen
Erika Musterrnann`;

const unrelated = `Guten Tag, anbei sende ich Ihnen den aktuellen Zählerstand meines Gaszählers: 4711 Kubikmeter, abgelesen am Montag.`;

function norm(values: Float32Array): number {
  return Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
}

describe('feature hashing', () => {
  it('is deterministic across hashers and calls', () => {
    const first = createFeatureHasher(DEFAULT_FEATURE_CONFIG).hash(letter);
    const words = Array.from(first.words);
    const chars = Array.from(first.chars);
    const second = createFeatureHasher(DEFAULT_FEATURE_CONFIG).hash(letter);
    expect(Array.from(second.words)).toEqual(words);
    expect(Array.from(second.chars)).toEqual(chars);
    const vectoriser = createVectoriser(DEFAULT_FEATURE_CONFIG, null);
    const a = vectoriser.vectorise(letter);
    vectoriser.vectorise(unrelated);
    const b = vectoriser.vectorise(letter);
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
  });

  it('emits one word, one bigram per neighbour pair and 3–5-grams inside word boundaries', () => {
    const hashed = createFeatureHasher(DEFAULT_FEATURE_CONFIG).hash('Vertrag kündigen 4711');
    expect(hashed.words.length).toBe(3);
    expect(hashed.bigrams.length).toBe(2);
    // "<vertrag>" (9 chars) has 7 + 6 + 5 n-grams, "<kuendigen>" (11 chars) 9 + 8 + 7; the number none.
    expect(hashed.chars.length).toBe(18 + 24);
    for (const bucket of [...hashed.words, ...hashed.chars]) {
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(1 << DEFAULT_FEATURE_CONFIG.hashBits);
    }
  });

  it('puts a word and the same string as char n-gram into different buckets', () => {
    const hashed = createFeatureHasher(DEFAULT_FEATURE_CONFIG).hash('abc');
    expect(hashed.chars).not.toContain(hashed.words[0]);
  });

  it('treats numbers as placeholders, so different customer numbers give the same features', () => {
    const vectoriser = createVectoriser(DEFAULT_FEATURE_CONFIG, null);
    const a = vectoriser.vectorise('Kundennummer 1234567890');
    const b = vectoriser.vectorise('Kundennummer 9876543210');
    expect(cosineSimilarity(a, b)).toBeCloseTo(1, 6);
  });
});

describe('negation features', () => {
  const negating: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, negation: true };

  it('gives a word under "nicht" word and char n-gram buckets of its own', () => {
    const plain = createFeatureHasher(negating).hash('ich will kündigen');
    const negated = createFeatureHasher(negating).hash('ich will nicht kündigen');
    const kuendigen = plain.words[2] as number;
    expect(Array.from(negated.words)).not.toContain(kuendigen);
    // None of the 24 n-grams of "<kuendigen>" is shared with the plain form (only those of "<nicht>" could be).
    const kuendigenChars = new Set(createFeatureHasher(negating).hash('kündigen').chars);
    const nichtChars = new Set(createFeatureHasher(negating).hash('nicht').chars);
    const shared = Array.from(createFeatureHasher(negating).hash('nicht kündigen').chars).filter((bucket) => kuendigenChars.has(bucket));
    expect(shared.every((bucket) => nichtChars.has(bucket))).toBe(true);
    expect(negated.chars.length).toBe(plain.chars.length + nichtChars.size);
  });

  it('is off by default and then hashes exactly as before', () => {
    const off = createFeatureHasher(DEFAULT_FEATURE_CONFIG).hash('Ich will nicht kündigen, nur umziehen.');
    const plain = createFeatureHasher(DEFAULT_FEATURE_CONFIG).hash('ich will nicht kuendigen nur umziehen');
    expect(Array.from(off.words)).toEqual(Array.from(plain.words));
    expect(Array.from(off.chars)).toEqual(Array.from(plain.chars));
  });

  it('moves a distractor letter away from the request it negates', () => {
    const vectoriser = createVectoriser(negating, null);
    const plainVectoriser = createVectoriser(DEFAULT_FEATURE_CONFIG, null);
    const request = 'Ich möchte meinen Vertrag kündigen.';
    const distractor = 'Ich möchte meinen Vertrag nicht kündigen.';
    expect(cosineSimilarity(vectoriser.vectorise(request), vectoriser.vectorise(distractor))).toBeLessThan(
      cosineSimilarity(plainVectoriser.vectorise(request), plainVectoriser.vectorise(distractor)) - 0.2,
    );
  });
});

describe('vectorisation', () => {
  it('gives unit-length vectors with sorted, distinct indices', () => {
    const vector = createVectoriser(DEFAULT_FEATURE_CONFIG, null).vectorise(letter);
    expect(norm(vector.values)).toBeCloseTo(1, 4);
    for (let i = 1; i < vector.indices.length; i++) expect(vector.indices[i]).toBeGreaterThan(vector.indices[i - 1] as number);
  });

  it('keeps an OCR-damaged letter close to the clean one thanks to char n-grams', () => {
    const withChars = createVectoriser(DEFAULT_FEATURE_CONFIG, null);
    const wordsOnly = createVectoriser({ ...DEFAULT_FEATURE_CONFIG, charNgrams: null }, null);
    const robust = cosineSimilarity(withChars.vectorise(letter), withChars.vectorise(ocrLetter));
    const brittle = cosineSimilarity(wordsOnly.vectorise(letter), wordsOnly.vectorise(ocrLetter));
    const unrelatedSimilarity = cosineSimilarity(withChars.vectorise(letter), withChars.vectorise(unrelated));
    // Measured: 0.70 with char n-grams, 0.54 with words and bigrams only, 0.12 for an unrelated letter.
    expect(robust).toBeGreaterThan(0.65);
    expect(robust).toBeGreaterThan(brittle + 0.12);
    expect(unrelatedSimilarity).toBeLessThan(0.3);
  });

  it('gives an empty vector for text without words', () => {
    const vector = createVectoriser(DEFAULT_FEATURE_CONFIG, null).vectorise(' ... ');
    expect(vector.indices.length).toBe(0);
  });
});

describe('featuriseCorpus', () => {
  const texts = [letter, ocrLetter, unrelated, 'Bitte ändern Sie meine Bankverbindung.', 'Meine neue Adresse lautet Hauptstraße 5.'];

  it('produces exactly the rows the prediction-time vectoriser produces', () => {
    const { vocabulary, matrix } = featuriseCorpus(texts, DEFAULT_FEATURE_CONFIG);
    const vectoriser = createVectoriser(DEFAULT_FEATURE_CONFIG, vocabulary);
    expect(vectoriser.dimension).toBe(vocabulary.buckets.length);
    texts.forEach((text, row) => {
      const expected = vectoriser.vectorise(text);
      const actual = csrRow(matrix, row);
      expect(Array.from(actual.indices)).toEqual(Array.from(expected.indices));
      expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
      expect(norm(actual.values)).toBeCloseTo(1, 4);
    });
  });

  it('numbers features by descending document frequency and stores smoothed IDF', () => {
    const { vocabulary } = featuriseCorpus(texts, DEFAULT_FEATURE_CONFIG);
    for (let row = 1; row < vocabulary.idf.length; row++) expect(vocabulary.idf[row]).toBeGreaterThanOrEqual((vocabulary.idf[row - 1] as number) - 1e-6);
    // A feature in every document has IDF ln(6/6) + 1 = 1.
    expect(vocabulary.idf[0]).toBeCloseTo(1, 6);
  });

  it('drops features seen in fewer than minDf documents, also at prediction time', () => {
    const config: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, minDf: 2 };
    const all = featuriseCorpus(texts, DEFAULT_FEATURE_CONFIG);
    const pruned = featuriseCorpus(texts, config);
    expect(pruned.vocabulary.buckets.length).toBeLessThan(all.vocabulary.buckets.length);
    const vector = createVectoriser(config, pruned.vocabulary).vectorise('Qxq Zyzzyx');
    expect(vector.indices.length).toBe(0);
  });
});
