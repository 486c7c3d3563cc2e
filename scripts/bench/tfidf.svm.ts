/**
 * The textbook baseline for text classification: TF-IDF + linear SVM, one-vs-rest — what
 * scikit-learn's `TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)` + `LinearSVC(C=1)` does, written out
 * so the public-corpus benchmark needs no Python:
 *
 *  - tokens: lower case, runs of ≥ 2 letters/digits/underscores (sklearn's default `token_pattern`), word
 *    unigrams and bigrams, every term of the training texts kept (min_df = 1);
 *  - weights: (1 + ln tf) · idf with smoothed idf = ln((1 + n) / (1 + df)) + 1, each document L2-normalised;
 *  - classifier: per class an L2-regularised squared-hinge SVM (LIBLINEAR's default, solver 1 — "L2R_L2LOSS_SVC_DUAL")
 *    trained by dual coordinate descent (Hsieh et al., ICML 2008) with a bias feature of 1, C = 1, the classes
 *    one-vs-rest, the label with the highest decision value wins.
 *
 * Only for benchmarks: no persistence, no calibration.
 */

export interface TfidfSvmOptions {
  /** SVM cost (default 1, as LinearSVC). */
  c?: number;
  /** Word bigrams besides unigrams (default true). */
  bigrams?: boolean;
  /** Passes of dual coordinate descent at most (default 1000, as LinearSVC's max_iter). */
  maxIterations?: number;
  /** Stop when the projected gradient's spread falls below this (default 0.1, LIBLINEAR's eps for this solver). */
  tolerance?: number;
  seed?: number;
}

export interface TfidfSvmModel {
  labels: string[];
  predict(text: string): string;
}

interface SparseRow {
  indices: Int32Array;
  values: Float64Array;
}

const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

function terms(text: string, bigrams: boolean): string[] {
  const tokens = text.toLowerCase().match(TOKEN) ?? [];
  if (!bigrams) return tokens;
  const out = [...tokens];
  for (let i = 1; i < tokens.length; i++) out.push(`${tokens[i - 1] as string} ${tokens[i] as string}`);
  return out;
}

function counts(text: string, bigrams: boolean): Map<string, number> {
  const map = new Map<string, number>();
  for (const term of terms(text, bigrams)) map.set(term, (map.get(term) ?? 0) + 1);
  return map;
}

/** Small deterministic PRNG (mulberry32) for the coordinate order. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainTfidfSvm(texts: readonly string[], labels: readonly string[], options: TfidfSvmOptions = {}): TfidfSvmModel {
  const c = options.c ?? 1;
  const bigrams = options.bigrams ?? true;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 0.1;
  const next = random(options.seed ?? 1);

  // Vocabulary and document frequencies.
  const documentCounts = texts.map((text) => counts(text, bigrams));
  const vocabulary = new Map<string, number>();
  const df: number[] = [];
  for (const document of documentCounts) {
    for (const term of document.keys()) {
      let index = vocabulary.get(term);
      if (index === undefined) {
        index = vocabulary.size;
        vocabulary.set(term, index);
        df.push(0);
      }
      df[index] = (df[index] as number) + 1;
    }
  }
  const n = texts.length;
  const idf = Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
  const vectorise = (document: Map<string, number>): SparseRow => {
    const entries: [number, number][] = [];
    for (const [term, tf] of document) {
      const index = vocabulary.get(term);
      if (index !== undefined) entries.push([index, (1 + Math.log(tf)) * (idf[index] as number)]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    let norm = 0;
    for (const [, value] of entries) norm += value * value;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return { indices: Int32Array.from(entries, (entry) => entry[0]), values: Float64Array.from(entries, (entry) => entry[1] * scale) };
  };
  const rows = documentCounts.map(vectorise);
  const dimension = vocabulary.size;

  const classes = [...new Set(labels)].sort();
  // ‖x‖² + bias² (the bias feature is 1).
  const squaredNorms = rows.map((row) => row.values.reduce((sum, value) => sum + value * value, 0) + 1);
  const models = classes.map((positive) => {
    const y = Int8Array.from(labels, (label) => (label === positive ? 1 : -1));
    return dualCoordinateDescent(rows, y, squaredNorms, dimension, c, maxIterations, tolerance, next);
  });

  return {
    labels: classes,
    predict(text) {
      const row = vectorise(counts(text, bigrams));
      let best = 0;
      let bestScore = -Infinity;
      models.forEach((model, k) => {
        let score = model.bias;
        for (let i = 0; i < row.indices.length; i++) score += (row.values[i] as number) * (model.weights[row.indices[i] as number] as number);
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      });
      return classes[best] as string;
    },
  };
}

/**
 * min_w ½‖w‖² + C Σ max(0, 1 − yᵢ wᵀxᵢ)² through its dual, one coordinate αᵢ at a time (Hsieh et al. 2008,
 * algorithm 1 with U = ∞ and Dᵢᵢ = 1 / 2C), with LIBLINEAR's shrinking left out for clarity.
 */
function dualCoordinateDescent(
  rows: readonly SparseRow[],
  y: Int8Array,
  squaredNorms: readonly number[],
  dimension: number,
  c: number,
  maxIterations: number,
  tolerance: number,
  next: () => number,
): { weights: Float64Array; bias: number } {
  const weights = new Float64Array(dimension);
  let bias = 0;
  const alpha = new Float64Array(rows.length);
  const diagonal = 1 / (2 * c);
  const order = Int32Array.from(rows.keys());
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const swap = order[i] as number;
      order[i] = order[j] as number;
      order[j] = swap;
    }
    let maxGradient = -Infinity;
    let minGradient = Infinity;
    for (const i of order) {
      const row = rows[i] as SparseRow;
      const yi = y[i] as number;
      let margin = bias;
      for (let p = 0; p < row.indices.length; p++) margin += (row.values[p] as number) * (weights[row.indices[p] as number] as number);
      const a = alpha[i] as number;
      const gradient = yi * margin - 1 + diagonal * a;
      const projected = a === 0 ? Math.min(gradient, 0) : gradient;
      maxGradient = Math.max(maxGradient, projected);
      minGradient = Math.min(minGradient, projected);
      if (projected === 0) continue;
      const updated = Math.max(a - gradient / ((squaredNorms[i] as number) + diagonal), 0);
      const delta = (updated - a) * yi;
      alpha[i] = updated;
      for (let p = 0; p < row.indices.length; p++) {
        const index = row.indices[p] as number;
        weights[index] = (weights[index] as number) + delta * (row.values[p] as number);
      }
      bias += delta;
    }
    if (maxGradient - minGradient < tolerance) break;
  }
  return { weights, bias };
}
