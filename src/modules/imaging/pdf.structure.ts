import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { createQuarantineError } from '../shared/errors.ts';

/**
 * Structural checks on a PDF's raw bytes before poppler sees it (see docs/decisions/0006-hostile-input.md):
 * - a ZIP archive in the same file (polyglot) → `polyglot_file`;
 * - a Flate stream that inflates beyond `maxInflatedStreamBytes`, or by more than
 *   `maxDecompressionRatio` : 1 (only nested filters get there, single deflate stops near 1032 : 1)
 *   → `decompression_bomb`. Inflation is streamed and counted, never held, so memory stays flat;
 * - JavaScript, Launch actions or embedded executables, also inside compressed object streams
 *   → `pdf_active_content`. We never run them, but the original goes to people's PDF viewers.
 */
export interface PdfStructureLimits {
  maxInflatedStreamBytes: number;
  maxDecompressionRatio: number;
}

export const defaultPdfStructureLimits: PdfStructureLimits = {
  maxInflatedStreamBytes: 512 * 1024 * 1024,
  maxDecompressionRatio: 2000,
};

/** Object streams are kept (to look inside) up to this size; larger ones are only counted. */
const maxKeptObjectStream = 16 * 1024 * 1024;
const ratioFloorBytes = 8 * 1024 * 1024;
const executableExtensions = /\.(exe|com|scr|bat|cmd|vbs|vbe|js|jse|wsf|wsh|ps1|msi|dll|jar|hta|lnk|app|sh)\)?$/i;

class InflateLimit extends Error {}

/** Inflates through every Flate layer, counting; returns the bytes when `keep` and small enough. */
async function inflateCounted(data: Buffer, layers: number, limits: PdfStructureLimits, keep: boolean): Promise<Buffer | null> {
  let total = 0;
  const kept: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > limits.maxInflatedStreamBytes) return callback(new InflateLimit(`inflates to more than ${limits.maxInflatedStreamBytes} bytes`));
      if (total > ratioFloorBytes && total > data.length * limits.maxDecompressionRatio) {
        return callback(new InflateLimit(`inflates more than ${limits.maxDecompressionRatio} : 1 (${data.length} bytes)`));
      }
      if (keep && total <= maxKeptObjectStream) kept.push(chunk);
      callback();
    },
  });
  const stages = Array.from({ length: layers }, () => zlib.createInflate({ chunkSize: 64 * 1024 }));
  try {
    await pipeline([Readable.from([data]), ...stages, sink]);
  } catch (error) {
    if (error instanceof InflateLimit) throw error;
    return null; // damaged data: poppler will judge the file, this check only guards memory
  }
  return keep && total <= maxKeptObjectStream ? Buffer.concat(kept) : null;
}

/** `#4A#53` → `JS`: PDF names may hide their letters behind hex escapes. */
function decodeNames(text: string): string {
  return text.replace(/\/[^\s/<>[\]()]*#[0-9A-Fa-f]{2}[^\s/<>[\]()]*/g, (name) => name.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))));
}

function findActiveContent(text: string): string | null {
  const decoded = decodeNames(text);
  if (/\/(JavaScript|JS)[\s/(<[]/.test(decoded)) return 'JavaScript';
  if (/\/S\s*\/Launch\b/.test(decoded)) return 'a Launch action';
  if (/\/(EmbeddedFile|Filespec)\b/.test(decoded)) {
    for (const match of decoded.matchAll(/\/(?:UF|F)\s*\(([^)]{1,255})\)/g)) {
      if (executableExtensions.test(match[1] ?? '')) return `an embedded executable (${match[1]})`;
    }
  }
  return null;
}

export async function checkPdfStructure(bytes: Buffer, limits: PdfStructureLimits = defaultPdfStructureLimits): Promise<void> {
  // The end of central directory record of a ZIP sits in the last 64 KiB + 22 bytes.
  const tail = bytes.subarray(Math.max(0, bytes.length - 65_557));
  if (tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06])) && bytes.includes(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw createQuarantineError('polyglot_file', 'The PDF is also a ZIP archive (polyglot file)');
  }
  const text = bytes.toString('latin1');
  const direct = findActiveContent(text);
  if (direct) throw createQuarantineError('pdf_active_content', `The PDF carries ${direct}`);

  const streamKeyword = /stream\r?\n/g;
  for (let match = streamKeyword.exec(text); match; match = streamKeyword.exec(text)) {
    const dictStart = text.lastIndexOf('<<', match.index);
    const objStart = text.lastIndexOf(' obj', match.index);
    if (dictStart < 0 || text.slice(match.index - 3, match.index) === 'end') continue;
    const dict = text.slice(Math.max(objStart, dictStart - 2048, 0), match.index);
    const layers = (dict.match(/\/FlateDecode|\/Fl\b/g) ?? []).length;
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    streamKeyword.lastIndex = end + 9;
    if (layers === 0) continue;
    const isObjectStream = /\/Type\s*\/ObjStm/.test(dict);
    let inflated: Buffer | null;
    try {
      inflated = await inflateCounted(bytes.subarray(start, end), layers, limits, isObjectStream);
    } catch (error) {
      throw createQuarantineError('decompression_bomb', `A PDF stream of ${end - start} bytes ${(error as Error).message}`, error);
    }
    if (inflated) {
      const hidden = findActiveContent(inflated.toString('latin1'));
      if (hidden) throw createQuarantineError('pdf_active_content', `The PDF carries ${hidden} (in a compressed object stream)`);
    }
  }
}
