import { describe, expect, it } from 'vitest';
import { loadGreyRaster, paperLevel, type GreyRaster } from './grey.raster.ts';
import { sampleLetter, textPng } from './imaging.fixtures.ts';
import { analyseInk, defaultInkAnalysisOptions, type InkComponent } from './ink.components.ts';

/** The plain flood fill (8-neighbourhood) that analyseInk's run labelling must agree with, component for component. */
function floodFillComponents(raster: GreyRaster, crop: { left: number; top: number; right: number; bottom: number }, threshold: number): InkComponent[] {
  const { width, data } = raster;
  const seen = new Uint8Array(data.length);
  const components: InkComponent[] = [];
  for (let y = crop.top; y < crop.bottom; y += 1) {
    for (let x = crop.left; x < crop.right; x += 1) {
      if (seen[y * width + x] || (data[y * width + x] as number) > threshold) continue;
      const component = { area: 0, left: x, top: y, right: x, bottom: y };
      const stack = [[x, y] as const];
      seen[y * width + x] = 1;
      while (stack.length > 0) {
        const [px, py] = stack.pop() as readonly [number, number];
        component.area += 1;
        component.left = Math.min(component.left, px);
        component.right = Math.max(component.right, px);
        component.top = Math.min(component.top, py);
        component.bottom = Math.max(component.bottom, py);
        for (let ny = py - 1; ny <= py + 1; ny += 1) {
          for (let nx = px - 1; nx <= px + 1; nx += 1) {
            if (ny < crop.top || ny >= crop.bottom || nx < crop.left || nx >= crop.right) continue;
            if (seen[ny * width + nx] || (data[ny * width + nx] as number) > threshold) continue;
            seen[ny * width + nx] = 1;
            stack.push([nx, ny]);
          }
        }
      }
      components.push(component);
    }
  }
  return components;
}

function randomRaster(width: number, height: number, inkShare: number, seed: number): GreyRaster {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const data = new Uint8Array(width * height);
  for (let index = 0; index < data.length; index += 1) data[index] = next() < inkShare ? 20 : 240;
  return { width, height, dpi: 150, data };
}

describe('analyseInk', () => {
  it('finds the same components, in the same order, as a pixel flood fill (random ink, diagonals, spirals)', () => {
    for (const [seed, share] of [
      [1, 0.05],
      [2, 0.3],
      [3, 0.45],
      [4, 0.6],
    ] as const) {
      const raster = randomRaster(173, 211, share, seed);
      const ink = analyseInk(raster, { borderMm: 2, inkContrast: 60 });
      expect(ink.components).toEqual(floodFillComponents(raster, ink.crop, ink.inkThreshold));
    }
  });

  it('joins a U shape and a diagonal staircase that meet only at the bottom or at corners', () => {
    const width = 40;
    const height = 30;
    const data = new Uint8Array(width * height).fill(250);
    const ink = (x: number, y: number) => (data[y * width + x] = 0);
    for (let y = 5; y < 20; y += 1) {
      ink(10, y);
      ink(20, y);
    }
    for (let x = 10; x <= 20; x += 1) ink(x, 20);
    for (let step = 0; step < 8; step += 1) ink(25 + step, 5 + step);
    const analysis = analyseInk({ width, height, dpi: 25.4, data }, { borderMm: 1, inkContrast: 60 });
    expect(analysis.components.map(({ area, left, top, right, bottom }) => ({ area, left, top, right, bottom }))).toEqual([
      { area: 15 * 2 + 11, left: 10, top: 5, right: 20, bottom: 20 },
      { area: 8, left: 25, top: 5, right: 32, bottom: 12 },
    ]);
  });

  it('agrees with the flood fill on a rendered letter page', async () => {
    const raster = await loadGreyRaster(await textPng(sampleLetter, { dpi: 300 }), 300, 150);
    const ink = analyseInk(raster);
    expect(ink.paper).toBe(paperLevel(raster, ink.crop));
    expect(ink.inkThreshold).toBe(ink.paper - defaultInkAnalysisOptions.inkContrast);
    expect(ink.components.length).toBeGreaterThan(100);
    expect(ink.components).toEqual(floodFillComponents(raster, ink.crop, ink.inkThreshold));
  });
});
