import { createQuarantineError } from '../../shared/errors.ts';
import { parseEmail } from './email.parser.ts';

/**
 * Limits on an e-mail before it is split into pages (docs/decisions/0006-hostile-input.md):
 * MIME multiparts nested deeper than `maxMimeDepth` → `mime_too_deep`; an attached ZIP whose
 * directory declares more than `maxArchiveBytes` or a ratio above `maxArchiveRatio` → `decompression_bomb`.
 * Archives are never unpacked: only their central directory is read.
 */
export interface EmailLimits {
  maxMimeDepth: number;
  maxArchiveBytes: number;
  maxArchiveRatio: number;
}

export const defaultEmailLimits: EmailLimits = { maxMimeDepth: 20, maxArchiveBytes: 1024 * 1024 * 1024, maxArchiveRatio: 200 };

/** Deepest nesting of multipart boundaries, counted over the raw message without parsing it. */
export function mimeDepth(bytes: Buffer): number {
  const text = bytes.toString('latin1');
  const open: string[] = [];
  let deepest = 0;
  for (const match of text.matchAll(/boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))|^--(.{1,200}?)(--)?\s*$/gim)) {
    const declared = match[1] ?? match[2];
    if (declared !== undefined) {
      if (!open.includes(declared)) open.push(declared);
      deepest = Math.max(deepest, open.length);
      continue;
    }
    // A closing delimiter ends its multipart and every one opened inside it.
    if (match[4] !== undefined) {
      const index = open.indexOf(match[3] ?? '');
      if (index >= 0) open.length = index;
    }
  }
  return deepest;
}

interface ZipSizes {
  compressed: number;
  uncompressed: number;
}

/** Sums the sizes a ZIP's central directory declares, or null when there is none. */
export function zipDeclaredSizes(bytes: Buffer): ZipSizes | null {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > bytes.length) return null;
  const entries = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  const sizes: ZipSizes = { compressed: 0, uncompressed: 0 };
  for (let index = 0; index < entries && offset + 46 <= bytes.length; index += 1) {
    if (bytes.readUInt32LE(offset) !== 0x02014b50) break;
    sizes.compressed += bytes.readUInt32LE(offset + 20);
    sizes.uncompressed += bytes.readUInt32LE(offset + 24);
    offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return sizes;
}

export async function checkEmailLimits(bytes: Buffer, limits: EmailLimits = defaultEmailLimits): Promise<void> {
  const depth = mimeDepth(bytes);
  if (depth > limits.maxMimeDepth) throw createQuarantineError('mime_too_deep', `The e-mail nests ${depth} MIME multiparts, the limit is ${limits.maxMimeDepth}`);
  let email;
  try {
    email = await parseEmail(bytes);
  } catch {
    return; // the split step reports unparsable mail as unsupported_format
  }
  for (const attachment of email.attachments) {
    const sizes = zipDeclaredSizes(attachment.content);
    if (!sizes) continue;
    const ratio = sizes.uncompressed / Math.max(1, sizes.compressed);
    if (sizes.uncompressed > limits.maxArchiveBytes || (sizes.uncompressed > 16 * 1024 * 1024 && ratio > limits.maxArchiveRatio)) {
      throw createQuarantineError(
        'decompression_bomb',
        `The attachment ${attachment.fileName} declares ${sizes.uncompressed} bytes from ${sizes.compressed} (${Math.round(ratio)} : 1)`,
      );
    }
  }
}
