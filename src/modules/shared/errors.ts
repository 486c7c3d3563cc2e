/**
 * Errors with a stable machine-readable code. Pipeline errors whose code is a
 * quarantine code put the document into quarantine instead of being retried.
 */
export class PoststelleError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly quarantine: boolean;

  constructor(options: { code: string; message: string; statusCode?: number; quarantine?: boolean; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'PoststelleError';
    this.code = options.code;
    this.statusCode = options.statusCode ?? 500;
    this.quarantine = options.quarantine ?? false;
  }
}

export function createError(options: { code: string; message: string; statusCode?: number; cause?: unknown }): PoststelleError {
  return new PoststelleError(options);
}

/** An input problem: retrying will not help, the original goes to quarantine with this code. */
export function createQuarantineError(code: QuarantineCode, message: string, cause?: unknown): PoststelleError {
  return new PoststelleError({ code, message, statusCode: 422, quarantine: true, cause });
}

export function isPoststelleError(error: unknown): error is PoststelleError {
  return error instanceof PoststelleError;
}

export const quarantineCodes = [
  'empty_file',
  'file_too_large',
  'unsupported_format',
  'extension_mismatch',
  'encrypted_pdf',
  'corrupt_pdf',
  'corrupt_image',
  'too_many_pages',
  'image_too_large',
  'ocr_failed',
  'process_timeout',
  'retries_exhausted',
  // Hostile input (docs/decisions/0006-hostile-input.md).
  'pdf_active_content',
  'decompression_bomb',
  'polyglot_file',
  'suspicious_file_name',
  'mime_too_deep',
] as const;

export type QuarantineCode = (typeof quarantineCodes)[number];
