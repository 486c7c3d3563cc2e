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
 */
export function analyseInk(raster: GreyRaster, options: InkAnalysisOptions = defaultInkAnalysisOptions): InkAnalysis {
  const { width, height, data } = raster;
  const pxPerMm = raster.dpi / 25.4;
  const border = Math.min(Math.round(options.borderMm * pxPerMm), Math.floor(Math.min(width, height) / 4));
  const crop = { left: border, top: border, right: width - border, bottom: height - border };
  const paper = paperLevel(raster, crop);
  const threshold = paper - options.inkContrast;
  const labels = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const components: InkComponent[] = [];

  for (let y = crop.top; y < crop.bottom; y += 1) {
    for (let x = crop.left; x < crop.right; x += 1) {
      const start = y * width + x;
      if (labels[start] !== 0 || (data[start] as number) > threshold) continue;
      labels[start] = 1;
      let size = 0;
      let top = 0;
      stack[top++] = start;
      const component: InkComponent = { area: 0, left: x, top: y, right: x, bottom: y };
      while (top > 0) {
        const index = stack[--top] as number;
        size += 1;
        const px = index % width;
        const py = (index - px) / width;
        if (px < component.left) component.left = px;
        if (px > component.right) component.right = px;
        if (py < component.top) component.top = py;
        if (py > component.bottom) component.bottom = py;
        for (let dy = -1; dy <= 1; dy += 1) {
          const ny = py + dy;
          if (ny < crop.top || ny >= crop.bottom) continue;
          for (let dx = -1; dx <= 1; dx += 1) {
            const nx = px + dx;
            if (nx < crop.left || nx >= crop.right) continue;
            const neighbour = ny * width + nx;
            if (labels[neighbour] !== 0 || (data[neighbour] as number) > threshold) continue;
            labels[neighbour] = 1;
            stack[top++] = neighbour;
          }
        }
      }
      component.area = size;
      components.push(component);
    }
  }
  return { paper, inkThreshold: threshold, crop, components, pxPerMm };
}
