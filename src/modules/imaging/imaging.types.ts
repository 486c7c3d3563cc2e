export type SourceFormat = 'pdf' | 'tiff' | 'png' | 'jpeg' | 'eml' | 'unknown';

export interface ProcessingLimits {
  maxFileBytes: number;
  maxPages: number;
  /** Pixels per page after rasterising; guards against decompression bombs. */
  maxPixelsPerPage: number;
  processTimeoutMs: number;
}

export const defaultLimits: ProcessingLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxPages: 500,
  maxPixelsPerPage: 120_000_000,
  processTimeoutMs: 120_000,
};

/** What content sniffing found out about an original, before any page is rendered. */
export interface SourceInspection {
  format: SourceFormat;
  mimeType: string;
  pageCount: number;
  /** Set for TIFFs whose resolution/compression look like a fax (CCITT G3/G4, ~204 dpi). */
  fax: { compression: 'g3' | 'g4' | 'other'; xDpi: number; yDpi: number } | null;
  /**
   * Geometry of every page as inspection found it (optional so that other
   * producers of inspections need not fill it; the renderer falls back).
   */
  pages?: SourcePage[];
  /**
   * Set when the file name's extension does not fit the content (a JPEG named
   * `.pdf`). The content wins and the file is processed; record a warning.
   */
  extensionMismatch?: { extension: string; expected: readonly string[] } | null;
  /** PDF only: encrypted but opens without a password (permission flags only), so it is processed. */
  encrypted?: boolean;
}

/** One page of an original before rendering. */
export interface SourcePage {
  pageNo: number; // 1-based
  /** PDF: points (1/72 inch) of the crop box; raster formats: pixels. */
  width: number;
  height: number;
  unit: 'pt' | 'px';
  /** Raster only: resolution stored in the file (null when absent or for PDFs). */
  xDpi: number | null;
  yDpi: number | null;
  /** PDF only: the page's /Rotate in degrees (viewers and pdftoppm turn the page by it). */
  rotation?: number;
}

/** One page ready for OCR and display: a PNG or JPEG with square pixels. */
export interface PageImage {
  pageNo: number; // 1-based
  /** The page image: a grey PNG we rendered, or the original JPEG/PNG itself when it needs no change (see page.renderer.ts). */
  image: Buffer;
  width: number;
  height: number;
  /** Resolution of the PNG after aspect correction (x = y). */
  dpi: number;
  /** Text layer of a born-digital PDF page when it holds real text, else null (needs OCR). */
  textLayer: string | null;
}
