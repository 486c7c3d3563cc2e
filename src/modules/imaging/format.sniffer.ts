import path from 'node:path';
import { createQuarantineError } from '../shared/errors.ts';
import type { SourceFormat } from './imaging.types.ts';

export interface SniffedFormat {
  format: SourceFormat;
  mimeType: string;
}

const mimeTypes: Record<SourceFormat, string> = {
  pdf: 'application/pdf',
  tiff: 'image/tiff',
  png: 'image/png',
  jpeg: 'image/jpeg',
  eml: 'message/rfc822',
  unknown: 'application/octet-stream',
};

/** Extensions that are plausible for each format. An absent extension is always plausible. */
export const extensionsByFormat: Record<SourceFormat, readonly string[]> = {
  pdf: ['pdf'],
  tiff: ['tif', 'tiff', 'fax', 'g3', 'g4'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  eml: ['eml', 'msg', 'mht', 'txt', 'mbox'],
  unknown: [],
};

// Acrobat accepts the %PDF- header anywhere in the first 1024 bytes (scanner and
// mail gateways sometimes prepend junk), so we do as well.
const pdfHeaderWindow = 1024;
const pdfMagic = Buffer.from('%PDF-', 'latin1');

// Header names that open real RFC 822 messages (as saved by mail clients, or
// delivered by an MTA). Matching only at the very start keeps plain text files
// that merely mention "From:" further down out.
const emailHeaderNames = [
  'from',
  'received',
  'return-path',
  'mime-version',
  'delivered-to',
  'message-id',
  'date',
  'to',
  'subject',
  'x-',
  'reply-to',
  'dkim-signature',
  'arc-seal',
  'authentication-results',
  'content-type',
];

function startsWith(bytes: Buffer, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function looksLikeEmail(bytes: Buffer): boolean {
  // mbox files start with "From " (no colon) followed by the envelope sender.
  const head = bytes.subarray(0, 4096).toString('latin1').replace(/^\uFEFF/, '');
  const lines = head.split(/\r?\n/).slice(0, 30);
  const firstLine = lines[0] ?? '';
  if (/^From \S+/.test(firstLine)) lines.shift();
  // The first line must be a header, and at least two known headers must
  // appear before the first blank line: one "Date:" line is not a mail.
  let known = 0;
  let sawTransportHeader = false;
  for (const [index, line] of lines.entries()) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && index > 0) continue; // folded continuation line
    const match = /^([A-Za-z][A-Za-z0-9-]*):/.exec(line);
    if (!match) return false;
    const name = (match[1] ?? '').toLowerCase();
    if (emailHeaderNames.some((header) => (header.endsWith('-') ? name.startsWith(header) : name === header))) known += 1;
    if (name === 'from' || name === 'received' || name === 'return-path' || name === 'mime-version') sawTransportHeader = true;
  }
  return sawTransportHeader && known >= 2;
}

/** Finds the offset of `%PDF-` within the first 1024 bytes, or -1. */
export function findPdfHeader(bytes: Buffer): number {
  return bytes.subarray(0, pdfHeaderWindow + pdfMagic.length).indexOf(pdfMagic);
}

/** Content sniffing without throwing: `unknown` when nothing matches (also for zero bytes). */
export function detectFormat(bytes: Buffer): SniffedFormat {
  const result = (format: SourceFormat): SniffedFormat => ({ format, mimeType: mimeTypes[format] });
  if (bytes.length === 0) return result('unknown');
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return result('tiff');
  // BigTIFF (version 43) is read by libtiff and our reader alike.
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])) return result('tiff');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return result('png');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return result('jpeg');
  if (findPdfHeader(bytes) >= 0) return result('pdf');
  if (looksLikeEmail(bytes)) return result('eml');
  return result('unknown');
}

/**
 * Decides the format by content (magic bytes), never by the name. Throws the
 * quarantine errors `empty_file` and `unsupported_format`.
 */
export function sniffFormat(bytes: Buffer, fileName?: string): SniffedFormat {
  if (bytes.length === 0) throw createQuarantineError('empty_file', `${fileName ?? 'The file'} is empty (0 bytes)`);
  const sniffed = detectFormat(bytes);
  if (sniffed.format === 'unknown') {
    throw createQuarantineError('unsupported_format', `${fileName ?? 'The file'} is not a PDF, TIFF, PNG, JPEG or e-mail (unrecognised content)`);
  }
  return sniffed;
}

/** The lower-case extension without dot, or null when the name has none. */
export function fileExtension(fileName: string | undefined): string | null {
  if (!fileName) return null;
  const extension = path.extname(path.basename(fileName)).slice(1).toLowerCase();
  return extension === '' ? null : extension;
}

/**
 * True when the name's extension fits the sniffed format, or there is no
 * extension. A mismatch is only a warning: the content decides how a file is
 * processed (a JPEG named `.pdf` is still a valid JPEG), the caller records it.
 */
export function checkExtension(format: SourceFormat, fileName?: string): boolean {
  const extension = fileExtension(fileName);
  if (extension === null) return true;
  // Generic extensions that say nothing about the content are not a mismatch.
  if (['bin', 'dat', 'tmp', 'part', 'download'].includes(extension)) return true;
  return extensionsByFormat[format].includes(extension);
}
