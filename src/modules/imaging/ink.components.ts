import { paperLevel, type GreyRaster } from './grey.raster.ts';

/** A connected blob of ink: a glyph, a speck of dust, a punch hole, a bar. */
export interface InkComponent {
  area: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface InkAnalysis {
  paper: number;
  /** Darker than paper by at least this many grey levels counts as ink. */
  inkThreshold: number;
  crop: { left: number; top: number; right: number; bottom: number };
  components: InkComponent[];
  pxPerMm: number;
}

export interface InkAnalysisOptions {
  /** Border cropped on every side before looking for ink: page edges, lid shadows, skew wedges, punch holes. */
  borderMm: number;
  /** How much darker than paper a pixel must be to count; show-through from the front side stays below it. */
  inkContrast: number;
}

export const defaultInkAnalysisOptions: InkAnalysisOptions = { borderMm: 15, inkContrast: 60 };

/**
 * Labels the ink of a page into connected components (8-neighbourhood), inside
 * the cropped area, relative to the page's own paper level so a grey recycled
 * paper and a white one are judged alike.
 *
 * Works on runs of ink along each row rather than pixel by pixel: a run joins
 * every run of the row above that touches it, diagonals included, through a
 * union-find over runs. One pass reads each pixel once; a page at 150 dpi has
 * ~2 M pixels but only tens of thousands of runs. Components come out in the
 * order of their first pixel (row by row), as a flood fill would find them.
 */
export function analyseInk(raster: GreyRaster, options: InkAnalysisOptions = defaultInkAnalysisOptions): InkAnalysis {
  const { width, height } = raster;
  const pxPerMm = raster.dpi / 25.4;
  const border = Math.min(Math.round(options.borderMm * pxPerMm), Math.floor(Math.min(width, height) / 4));
  const crop = { left: border, top: border, right: width - border, bottom: height - border };
  const paper = paperLevel(raster, crop);
  const threshold = paper - options.inkContrast;
  const runs = findInkRuns(raster, crop, threshold);
  return { paper, inkThreshold: threshold, crop, components: joinRuns(runs), pxPerMm };
}

/** Runs of ink pixels, row by row: start and end column (inclusive) and row, plus where each row's runs begin. */
interface InkRuns {
  count: number;
  startX: Int32Array;
  endX: Int32Array;
  y: Int32Array;
  /** rowStart[r] is the first run of crop row r; rowStart[rows] = count. */
  rowStart: Int32Array;
  top: number;
}

function findInkRuns(raster: GreyRaster, crop: InkAnalysis['crop'], threshold: number): InkRuns {
  const { width, data } = raster;
  const rows = Math.max(0, crop.bottom - crop.top);
  let capacity = 1024;
  let startX = new Int32Array(capacity);
  let endX = new Int32Array(capacity);
  let ys = new Int32Array(capacity);
  const rowStart = new Int32Array(rows + 1);
  let count = 0;
  for (let y = crop.top; y < crop.bottom; y += 1) {
    rowStart[y - crop.top] = count;
    const row = y * width;
    let x = crop.left;
    while (x < crop.right) {
      while (x < crop.right && (data[row + x] as number) > threshold) x += 1;
      if (x >= crop.right) break;
      const start = x;
      while (x < crop.right && (data[row + x] as number) <= threshold) x += 1;
      if (count === capacity) {
        capacity *= 2;
        startX = grow(startX, capacity);
        endX = grow(endX, capacity);
        ys = grow(ys, capacity);
      }
      startX[count] = start;
      endX[count] = x - 1;
      ys[count] = y;
      count += 1;
    }
  }
  rowStart[rows] = count;
  return { count, startX, endX, y: ys, rowStart, top: crop.top };
}

function grow(array: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(capacity);
  bigger.set(array);
  return bigger;
}

function joinRuns(runs: InkRuns): InkComponent[] {
  const { count, startX, endX, y, rowStart } = runs;
  const parent = new Int32Array(count);
  for (let index = 0; index < count; index += 1) parent[index] = index;
  const find = (index: number): number => {
    let root = index;
    while ((parent[root] as number) !== root) root = parent[root] as number;
    while ((parent[index] as number) !== root) {
      const next = parent[index] as number;
      parent[index] = root;
      index = next;
    }
    return root;
  };
  const rows = rowStart.length - 1;
  for (let row = 1; row < rows; row += 1) {
    let above = rowStart[row - 1] as number;
    const aboveEnd = rowStart[row] as number;
    const end = rowStart[row + 1] as number;
    for (let current = rowStart[row] as number; current < end; current += 1) {
      const left = (startX[current] as number) - 1;
      const right = (endX[current] as number) + 1;
      // Runs above that end left of this one can touch no later run of this row either.
      while (above < aboveEnd && (endX[above] as number) < left) above += 1;
      for (let candidate = above; candidate < aboveEnd && (startX[candidate] as number) <= right; candidate += 1) {
        const a = find(current);
        const b = find(candidate);
        // The root is always the component's earliest run, so components keep the order of their first pixel.
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
      }
    }
  }
  const byRoot = new Map<number, InkComponent>();
  const components: InkComponent[] = [];
  for (let index = 0; index < count; index += 1) {
    const root = find(index);
    const runStart = startX[index] as number;
    const runEnd = endX[index] as number;
    const runY = y[index] as number;
    let component = byRoot.get(root);
    if (!component) {
      component = { area: 0, left: runStart, top: runY, right: runEnd, bottom: runY };
      byRoot.set(root, component);
      components.push(component);
    }
    component.area += runEnd - runStart + 1;
    if (runStart < component.left) component.left = runStart;
    if (runEnd > component.right) component.right = runEnd;
    if (runY > component.bottom) component.bottom = runY;
  }
  return components;
}
