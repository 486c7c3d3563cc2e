import { describe, expect, it } from 'vitest';
import { isPoststelleError } from '../shared/errors.ts';
import { fitPdfDpi, planRaster } from './raster.plan.ts';
import type { RasterPlanOptions } from './raster.plan.ts';

const options: RasterPlanOptions = { defaultDpi: 300, upscaleBelowDpi: 200, upscaleBilevelBelowDpi: 150, targetDpi: 300, maxPixels: 120_000_000 };
const noUpscale: RasterPlanOptions = { ...options, upscaleBelowDpi: 0, upscaleBilevelBelowDpi: 0 };

describe('planRaster', () => {
  it('stretches fax normal mode (204×98) to square pixels: about twice the rows', () => {
    const plan = planRaster({ width: 1728, height: 1143, xDpi: 204, yDpi: 98, bilevel: true }, noUpscale);
    expect(plan.width).toBe(1728);
    expect(plan.height).toBe(Math.round((1143 * 204) / 98)); // 2379
    expect(plan.height / 1143).toBeCloseTo(2.08, 2);
    expect(plan.dpi).toBe(204);
    expect(plan.upscaled).toBe(false);
    expect(plan.median).toBe(0);
  });

  it('upscales normal-mode faxes to 300 dpi with nearest neighbour and a median', () => {
    const plan = planRaster({ width: 1728, height: 1143, xDpi: 204, yDpi: 98, bilevel: true }, options);
    expect(plan).toMatchObject({ width: 2541, height: Math.round((1143 * 300) / 98), dpi: 300, upscaled: true, kernel: 'nearest', median: 3 });
  });

  it('only stretches fine-mode faxes (204×196) to square pixels, interpolating', () => {
    const plan = planRaster({ width: 1728, height: 2287, xDpi: 204, yDpi: 196, bilevel: true }, options);
    expect(plan).toMatchObject({ width: 1728, height: Math.round((2287 * 204) / 196), dpi: 204, upscaled: false, kernel: 'lanczos3', median: 0 });
  });

  it('leaves 200 dpi grey scans alone but upscales 150 dpi ones with lanczos', () => {
    expect(planRaster({ width: 1654, height: 2339, xDpi: 200, yDpi: 200 }, options)).toMatchObject({ width: 1654, height: 2339, dpi: 200, upscaled: false, kernel: 'lanczos3' });
    expect(planRaster({ width: 1240, height: 1754, xDpi: 150, yDpi: 150 }, options)).toMatchObject({ width: 2480, height: 3508, dpi: 300, upscaled: true, kernel: 'lanczos3', median: 0 });
  });

  it('assumes the default for missing or screen-default resolutions', () => {
    expect(planRaster({ width: 2480, height: 3508, xDpi: null, yDpi: null }, options)).toMatchObject({ width: 2480, height: 3508, dpi: 300, assumedDpi: true });
    expect(planRaster({ width: 2480, height: 3508, xDpi: 72, yDpi: 72 }, options)).toMatchObject({ dpi: 300, assumedDpi: true });
    expect(planRaster({ width: 2480, height: 3508, xDpi: 300, yDpi: null }, options)).toMatchObject({ dpi: 300, assumedDpi: false });
  });

  it('skips the optional upscale rather than exceed the pixel limit, and quarantines what cannot fit at all', () => {
    const limited = { ...options, maxPixels: 5_000_000 };
    expect(planRaster({ width: 1728, height: 1143, xDpi: 204, yDpi: 98, bilevel: true }, limited)).toMatchObject({ dpi: 204, upscaled: false });
    try {
      planRaster({ width: 1728, height: 1143, xDpi: 204, yDpi: 98 }, { ...limited, maxPixels: 3_000_000 });
      expect.unreachable();
    } catch (error) {
      expect(isPoststelleError(error) && error.code).toBe('image_too_large');
    }
  });
});

describe('fitPdfDpi', () => {
  it('keeps the wanted dpi for normal pages and lowers it for huge ones', () => {
    expect(fitPdfDpi(595.28, 841.89, 300, 120_000_000)).toBe(300);
    const a0 = fitPdfDpi(2384, 3370, 300, 120_000_000); // A0
    expect(a0).toBeLessThan(300);
    expect(Math.ceil((2384 / 72) * a0) * Math.ceil((3370 / 72) * a0)).toBeLessThanOrEqual(120_000_000);
    expect(fitPdfDpi(14400, 14400, 300, 120_000_000)).toBeLessThan(72);
  });
});
