import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { createQuarantineError } from '../shared/errors.ts';
import { checkExtension, extensionsByFormat, fileExtension, sniffFormat } from './format.sniffer.ts';
import { defaultLimits } from './imaging.types.ts';
import type { ProcessingLimits, SourceInspection, SourcePage } from './imaging.types.ts';
import { hasPdfTrailer, readPdfInfo } from './pdf.info.ts';
import { checkPdfStructure } from './pdf.structure.ts';
import { fitPdfDpi, planRaster } from './raster.plan.ts';
import { withTempDir } from './temp.workspace.ts';
import { faxKind, readTiff, tiffPageResolution } from './tiff.reader.ts';

export interface SourceInspectorDeps {
  limits?: ProcessingLimits;
  /** Where PDFs are written for poppler; default: OS temp dir. */
  workDir?: string;
  pdfinfoBinary?: string;
  /** Resolution the renderer uses for OCR; PDF pages too large for it are rendered lower, down to `minPdfDpi`. */
  ocrDpi?: number;
  minPdfDpi?: number;
}

export interface SourceInspector {
  /**
   * Sniffs, checks limits and counts pages without rendering anything.
   * Throws quarantine errors: empty_file, file_too_large, unsupported_format,
   * encrypted_pdf, corrupt_pdf, corrupt_image, too_many_pages, image_too_large.
   * E-mails pass with pageCount 0: they are split by intake, not rendered.
   */
  inspect(bytes: Buffer, fileName?: string): Promise<SourceInspection>;
}

export function createSourceInspector(deps: SourceInspectorDeps = {}): SourceInspector {
  const limits = deps.limits ?? defaultLimits;
  const ocrDpi = deps.ocrDpi ?? 300;
  // Below ~72 dpi a page is not legible any more, so such a "page" is a bomb, not a letter.
  const minPdfDpi = deps.minPdfDpi ?? 72;

  async function inspectPdf(bytes: Buffer): Promise<Pick<SourceInspection, 'pageCount' | 'pages' | 'encrypted'>> {
    await checkPdfStructure(bytes);
    if (!hasPdfTrailer(bytes)) {
      throw createQuarantineError('corrupt_pdf', 'The PDF is truncated (no %%EOF marker at the end)');
    }
    const info = await withTempDir(deps.workDir, 'poststelle-inspect', async (dir) => {
      const file = path.join(dir, 'source.pdf');
      await fs.writeFile(file, bytes, { mode: 0o600 });
      return readPdfInfo(file, { timeoutMs: limits.processTimeoutMs, sizePages: limits.maxPages, binary: deps.pdfinfoBinary });
    });
    if (info.pageCount > limits.maxPages) {
      throw createQuarantineError('too_many_pages', `The PDF has ${info.pageCount} pages, the limit is ${limits.maxPages}`);
    }
    const pages: SourcePage[] = info.pageSizes.map((size, index) => ({
      pageNo: index + 1,
      width: size.width,
      height: size.height,
      unit: 'pt',
      xDpi: null,
      yDpi: null,
      rotation: size.rotation,
    }));
    for (const page of pages) {
      if (fitPdfDpi(page.width, page.height, ocrDpi, limits.maxPixelsPerPage) < minPdfDpi) {
        throw createQuarantineError(
          'image_too_large',
          `PDF page ${page.pageNo} measures ${Math.round(page.width)}×${Math.round(page.height)} pt, too large to render within ${limits.maxPixelsPerPage} pixels`,
        );
      }
    }
    return { pageCount: info.pageCount, pages, encrypted: info.encrypted };
  }

  function inspectTiff(bytes: Buffer): Pick<SourceInspection, 'pageCount' | 'pages' | 'fax'> {
    const tiff = readTiff(bytes, { maxPages: limits.maxPages });
    let fax: SourceInspection['fax'] = null;
    const pages: SourcePage[] = [];
    for (const page of tiff.pages) {
      const resolution = tiffPageResolution(page);
      checkRasterSize(page.width, page.height, resolution.xDpi, resolution.yDpi, limits);
      const kind = faxKind(page) ?? (resolution.guessed ? 'other' : null);
      if (kind && !fax) fax = { compression: kind, xDpi: resolution.xDpi ?? 204, yDpi: resolution.yDpi ?? resolution.xDpi ?? 204 };
      pages.push({ pageNo: page.pageNo, width: page.width, height: page.height, unit: 'px', xDpi: resolution.xDpi, yDpi: resolution.yDpi });
    }
    return { pageCount: tiff.pages.length, pages, fax };
  }

  async function inspectBitmap(bytes: Buffer): Promise<Pick<SourceInspection, 'pageCount' | 'pages'>> {
    let metadata: Metadata;
    try {
      // Reads the header only; pixel data is decoded by the renderer.
      metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (error) {
      throw createQuarantineError('corrupt_image', `The image header cannot be read: ${(error as Error).message}`, error);
    }
    const { width, height } = metadata.autoOrient;
    if (!width || !height) throw createQuarantineError('corrupt_image', 'The image has no size');
    const dpi = metadata.density ?? null;
    checkRasterSize(width, height, dpi, dpi, limits);
    return { pageCount: 1, pages: [{ pageNo: 1, width, height, unit: 'px', xDpi: dpi, yDpi: dpi }] };
  }

  return {
    async inspect(bytes, fileName) {
      if (bytes.length > limits.maxFileBytes) {
        throw createQuarantineError('file_too_large', `The file has ${bytes.length} bytes, the limit is ${limits.maxFileBytes}`);
      }
      const { format, mimeType } = sniffFormat(bytes, fileName);
      const extension = fileExtension(fileName);
      const extensionMismatch =
        extension !== null && !checkExtension(format, fileName) ? { extension, expected: extensionsByFormat[format] } : null;
      const base: SourceInspection = { format, mimeType, pageCount: 0, fax: null, pages: [], extensionMismatch };
      // Only known input problems become quarantine errors; anything else
      // (disk full, a missing binary) propagates so the pipeline can retry.
      switch (format) {
        case 'pdf':
          return { ...base, ...(await inspectPdf(bytes)) };
        case 'tiff':
          return { ...base, ...inspectTiff(bytes) };
        case 'png':
        case 'jpeg':
          return { ...base, ...(await inspectBitmap(bytes)) };
        default:
          return base;
      }
    },
  };
}

/** Raw pixels and aspect-corrected pixels must both stay under the per-page limit. */
function checkRasterSize(width: number, height: number, xDpi: number | null, yDpi: number | null, limits: ProcessingLimits): void {
  if (width * height > limits.maxPixelsPerPage) {
    throw createQuarantineError('image_too_large', `Image of ${width}×${height} px exceeds the limit of ${limits.maxPixelsPerPage} pixels`);
  }
  planRaster({ width, height, xDpi, yDpi }, { defaultDpi: 300, upscaleBelowDpi: 0, upscaleBilevelBelowDpi: 0, targetDpi: 300, maxPixels: limits.maxPixelsPerPage });
}
