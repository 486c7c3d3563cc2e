import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { createQuarantineError, isPoststelleError } from '../shared/errors.ts';
import { runProcess } from '../shared/process.ts';
import { defaultLimits } from './imaging.types.ts';
import type { PageImage, ProcessingLimits, SourceInspection, SourcePage } from './imaging.types.ts';
import { extractPageJpeg, listPdfImages, pageJpegCandidate, type PdfImageEntry } from './pdf.images.ts';
import { firstLines, readPdfInfo } from './pdf.info.ts';
import { parsePgm } from './pgm.reader.ts';
import { setPngDensity } from './png.density.ts';
import { fitPdfDpi, planRaster } from './raster.plan.ts';
import type { RasterPlan, RasterPlanOptions } from './raster.plan.ts';
import { createTempDir } from './temp.workspace.ts';
import { assessTextLayer } from './text-layer.heuristic.ts';
import type { TextLayerThresholds } from './text-layer.heuristic.ts';
import { readTiff, tiffPageResolution } from './tiff.reader.ts';
import type { TiffInfo } from './tiff.reader.ts';

export interface PageRendererDeps {
  limits?: ProcessingLimits;
  /** Where PDFs are written for poppler; default: OS temp dir. */
  workDir?: string;
  /** Resolution for pages that need OCR (PDF scans). */
  ocrDpi?: number;
  /** Resolution for born-digital PDF pages, whose image is only for display. */
  displayDpi?: number;
  /** Assumed for PNG/JPEG/TIFF without a usable resolution. */
  defaultImageDpi?: number;
  /** Grey/colour raster pages (PNG/JPEG/TIFF) whose coarser axis is below this resolution are upscaled to `ocrDpi`; 0 disables. */
  upscaleBelowDpi?: number;
  /** Bilevel raster pages (faxes) whose coarser axis is below this resolution are upscaled to `ocrDpi`; 0 disables. */
  upscaleBilevelBelowDpi?: number;
  textLayerThresholds?: TextLayerThresholds;
  /** Use an upright, square-pixel JPEG/PNG original as the page image itself (default true). */
  passThroughOriginals?: boolean;
  binaries?: { pdftoppm?: string; pdftotext?: string; pdfinfo?: string; pdfimages?: string };
}

/** Renders pages of one original; keeps the original's temp copy until closed. */
export interface RenderSession {
  readonly pageCount: number;
  renderPage(pageNo: number): Promise<PageImage>;
  close(): Promise<void>;
}

export interface PageRenderer {
  /** All pages at once. Fine for letters; prefer `pages()` or `renderPage()` for long documents. */
  render(bytes: Buffer, inspection: SourceInspection): Promise<PageImage[]>;
  /** Pages one by one, so only one page image is in memory; temp files are removed when the loop ends or breaks. */
  pages(bytes: Buffer, inspection: SourceInspection): AsyncGenerator<PageImage, void, undefined>;
  /** One page (1-based), e.g. to resume after a crash. Writes and removes its own temp copy of a PDF. */
  renderPage(bytes: Buffer, inspection: SourceInspection, pageNo: number): Promise<PageImage>;
  /** A session for rendering several pages of one PDF with a single temp copy (call `close()`). */
  open(bytes: Buffer, inspection: SourceInspection): Promise<RenderSession>;
}

/**
 * Resampling of faxes, measured with tesseract 5.3.0 (deu, LSTM,
 * OMP_THREAD_LIMIT=1); re-run `npx tsx src/modules/imaging/fax-resampling.bench.ts`.
 * 18 faxes per mode: 6 synthetic (one letter, Helvetica/Times 8–10 pt,
 * 0–0.3 % flipped pixels, 0–0.7° skew) and 12 from scripts/generate-fixtures.ts
 * (seeds 42, 7, 99). Share of ground-truth words not found (order-independent):
 *
 *                                        normal 204×98    fine 204×196
 *   stretched to square, nearest            13.3 %           4.0 %
 *   stretched to square, lanczos3           13.0 %           3.1 %   ← fine
 *   300 dpi, nearest + 3×3 median           10.7 %           4.8 %   ← normal
 *
 * (Synthetic normal-mode letters alone: 12.5 / 14.2 / 7.4 %, CER 2.5 / 8.5 / 1.3 %.)
 * Normal mode lacks half the rows; nearest-neighbour blocks plus a median
 * round the staircase edges and drop single-pixel noise, whereas interpolating
 * 1-bit pixels invents grey fringes around noise. Fine mode is nearly square
 * already: upscaling it lost words on the realistic faxes, a mild lanczos
 * stretch (196 → 204 rows per inch) was best. Upscaling costs ~20 % more
 * tesseract time (1.1 s → 1.3 s for an A4 page) and ~0.25 s of resampling and
 * median per page; the page PNG gets smaller (bilevel again). Per-letter
 * results scatter widely (reading-order flips move the CER by up to 20 points),
 * so only the means carry weight.
 *
 * Grey scans: lanczos upscaling of a 150 dpi scan to 300 dpi recovered a
 * paragraph tesseract had dropped (CER 10.5 % → 0.07 %); at 200 dpi it gained
 * nothing but time, hence the grey threshold of 200.
 */
export const defaultUpscaleBilevelBelowDpi = 150;
export const defaultUpscaleBelowDpi = 200;

export function createPageRenderer(deps: PageRendererDeps = {}): PageRenderer {
  const limits = deps.limits ?? defaultLimits;
  const ocrDpi = deps.ocrDpi ?? 300;
  const displayDpi = deps.displayDpi ?? 150;
  const defaultImageDpi = deps.defaultImageDpi ?? 300;
  const upscaleBelowDpi = deps.upscaleBelowDpi ?? defaultUpscaleBelowDpi;
  const upscaleBilevelBelowDpi = deps.upscaleBilevelBelowDpi ?? defaultUpscaleBilevelBelowDpi;
  const passThroughOriginals = deps.passThroughOriginals ?? true;
  const pdftoppm = deps.binaries?.pdftoppm ?? 'pdftoppm';
  const pdftotext = deps.binaries?.pdftotext ?? 'pdftotext';

  function checkPageNo(inspection: SourceInspection, pageNo: number): void {
    if (!Number.isInteger(pageNo) || pageNo < 1 || pageNo > inspection.pageCount) {
      throw new RangeError(`Page ${pageNo} does not exist (the original has ${inspection.pageCount} pages)`);
    }
  }

  /** Encodes 8-bit grey samples as PNG: the only encode a page goes through. */
  async function encodeGrey(pixels: Buffer, width: number, height: number, dpi: number): Promise<Buffer> {
    const png = await sharp(pixels, { raw: { width, height, channels: 1 } })
      .toColourspace('b-w')
      .png({ compressionLevel: 3, adaptiveFiltering: false })
      .toBuffer();
    return setPngDensity(png, dpi);
  }

  /** One pdftotext run for the whole document (a process per page costs ~50 ms each); pages split at form feeds. */
  async function pdfTextLayers(file: string): Promise<Array<string | null> | null> {
    const result = await runProcess(pdftotext, ['-layout', '-enc', 'UTF-8', file, '-'], {
      timeoutMs: limits.processTimeoutMs,
      maxStdoutBytes: 64 * 1024 * 1024,
    });
    // No text layer we may use (extraction forbidden, broken file): OCR it.
    if (result.exitCode !== 0) return null;
    return result.stdout
      .toString('utf8')
      .split('\f')
      .map((page) => {
        const text = page
          .split('\n')
          .map((line) => line.trimEnd())
          .join('\n')
          .replace(/^\n+|\n+$/g, '');
        return assessTextLayer(text, deps.textLayerThresholds).isRealText ? text : null;
      });
  }

  /** Per open PDF: the text layers and the image list, each read once for all pages. */
  interface PdfSessionState {
    file: string;
    dir: string;
    textLayers?: Promise<Array<string | null> | null>;
    images?: Promise<PdfImageEntry[]>;
  }

  async function pdfTextLayer(state: PdfSessionState, pageNo: number): Promise<string | null> {
    state.textLayers ??= pdfTextLayers(state.file);
    return (await state.textLayers)?.[pageNo - 1] ?? null;
  }

  /** A scanner's page JPEG taken out as it is, when the page is nothing else (see pdf.images.ts). */
  async function scannedPageJpeg(state: PdfSessionState, size: SourcePage | undefined, pageNo: number): Promise<PageImage | null> {
    if (!passThroughOriginals || !size || size.unit !== 'pt') return null;
    state.images ??= listPdfImages(state.file, { timeoutMs: limits.processTimeoutMs, binary: deps.binaries?.pdfimages });
    const onPage = (await state.images).filter((entry) => entry.pageNo === pageNo);
    const candidate = pageJpegCandidate(onPage, size, upscaleBelowDpi || 200);
    if (!candidate || candidate.entry.width * candidate.entry.height > limits.maxPixelsPerPage) return null;
    const jpeg = await extractPageJpeg(state.file, pageNo, state.dir, { timeoutMs: limits.processTimeoutMs, binary: deps.binaries?.pdfimages });
    if (!jpeg) return null;
    const metadata = await sharp(jpeg).metadata().catch(() => null);
    // The stream must be what the list promised, and upright without EXIF help (browsers would turn it, PDF viewers not).
    if (!metadata || metadata.format !== 'jpeg' || metadata.width !== candidate.entry.width || metadata.height !== candidate.entry.height) return null;
    if ((metadata.orientation ?? 1) !== 1 || metadata.isProgressive || (metadata.channels !== 1 && metadata.channels !== 3)) return null;
    if (!(await decodesCleanly(jpeg))) return null;
    return { pageNo, image: jpeg, width: candidate.entry.width, height: candidate.entry.height, dpi: candidate.dpi, textLayer: null };
  }

  async function renderPdfPage(state: PdfSessionState, inspection: SourceInspection, pageNo: number): Promise<PageImage> {
    const file = state.file;
    const textLayer = await pdfTextLayer(state, pageNo);
    if (textLayer === null) {
      const scanned = await scannedPageJpeg(state, inspection.pages?.[pageNo - 1], pageNo);
      if (scanned) return scanned;
    }
    const wantedDpi = textLayer === null ? ocrDpi : displayDpi;
    let size = inspection.pages?.[pageNo - 1];
    if (!size || size.unit !== 'pt') {
      // Inspection without geometry (produced elsewhere): ask poppler for this page.
      const info = await readPdfInfo(file, { timeoutMs: limits.processTimeoutMs, sizePages: pageNo, binary: deps.binaries?.pdfinfo });
      const pageSize = info.pageSizes[pageNo - 1];
      size = pageSize && { pageNo, width: pageSize.width, height: pageSize.height, unit: 'pt', xDpi: null, yDpi: null, rotation: pageSize.rotation };
    }
    const dpi = size ? fitPdfDpi(size.width, size.height, wantedDpi, limits.maxPixelsPerPage) : wantedDpi;

    let result;
    try {
      // -gray without -png writes a PGM to stdout (see pgm.reader.ts); -cropbox
      // renders what PDF viewers show and what pdfinfo measured.
      result = await runProcess(pdftoppm, ['-f', String(pageNo), '-l', String(pageNo), '-singlefile', '-r', String(dpi), '-gray', '-cropbox', file], {
        timeoutMs: limits.processTimeoutMs,
        maxStdoutBytes: limits.maxPixelsPerPage + 1024,
      });
    } catch (error) {
      if (isPoststelleError(error) && error.code === 'process_output_too_large') {
        throw createQuarantineError('image_too_large', `PDF page ${pageNo} exceeds ${limits.maxPixelsPerPage} pixels at ${dpi} dpi`, error);
      }
      throw error;
    }
    if (result.exitCode !== 0 || result.stdout.length === 0) {
      throw createQuarantineError('corrupt_pdf', `Page ${pageNo} cannot be rendered: ${firstLines(result.stderr)}`);
    }
    let pgm;
    try {
      pgm = parsePgm(result.stdout);
    } catch (error) {
      throw createQuarantineError('corrupt_pdf', `Page ${pageNo} rendered to an unreadable image: ${(error as Error).message}`, error);
    }
    const png = await encodeGrey(pgm.pixels, pgm.width, pgm.height, dpi);
    return { pageNo, image: png, width: pgm.width, height: pgm.height, dpi, textLayer };
  }

  /** TIFF, PNG and JPEG: decode one page, make pixels square, maybe upscale, encode grey PNG — one sharp pipeline. */
  async function renderRasterPage(bytes: Buffer, pageIndex: number | undefined, plan: RasterPlan, pageNo: number): Promise<PageImage> {
    try {
      let pipeline = sharp(bytes, {
        ...(pageIndex === undefined ? {} : { page: pageIndex }),
        autoOrient: true,
        limitInputPixels: limits.maxPixelsPerPage,
        // 'error' rejects truncated or broken pixel data but tolerates the
        // harmless warnings (unknown private tags) that fax servers produce.
        failOn: 'error',
        sequentialRead: true,
      }).flatten({ background: '#ffffff' });
      pipeline = pipeline.resize({ width: plan.width, height: plan.height, fit: 'fill', kernel: plan.kernel });
      // sharp applies the median after resizing, whatever the call order.
      if (plan.median > 0) pipeline = pipeline.median(plan.median);
      const { data, info } = await pipeline
        .toColourspace('b-w')
        .png({ compressionLevel: 3, adaptiveFiltering: false })
        .toBuffer({ resolveWithObject: true });
      return { pageNo, image: setPngDensity(data, plan.dpi), width: info.width, height: info.height, dpi: plan.dpi, textLayer: null };
    } catch (error) {
      if (isPoststelleError(error)) throw error;
      const message = (error as Error).message;
      if (/pixel limit/i.test(message)) throw createQuarantineError('image_too_large', `Page ${pageNo}: ${message}`, error);
      throw createQuarantineError('corrupt_image', `Page ${pageNo} cannot be decoded: ${message}`, error);
    }
  }

  function rasterOptions(): RasterPlanOptions {
    return { defaultDpi: defaultImageDpi, upscaleBelowDpi, upscaleBilevelBelowDpi, targetDpi: ocrDpi, maxPixels: limits.maxPixelsPerPage };
  }

  function renderTiffPage(bytes: Buffer, tiff: TiffInfo, pageNo: number): Promise<PageImage> {
    const page = tiff.pages[pageNo - 1];
    if (!page) throw createQuarantineError('corrupt_image', `TIFF page ${pageNo} is missing`);
    const resolution = tiffPageResolution(page);
    // Orientations 5–8 turn the page by 90°: axes and their resolutions swap.
    const swap = page.orientation >= 5 && page.orientation <= 8;
    const bilevel = page.samplesPerPixel === 1 && (page.bitsPerSample[0] ?? 1) === 1;
    const plan = planRaster(
      swap
        ? { width: page.height, height: page.width, xDpi: resolution.yDpi, yDpi: resolution.xDpi, bilevel }
        : { width: page.width, height: page.height, xDpi: resolution.xDpi, yDpi: resolution.yDpi, bilevel },
      rasterOptions(),
    );
    return renderRasterPage(bytes, pageNo - 1, plan, pageNo);
  }

  async function renderBitmap(bytes: Buffer): Promise<PageImage> {
    // Header only; cheaper than threading format details through the inspection.
    let metadata;
    try {
      metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (error) {
      throw createQuarantineError('corrupt_image', `The image header cannot be read: ${(error as Error).message}`, error);
    }
    const density = metadata.density ?? null;
    const plan = planRaster(
      {
        width: metadata.autoOrient.width,
        height: metadata.autoOrient.height,
        xDpi: density,
        yDpi: density,
        // 1 bit per sample: grey or a two-colour palette.
        bilevel: metadata.bitsPerSample === 1,
      },
      rasterOptions(),
    );
    if (canPassThrough(metadata, plan)) {
      // Tesseract, the viewer and the PDF all take the file as it is: decoding
      // and re-encoding it would cost ~0.15–0.3 s and change nothing.
      if (!(await decodesCleanly(bytes))) throw createQuarantineError('corrupt_image', 'Page 1 cannot be decoded: the pixel data is damaged');
      return { pageNo: 1, image: bytes, width: plan.width, height: plan.height, dpi: plan.dpi, textLayer: null };
    }
    return renderRasterPage(bytes, undefined, plan, 1);
  }

  /**
   * Whether all pixel data decodes: damage must show as corrupt_image here,
   * not as an OCR failure later. Shrinking on load keeps a JPEG check cheap
   * (its entropy-coded data is still read to the end).
   */
  async function decodesCleanly(bytes: Buffer): Promise<boolean> {
    try {
      await sharp(bytes, { failOn: 'error', sequentialRead: true, limitInputPixels: limits.maxPixelsPerPage }).resize({ width: 64 }).raw().toBuffer();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A JPEG or PNG whose pixels are already what OCR gets: square, upright, no
   * resampling planned, 8-bit grey/RGB (or a palette), nothing transparent.
   */
  function canPassThrough(metadata: Metadata, plan: RasterPlan): boolean {
    if (!passThroughOriginals || plan.upscaled || plan.median > 0) return false;
    if (plan.width !== metadata.width || plan.height !== metadata.height) return false;
    if ((metadata.orientation ?? 1) !== 1 || metadata.hasAlpha || metadata.isProgressive) return false;
    if (metadata.depth !== 'uchar' || (metadata.space !== 'srgb' && metadata.space !== 'b-w')) return false;
    if (metadata.format === 'jpeg') return metadata.channels === 1 || metadata.channels === 3;
    return metadata.format === 'png';
  }

  async function open(bytes: Buffer, inspection: SourceInspection): Promise<RenderSession> {
    const pageCount = inspection.pageCount;
    switch (inspection.format) {
      case 'pdf': {
        const temp = await createTempDir(deps.workDir, 'poststelle-render');
        const file = path.join(temp.dir, 'source.pdf');
        try {
          await fs.writeFile(file, bytes, { mode: 0o600 });
        } catch (error) {
          await temp.dispose();
          throw error;
        }
        const state: PdfSessionState = { file, dir: temp.dir };
        return {
          pageCount,
          renderPage: (pageNo) => {
            checkPageNo(inspection, pageNo);
            return renderPdfPage(state, inspection, pageNo);
          },
          close: temp.dispose,
        };
      }
      case 'tiff': {
        // Parsing the IFDs again is cheap and keeps the inspection format-agnostic.
        const tiff = readTiff(bytes, { maxPages: limits.maxPages });
        return {
          pageCount,
          renderPage: async (pageNo) => {
            checkPageNo(inspection, pageNo);
            return renderTiffPage(bytes, tiff, pageNo);
          },
          close: async () => undefined,
        };
      }
      case 'png':
      case 'jpeg':
        return {
          pageCount,
          renderPage: async (pageNo) => {
            checkPageNo(inspection, pageNo);
            return renderBitmap(bytes);
          },
          close: async () => undefined,
        };
      default:
        throw createQuarantineError('unsupported_format', `Originals of format ${inspection.format} have no pages to render`);
    }
  }

  async function* pages(bytes: Buffer, inspection: SourceInspection): AsyncGenerator<PageImage, void, undefined> {
    const session = await open(bytes, inspection);
    try {
      for (let pageNo = 1; pageNo <= session.pageCount; pageNo += 1) yield await session.renderPage(pageNo);
    } finally {
      await session.close();
    }
  }

  return {
    open,
    pages,
    async render(bytes, inspection) {
      const result: PageImage[] = [];
      for await (const page of pages(bytes, inspection)) result.push(page);
      return result;
    },
    async renderPage(bytes, inspection, pageNo) {
      checkPageNo(inspection, pageNo);
      const session = await open(bytes, inspection);
      try {
        return await session.renderPage(pageNo);
      } finally {
        await session.close();
      }
    },
  };
}
