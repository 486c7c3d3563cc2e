import crypto from 'node:crypto';
import { createError } from '../shared/errors.ts';
import type { ByteRange } from './blob-store.types.ts';

export const blobKeyPattern = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Keys are sha256 hex digests and nothing else: no path traversal, no foreign objects. */
export function assertBlobKey(key: string): string {
  if (!blobKeyPattern.test(key)) throw createError({ code: 'storage.invalid_key', message: `invalid blob key ${JSON.stringify(key)}`, statusCode: 400 });
  return key;
}

export function assertByteRange(range: ByteRange | undefined): void {
  if (!range) return;
  const valid = Number.isSafeInteger(range.start) && range.start >= 0 && (range.end === undefined || (Number.isSafeInteger(range.end) && range.end >= range.start));
  if (!valid) throw createError({ code: 'storage.invalid_range', message: `invalid byte range ${JSON.stringify(range)}`, statusCode: 416 });
}

export function blobNotFound(key: string, cause?: unknown) {
  return createError({ code: 'storage.not_found', message: `blob ${key} not found`, statusCode: 404, cause });
}
