/** The OCR port: any engine (tesseract today) that turns a page image into words with boxes. */
export interface OcrWord {
  text: string;
  /** 0..100 as engines report it. */
  confidence: number;
  /** Pixel box on the page image: left, top, width, height. */
  box: { left: number; top: number; width: number; height: number };
  block: number;
  paragraph: number;
  line: number;
}

export interface OcrPageResult {
  engine: string;
  text: string;
  words: OcrWord[];
  meanConfidence: number;
  /** A one-page PDF with an invisible text layer (and the page image unless textOnlyPdf), when requested. */
  pdf: Buffer | null;
  durationMs: number;
}

export interface OcrRequest {
  imagePath: string;
  dpi: number;
  languages: string[];
  wantPdf: boolean;
  /**
   * Only the invisible text in the PDF, no page image: far cheaper (tesseract
   * spends ~0.45 s per A4 page compressing the image into its PDF); the caller
   * puts the page image underneath itself.
   */
  textOnlyPdf?: boolean;
  timeoutMs: number;
}

export interface OcrEngine {
  readonly name: string;
  recognize(request: OcrRequest): Promise<OcrPageResult>;
}
