/**
 * Hashed TF-IDF features: word unigrams, word bigrams and character n-grams.
 *
 * Why these three blocks:
 *  - unigrams carry the topic ("kuendigung", "zaehlerstand");
 *  - bigrams carry short phrases whose words alone are ambiguous ("nicht erhalten", "neue bankverbindung");
 *  - char n-grams (3–5, inside word boundaries, fastText-style "<wort>") keep a misspelt or OCR-damaged
 *    word close to the clean one — "Kündigunq" still shares most n-grams with "Kündigung" — and connect
 *    German compounds to their parts ("Vertragskündigung" ~ "Kündigung").
 *
 * Why hashing: no vocabulary has to be built before counting, memory is bounded (2^20 buckets) and a
 * string is never allocated per n-gram: n-grams are hashed straight from the char codes (FNV-1a, then a
 * murmur3 finaliser so the low bits used as bucket are well mixed). Collisions are rare at 2^20 and the
 * few that occur cost a little accuracy, never correctness.
 *
 * Why per-block normalisation: a letter has ~10× more char n-grams than words. Each block is L2-normalised
 * on its own and weighted, so words still count next to the n-gram mass; then the whole vector is
 * L2-normalised. Term frequency is sublinear (1 + ln tf): the fifth "bitte" says little more than the first.
 *
 * IDF is learned at training time; buckets not in the training vocabulary (or seen in fewer than minDf
 * documents) are dropped at prediction time, as in a classic TF-IDF vectoriser: they have no weight in the
 * model anyway and would only shrink the known features through the normalisation.
 */
import type { CsrBuilder, SparseVector } from './sparse.vectors.ts';
import { isNumberPlaceholder, tokenise } from './text.normaliser.ts';

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  hashBits: number;
  wordBigrams: boolean;
  /** Character n-gram lengths inside words, or null for none. */
  charNgrams: { min: number; max: number } | null;
  /** Weight of each block after its own L2 normalisation (0 switches a block off). */
  blockWeights: { words: number; bigrams: number; chars: number };
  /** 1 + ln(tf) instead of raw counts. */
  sublinearTf: boolean;
  /** Buckets seen in fewer training documents are dropped (1 keeps everything). */
  minDf: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  hashBits: 20,
  wordBigrams: true,
  charNgrams: { min: 3, max: 5 },
  blockWeights: { words: 1, bigrams: 0.5, chars: 1 },
  sublinearTf: true,
  minDf: 1,
};

/** Bucket lists of one document, one entry per occurrence. Views into reused buffers: valid until the next call. */
export interface HashedFeatures {
  words: Int32Array;
  bigrams: Int32Array;
  chars: Int32Array;
}

export interface FeatureHasher {
  hash(text: string): HashedFeatures;
}

/** Per-bucket statistics learned from the training texts. */
export interface Vocabulary {
  /** Kept buckets, ascending; a bucket's position is its feature index (row of the weight matrix). */
  buckets: Int32Array;
  /** Smoothed IDF per feature index: ln((1 + N) / (1 + df)) + 1. */
  idf: Float32Array;
}

export interface Vectoriser {
  /** Number of feature indices (vocabulary size, or 2^hashBits without a vocabulary). */
  readonly dimension: number;
  vectorise(text: string): SparseVector;
  /** Vectorises straight into a CSR matrix under construction, without an intermediate allocation. */
  appendTo(builder: CsrBuilder, text: string): void;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// Namespaces: the same string as word, bigram part or n-gram must land in different buckets.
const WORD_SALT = 0x2f6b8a1d;
const BIGRAM_SALT = 0x5bd1e995;
const CHAR_OFFSET = (FNV_OFFSET ^ 0x3c6ef372) >>> 0;
const WORD_START = 0x3c; // '<'
const WORD_END = 0x3e; // '>'

export function fnv1a32(text: string, offset = FNV_OFFSET): number {
  let hash = offset;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/** murmur3's finaliser: spreads every input bit over the low bits that become the bucket. */
export function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

interface IntBuffer {
  data: Int32Array;
  length: number;
}

function push(buffer: IntBuffer, value: number): void {
  if (buffer.length === buffer.data.length) {
    const grown = new Int32Array(buffer.data.length * 2);
    grown.set(buffer.data);
    buffer.data = grown;
  }
  buffer.data[buffer.length++] = value;
}

export function createFeatureHasher(config: FeatureConfig): FeatureHasher {
  const mask = (1 << config.hashBits) - 1;
  const words: IntBuffer = { data: new Int32Array(1024), length: 0 };
  const bigrams: IntBuffer = { data: new Int32Array(1024), length: 0 };
  const chars: IntBuffer = { data: new Int32Array(8192), length: 0 };
  const minN = config.charNgrams?.min ?? 0;
  const maxN = config.charNgrams?.max ?? 0;
  const wantChars = config.charNgrams !== null && config.blockWeights.chars > 0;
  const wantBigrams = config.wordBigrams && config.blockWeights.bigrams > 0;

  const hashCharNgrams = (token: string): void => {
    // Padded word: '<' + token + '>'; n-grams are hashed incrementally from each start position.
    const padded = token.length + 2;
    const codeAt = (position: number): number => (position === 0 ? WORD_START : position === padded - 1 ? WORD_END : token.charCodeAt(position - 1));
    for (let start = 0; start + minN <= padded; start++) {
      let hash = CHAR_OFFSET;
      const limit = Math.min(maxN, padded - start);
      for (let n = 1; n <= limit; n++) {
        hash = Math.imul(hash ^ codeAt(start + n - 1), FNV_PRIME);
        if (n >= minN) push(chars, mix32(hash) & mask);
      }
    }
  };

  return {
    hash(text) {
      words.length = 0;
      bigrams.length = 0;
      chars.length = 0;
      let previous = 0;
      let havePrevious = false;
      for (const token of tokenise(text)) {
        const tokenHash = fnv1a32(token);
        push(words, mix32(tokenHash ^ WORD_SALT) & mask);
        if (wantBigrams && havePrevious) push(bigrams, mix32(Math.imul(previous, 0x9e3779b1) ^ tokenHash ^ BIGRAM_SALT) & mask);
        previous = tokenHash;
        havePrevious = true;
        // Placeholders are already a class of their own; their spelling carries nothing.
        if (wantChars && !isNumberPlaceholder(token)) hashCharNgrams(token);
      }
      return { words: words.data.subarray(0, words.length), bigrams: bigrams.data.subarray(0, bigrams.length), chars: chars.data.subarray(0, chars.length) };
    },
  };
}

export interface FittedVocabulary extends Vocabulary {
  /** Σ df over the kept buckets: about the number of non-zeros the training matrix will have. */
  nonZeros: number;
}

/** Document frequencies over the texts; keeps buckets with df ≥ minDf and gives them smoothed IDF. */
export function fitVocabulary(texts: readonly string[], config: FeatureConfig): FittedVocabulary {
  const size = 1 << config.hashBits;
  const hasher = createFeatureHasher(config);
  const documentFrequency = new Int32Array(size);
  const lastDocument = new Int32Array(size).fill(-1);
  const count = (buckets: Int32Array, document: number): void => {
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i] as number;
      if (lastDocument[bucket] !== document) {
        lastDocument[bucket] = document;
        documentFrequency[bucket] = (documentFrequency[bucket] as number) + 1;
      }
    }
  };
  texts.forEach((text, document) => {
    const hashed = hasher.hash(text);
    if (config.blockWeights.words > 0) count(hashed.words, document);
    count(hashed.bigrams, document);
    count(hashed.chars, document);
  });
  const minDf = Math.max(1, config.minDf);
  let kept = 0;
  for (let bucket = 0; bucket < size; bucket++) if ((documentFrequency[bucket] as number) >= minDf) kept += 1;
  const buckets = new Int32Array(kept);
  const idf = new Float32Array(kept);
  let row = 0;
  let nonZeros = 0;
  for (let bucket = 0; bucket < size; bucket++) {
    const df = documentFrequency[bucket] as number;
    if (df < minDf) continue;
    nonZeros += df;
    buckets[row] = bucket;
    idf[row] = Math.log((1 + texts.length) / (1 + df)) + 1;
    row += 1;
  }
  return { buckets, idf, nonZeros };
}

/**
 * Turns texts into L2-normalised sparse vectors over the vocabulary (or over raw buckets with IDF 1
 * when there is none). Not re-entrant: scratch buffers are reused between calls, which is what makes
 * it allocation-free per document; create one per concurrent user.
 */
export function createVectoriser(config: FeatureConfig, vocabulary: Vocabulary | null): Vectoriser {
  const hasher = createFeatureHasher(config);
  const dimension = vocabulary ? vocabulary.buckets.length : 1 << config.hashBits;
  let rowOf: Int32Array | null = null;
  if (vocabulary) {
    rowOf = new Int32Array(1 << config.hashBits).fill(-1);
    for (let row = 0; row < vocabulary.buckets.length; row++) rowOf[vocabulary.buckets[row] as number] = row;
  }
  const idf = vocabulary?.idf ?? null;
  const termFrequency = new Float32Array(dimension);
  const touched: IntBuffer = { data: new Int32Array(4096), length: 0 };
  let outIndices = new Int32Array(4096);
  let outValues = new Float32Array(4096);
  let outLength = 0;

  const ensureOutput = (extra: number): void => {
    if (outLength + extra <= outIndices.length) return;
    let capacity = outIndices.length * 2;
    while (capacity < outLength + extra) capacity *= 2;
    const indices = new Int32Array(capacity);
    indices.set(outIndices.subarray(0, outLength));
    outIndices = indices;
    const values = new Float32Array(capacity);
    values.set(outValues.subarray(0, outLength));
    outValues = values;
  };

  /** Appends one block, L2-normalised and scaled by its weight; returns weight² if it was non-empty. */
  const addBlock = (buckets: Int32Array, weight: number): number => {
    if (weight <= 0 || buckets.length === 0) return 0;
    touched.length = 0;
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i] as number;
      const row = rowOf ? (rowOf[bucket] as number) : bucket;
      if (row < 0) continue;
      if (termFrequency[row] === 0) push(touched, row);
      termFrequency[row] = (termFrequency[row] as number) + 1;
    }
    if (touched.length === 0) return 0;
    ensureOutput(touched.length);
    const blockStart = outLength;
    let sumOfSquares = 0;
    for (let i = 0; i < touched.length; i++) {
      const row = touched.data[i] as number;
      const tf = termFrequency[row] as number;
      termFrequency[row] = 0;
      const value = (config.sublinearTf ? 1 + Math.log(tf) : tf) * (idf ? (idf[row] as number) : 1);
      outIndices[outLength] = row;
      outValues[outLength] = value;
      outLength += 1;
      sumOfSquares += value * value;
    }
    const scale = weight / Math.sqrt(sumOfSquares);
    for (let i = blockStart; i < outLength; i++) outValues[i] = (outValues[i] as number) * scale;
    return weight * weight;
  };

  const run = (text: string): void => {
    outLength = 0;
    const hashed = hasher.hash(text);
    let squaredNorm = addBlock(hashed.words, config.blockWeights.words);
    squaredNorm += addBlock(hashed.bigrams, config.wordBigrams ? config.blockWeights.bigrams : 0);
    squaredNorm += addBlock(hashed.chars, config.charNgrams ? config.blockWeights.chars : 0);
    if (squaredNorm > 0 && squaredNorm !== 1) {
      const scale = 1 / Math.sqrt(squaredNorm);
      for (let i = 0; i < outLength; i++) outValues[i] = (outValues[i] as number) * scale;
    }
  };

  return {
    dimension,
    vectorise(text) {
      run(text);
      return { indices: outIndices.slice(0, outLength), values: outValues.slice(0, outLength) };
    },
    appendTo(builder, text) {
      run(text);
      builder.appendRow(outIndices, outValues, outLength);
    },
  };
}
