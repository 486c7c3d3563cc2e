import { createQuarantineError } from '../shared/errors.ts';

/**
 * Plans how a raster page (TIFF/PNG/JPEG) is resampled before OCR: pixels are
 * made square (fax "normal" mode is 204×98 dpi, so each row must become ~two)
 * and low resolutions may be raised for tesseract. Pure, so the geometry can
 * be unit-tested without images.
 */

export interface RasterSource {
  width: number;
  height: number;
  xDpi: number | null;
  yDpi: number | null;
  /** 1 bit per pixel (fax, bilevel scans): resampled differently from grey/colour. */
  bilevel?: boolean;
}

export interface RasterPlanOptions {
  /** Assumed when the file carries no usable resolution. */
  defaultDpi: number;
  /** Grey/colour sources whose coarser axis is below this resolution are upscaled to `targetDpi`. 0 disables. */
  upscaleBelowDpi: number;
  /** The same for bilevel sources (faxes; normal mode has 98 dpi vertically). 0 disables. */
  upscaleBilevelBelowDpi: number;
  targetDpi: number;
  maxPixels: number;
}

export interface RasterPlan {
  width: number;
  height: number;
  /** Square resolution of the planned output. */
  dpi: number;
  /** True when no usable resolution was found and `defaultDpi` was assumed. */
  assumedDpi: boolean;
  /** True when the resolution was raised beyond aspect correction. */
  upscaled: boolean;
  /** Resampling kernel: nearest for upscaled bilevel pages (followed by a median), lanczos3 otherwise. */
  kernel: 'nearest' | 'lanczos3';
  /** Median filter window applied after resampling (0 = none). */
  median: 0 | 3;
}

// Writers that know nothing about paper store 72 or 96 dpi (screen defaults);
// no document scanner or fax produces that horizontally, so it means "unknown".
const minPlausibleDpi = 100;

export function planRaster(source: RasterSource, options: RasterPlanOptions): RasterPlan {
  let xDpi = source.xDpi ?? source.yDpi;
  let yDpi = source.yDpi ?? source.xDpi;
  let assumedDpi = false;
  // The vertical axis may legitimately be low (fax normal mode: 98 dpi), the
  // horizontal one may not.
  if (xDpi === null || yDpi === null || xDpi < minPlausibleDpi || yDpi < minPlausibleDpi / 2) {
    xDpi = options.defaultDpi;
    yDpi = options.defaultDpi;
    assumedDpi = true;
  }

  // Stretch the coarser axis to the finer one: never throw detail away.
  const nativeDpi = Math.max(xDpi, yDpi);
  const bilevel = source.bilevel ?? false;
  const threshold = bilevel ? options.upscaleBilevelBelowDpi : options.upscaleBelowDpi;
  // The coarser axis decides: a 204×98 fax lacks vertical detail even though
  // its horizontal resolution is fine.
  const upscale = threshold > 0 && Math.min(xDpi, yDpi) < threshold && options.targetDpi > nativeDpi;

  const sized = (dpi: number): { width: number; height: number } => ({
    width: Math.max(1, Math.round((source.width * dpi) / xDpi)),
    height: Math.max(1, Math.round((source.height * dpi) / yDpi)),
  });

  if (upscale) {
    const size = sized(options.targetDpi);
    if (size.width * size.height <= options.maxPixels) {
      // Bilevel: nearest-neighbour blocks + a 3×3 median round the staircase
      // edges and drop single-pixel noise; interpolating 1-bit pixels invents
      // grey fringes instead (measurements in page.renderer.ts).
      return bilevel
        ? { ...size, dpi: options.targetDpi, assumedDpi, upscaled: true, kernel: 'nearest', median: 3 }
        : { ...size, dpi: options.targetDpi, assumedDpi, upscaled: true, kernel: 'lanczos3', median: 0 };
    }
    // Upscaling is an accuracy nicety; fall back to plain aspect correction.
  }
  const size = sized(nativeDpi);
  if (size.width * size.height > options.maxPixels) {
    throw createQuarantineError(
      'image_too_large',
      `Page of ${source.width}×${source.height} px becomes ${size.width}×${size.height} px, more than the limit of ${options.maxPixels} pixels`,
    );
  }
  return { ...size, dpi: Math.round(nativeDpi * 100) / 100, assumedDpi, upscaled: false, kernel: 'lanczos3', median: 0 };
}

/**
 * Resolution for a PDF page: the wanted dpi, lowered when the page is so large
 * (posters, plans, hostile MediaBoxes) that it would exceed the pixel limit.
 */
export function fitPdfDpi(widthPt: number, heightPt: number, wantedDpi: number, maxPixels: number): number {
  const pixelsAt = (dpi: number): number => Math.ceil((widthPt / 72) * dpi) * Math.ceil((heightPt / 72) * dpi);
  if (widthPt <= 0 || heightPt <= 0 || pixelsAt(wantedDpi) <= maxPixels) return wantedDpi;
  let dpi = Math.floor(wantedDpi * Math.sqrt(maxPixels / pixelsAt(wantedDpi)));
  while (dpi > 1 && pixelsAt(dpi) > maxPixels) dpi -= 1;
  return Math.max(1, dpi);
}
