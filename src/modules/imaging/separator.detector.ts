import { judgeBlankPage, type BlankPageVerdict } from './blank-page.detector.ts';
import type { BarcodeReader, DecodedBarcode } from './barcode.reader.ts';
import { loadGreyRaster, type GreyRaster } from './grey.raster.ts';
import { analyseInk, type InkAnalysis } from './ink.components.ts';
import { detectPatchCode, isSeparatorPatch, type PatchCodeHit } from './patch-code.detector.ts';

export type PageRole = 'content' | 'separator' | 'blank';

export interface PageClassification {
  role: PageRole;
  /** Why: the barcode or patch code found, or the blank-page measurements. */
  detail: {
    barcode?: DecodedBarcode;
    patch?: PatchCodeHit;
    blank?: BlankPageVerdict;
    glyphs: number;
    barcodeAttempts: number;
  };
}

export interface SeparatorOptions {
  /** Barcode text that marks a separator sheet (Code 128 or QR), compared ignoring case and spaces. */
  barcodeValue: string;
  detectPatchCodes: boolean;
  /** Empty back sides are dropped only where duplex scanning makes them (not for faxes). */
  dropBlankPages: boolean;
}

export const defaultSeparatorOptions: SeparatorOptions = { barcodeValue: 'PATCHT', detectPatchCodes: true, dropBlankPages: true };

/** Resolution of page analysis: enough for 0.3 mm strokes and 2 mm patch bars, cheap to scan. */
const analysisDpi = 150;
/** A letter page has hundreds of glyphs; a separator sheet a title and a code. */
const sparsePageGlyphs = 250;

/**
 * Decides for one page image whether it is content, a separator sheet or an
 * empty back side. Cheap checks first: ink components at 150 dpi decide
 * blankness and whether a barcode is worth looking for; ZXing runs at reduced
 * resolution first and at full resolution (with rotation) only on sparse pages.
 */
export function createSeparatorDetector({ barcodes, options = defaultSeparatorOptions }: { barcodes: BarcodeReader; options?: SeparatorOptions }) {
  const wanted = normaliseBarcodeText(options.barcodeValue);

  function isSeparatorBarcode(barcode: DecodedBarcode | null): barcode is DecodedBarcode {
    return barcode !== null && normaliseBarcodeText(barcode.text) === wanted;
  }

  return {
    async classify(image: Buffer, dpi: number): Promise<PageClassification> {
      const raster = await loadGreyRaster(image, dpi, analysisDpi);
      const ink = analyseInk(raster);
      const glyphs = countGlyphs(ink);
      // Patch codes sit near the leading edge, possibly inside the border a blank-page check ignores: look first.
      if (options.detectPatchCodes) {
        const patch = detectPatchCode(raster, ink.paper);
        if (patch && isSeparatorPatch(patch.code)) return { role: 'separator', detail: { patch, glyphs, barcodeAttempts: 0 } };
      }
      const blank = judgeBlankPage(ink);
      if (blank.blank) {
        return { role: options.dropBlankPages ? 'blank' : 'content', detail: { blank, glyphs, barcodeAttempts: 0 } };
      }

      const longRuns = countLongRuns(raster, ink);
      const sparse = glyphs <= sparsePageGlyphs;
      if (!sparse && longRuns.columns < 12 && longRuns.rows < 12) return { role: 'content', detail: { glyphs, barcodeAttempts: 0 } };

      let attempts = 1;
      let barcode = barcodes.read(raster, { rotated: longRuns.rows >= 12 });
      if (!isSeparatorBarcode(barcode) && sparse) {
        // Small codes need the full resolution; only a near-empty page is worth it.
        attempts += 1;
        const full = await loadGreyRaster(image, dpi, Math.max(dpi, analysisDpi));
        barcode = barcodes.read(full, { rotated: true, tryHarder: true });
      }
      if (isSeparatorBarcode(barcode)) return { role: 'separator', detail: { barcode, glyphs, barcodeAttempts: attempts } };
      return { role: 'content', detail: { ...(barcode ? { barcode } : {}), glyphs, barcodeAttempts: attempts } };
    },
  };
}

export type SeparatorDetector = ReturnType<typeof createSeparatorDetector>;

function normaliseBarcodeText(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

function countGlyphs(ink: InkAnalysis): number {
  const min = ink.pxPerMm;
  return ink.components.filter((component) => Math.max(component.right - component.left + 1, component.bottom - component.top + 1) >= min).length;
}

/**
 * Bars of a 1D code are long runs of ink: count columns (and rows) holding a
 * black run of 6 mm or more. Text rarely has any; a Code 128 has dozens.
 * One pass row by row keeps a run length per column (reading down the
 * columns would touch a new cache line at every pixel).
 */
function countLongRuns(raster: GreyRaster, ink: InkAnalysis): { columns: number; rows: number } {
  const minRun = Math.round(6 * ink.pxPerMm);
  const threshold = Math.round(ink.paper / 2);
  const { width, data } = raster;
  const { left, right, top, bottom } = ink.crop;
  const columnRun = new Int32Array(width);
  const columnFound = new Uint8Array(width);
  let columns = 0;
  let rows = 0;
  for (let y = top; y < bottom; y += 1) {
    const row = y * width;
    let run = 0;
    let rowFound = false;
    for (let x = left; x < right; x += 1) {
      if ((data[row + x] as number) < threshold) {
        run += 1;
        if (!rowFound && run >= minRun) {
          rows += 1;
          rowFound = true;
        }
        const down = (columnRun[x] as number) + 1;
        columnRun[x] = down;
        if (down >= minRun && columnFound[x] === 0) {
          columns += 1;
          columnFound[x] = 1;
        }
      } else {
        run = 0;
        columnRun[x] = 0;
      }
    }
  }
  return { columns, rows };
}
