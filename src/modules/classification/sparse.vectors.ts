/**
 * Sparse vectors and a compressed-sparse-row (CSR) matrix.
 *
 * A 2-page letter has a few thousand distinct features out of a million possible ones, so
 * documents are kept as (index, value) pairs in typed arrays. A training set lives in one
 * CSR matrix — three flat typed arrays instead of thousands of small objects — which keeps
 * 10k+ documents cheap for the garbage collector and the CPU cache.
 */

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface CsrMatrix {
  rows: number;
  /** Number of columns (feature dimension). */
  columns: number;
  /** Row r occupies positions rowStart[r] … rowStart[r+1]-1 of indices/values. */
  rowStart: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export interface CsrBuilder {
  appendRow(indices: ArrayLike<number>, values: ArrayLike<number>, length: number): void;
  build(): CsrMatrix;
}

/** Appends rows into buffers that double when full, then trims them once. */
export function createCsrBuilder(columns: number, expectedNonZeros = 1 << 16): CsrBuilder {
  let indices = new Int32Array(expectedNonZeros);
  let values = new Float32Array(expectedNonZeros);
  let rowStart = new Int32Array(1024);
  let rows = 0;
  let size = 0;
  return {
    appendRow(rowIndices, rowValues, length) {
      if (size + length > indices.length) {
        let capacity = indices.length * 2;
        while (capacity < size + length) capacity *= 2;
        const grownIndices = new Int32Array(capacity);
        grownIndices.set(indices.subarray(0, size));
        indices = grownIndices;
        const grownValues = new Float32Array(capacity);
        grownValues.set(values.subarray(0, size));
        values = grownValues;
      }
      for (let i = 0; i < length; i++) {
        indices[size + i] = rowIndices[i] as number;
        values[size + i] = rowValues[i] as number;
      }
      size += length;
      rows += 1;
      if (rows + 1 > rowStart.length) {
        const grown = new Int32Array(rowStart.length * 2);
        grown.set(rowStart);
        rowStart = grown;
      }
      rowStart[rows] = size;
    },
    build() {
      // Views, not copies: with a good size estimate the slack is small, and a copy would double peak memory.
      return { rows, columns, rowStart: rowStart.subarray(0, rows + 1), indices: indices.subarray(0, size), values: values.subarray(0, size) };
    },
  };
}

export function csrRow(matrix: CsrMatrix, row: number): SparseVector {
  const start = matrix.rowStart[row] as number;
  const end = matrix.rowStart[row + 1] as number;
  return { indices: matrix.indices.subarray(start, end), values: matrix.values.subarray(start, end) };
}

/** Cosine similarity; indices may repeat (their values add up), as hashed features can collide. */
export function cosineSimilarity(a: SparseVector, b: SparseVector): number {
  const left = accumulate(a);
  const right = accumulate(b);
  let dot = 0;
  for (const [index, value] of left) dot += value * (right.get(index) ?? 0);
  const norm = Math.sqrt(sumOfSquares(left)) * Math.sqrt(sumOfSquares(right));
  return norm === 0 ? 0 : dot / norm;
}

function accumulate(vector: SparseVector): Map<number, number> {
  const map = new Map<number, number>();
  for (let i = 0; i < vector.indices.length; i++) {
    const index = vector.indices[i] as number;
    map.set(index, (map.get(index) ?? 0) + (vector.values[i] as number));
  }
  return map;
}

function sumOfSquares(map: Map<number, number>): number {
  let sum = 0;
  for (const value of map.values()) sum += value * value;
  return sum;
}
