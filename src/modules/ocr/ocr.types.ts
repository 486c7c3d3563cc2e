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
  /** A one-page PDF with the page image and an invisible text layer, when requested. */
  pdf: Buffer | null;
  durationMs: number;
}

export interface OcrRequest {
  imagePath: string;
  dpi: number;
  languages: string[];
  wantPdf: boolean;
  timeoutMs: number;
}

export interface OcrEngine {
  readonly name: string;
  recognize(request: OcrRequest): Promise<OcrPageResult>;
}
