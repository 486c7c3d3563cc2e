import { createQuarantineError } from '../shared/errors.ts';

/**
 * A small TIFF directory (IFD) reader. It reads only what we need to plan
 * rendering (size, resolution, compression) and never decodes pixels, so it can
 * run on untrusted uploads before any native decoder sees them. Every offset is
 * bounds-checked and IFD chains are loop-checked: a hostile file ends in a
 * `corrupt_image` quarantine, never in a hang or an exception from Buffer.
 */

export type TiffCompressionName =
  | 'none'
  | 'ccitt_rle'
  | 'g3'
  | 'g4'
  | 'lzw'
  | 'ojpeg'
  | 'jpeg'
  | 'deflate'
  | 'packbits'
  | 'jbig'
  | 'jpeg2000'
  | 'lzma'
  | 'zstd'
  | 'webp'
  | 'other';

export interface TiffPage {
  /** 1-based position in the IFD chain. */
  pageNo: number;
  width: number;
  height: number;
  /** Raw tag 259 value (1 = none when the tag is absent). */
  compression: number;
  compressionName: TiffCompressionName;
  /** Tag 262; null when absent. 0 = WhiteIsZero (typical for fax), 1 = BlackIsZero, 2 = RGB, … */
  photometric: number | null;
  bitsPerSample: number[];
  samplesPerPixel: number;
  /** Raw XResolution/YResolution in the file's unit; null when absent. */
  xResolution: number | null;
  yResolution: number | null;
  /** Tag 296: 1 = none (aspect only), 2 = inch (default), 3 = centimetre. */
  resolutionUnit: number;
  /** Resolution in dots per inch; null when absent or the unit is "none". */
  xDpi: number | null;
  yDpi: number | null;
  /** Tag 274 (1 = top-left, the default). */
  orientation: number;
  /** Tag 254; bit 0 set means "reduced-resolution copy of another page" (e.g. a thumbnail). */
  subfileType: number;
}

export interface TiffInfo {
  byteOrder: 'II' | 'MM';
  bigTiff: boolean;
  pages: TiffPage[];
}

export interface ReadTiffOptions {
  /** Stop with `too_many_pages` once the IFD chain is longer than this. */
  maxPages?: number;
}

const compressionNames: Record<number, TiffCompressionName> = {
  1: 'none',
  2: 'ccitt_rle',
  3: 'g3',
  4: 'g4',
  5: 'lzw',
  6: 'ojpeg',
  7: 'jpeg',
  8: 'deflate',
  32946: 'deflate',
  32773: 'packbits',
  34661: 'jbig',
  34712: 'jpeg2000',
  34925: 'lzma',
  50000: 'zstd',
  50001: 'webp',
};

// Field type → size in bytes of one value.
const typeSizes: Record<number, number> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8 (BigTIFF)
  17: 8, // SLONG8
  18: 8, // IFD8
};

const tags = {
  newSubfileType: 254,
  imageWidth: 256,
  imageLength: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  orientation: 274,
  samplesPerPixel: 277,
  xResolution: 282,
  yResolution: 283,
  resolutionUnit: 296,
} as const;

const wantedTags = new Set<number>(Object.values(tags));
// We only decode small arrays (BitsPerSample has one value per channel).
const maxValuesPerTag = 16;
// Hard ceiling independent of options: even an empty IFD takes bytes, but a
// 200 MB file could still chain millions of them.
const absoluteMaxPages = 100_000;

function corrupt(message: string): never {
  throw createQuarantineError('corrupt_image', `TIFF: ${message}`);
}

export function tiffCompressionName(compression: number): TiffCompressionName {
  return compressionNames[compression] ?? 'other';
}

/** Parses all IFDs of a TIFF or BigTIFF. Throws `corrupt_image` (or `too_many_pages`) on hostile or broken files. */
export function readTiff(bytes: Buffer, options: ReadTiffOptions = {}): TiffInfo {
  if (bytes.length < 8) corrupt('file shorter than a TIFF header');
  const order = bytes.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') corrupt('missing II/MM byte order mark');
  const little = order === 'II';

  const u16 = (offset: number): number => {
    if (offset < 0 || offset + 2 > bytes.length) corrupt(`offset ${offset} outside the file`);
    return little ? bytes.readUInt16LE(offset) : bytes.readUInt16BE(offset);
  };
  const u32 = (offset: number): number => {
    if (offset < 0 || offset + 4 > bytes.length) corrupt(`offset ${offset} outside the file`);
    return little ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset);
  };
  const u64 = (offset: number): number => {
    if (offset < 0 || offset + 8 > bytes.length) corrupt(`offset ${offset} outside the file`);
    const value = little ? bytes.readBigUInt64LE(offset) : bytes.readBigUInt64BE(offset);
    // Anything beyond the buffer is invalid anyway; this also keeps Number exact.
    if (value > BigInt(bytes.length)) return Number.MAX_SAFE_INTEGER;
    return Number(value);
  };

  const version = u16(2);
  let bigTiff: boolean;
  let firstIfd: number;
  if (version === 42) {
    bigTiff = false;
    firstIfd = u32(4);
  } else if (version === 43) {
    bigTiff = true;
    if (bytes.length < 16) corrupt('file shorter than a BigTIFF header');
    if (u16(4) !== 8 || u16(6) !== 0) corrupt('unsupported BigTIFF offset size');
    firstIfd = u64(8);
  } else {
    return corrupt(`unknown version ${version}`);
  }

  const countSize = bigTiff ? 8 : 2;
  const entrySize = bigTiff ? 20 : 12;
  const valueFieldSize = bigTiff ? 8 : 4;
  const offsetSize = bigTiff ? 8 : 4;
  const readOffset = (offset: number): number => (bigTiff ? u64(offset) : u32(offset));

  const readValue = (type: number, offset: number): number => {
    switch (type) {
      case 1:
      case 7:
        return bytes.readUInt8(offset);
      case 6:
        return bytes.readInt8(offset);
      case 3:
        return u16(offset);
      case 8:
        return little ? bytes.readInt16LE(offset) : bytes.readInt16BE(offset);
      case 4:
      case 13:
        return u32(offset);
      case 9:
        return little ? bytes.readInt32LE(offset) : bytes.readInt32BE(offset);
      case 5: {
        const denominator = u32(offset + 4);
        return denominator === 0 ? Number.NaN : u32(offset) / denominator;
      }
      case 10: {
        const numerator = little ? bytes.readInt32LE(offset) : bytes.readInt32BE(offset);
        const denominator = little ? bytes.readInt32LE(offset + 4) : bytes.readInt32BE(offset + 4);
        return denominator === 0 ? Number.NaN : numerator / denominator;
      }
      case 11:
        return little ? bytes.readFloatLE(offset) : bytes.readFloatBE(offset);
      case 12:
        return little ? bytes.readDoubleLE(offset) : bytes.readDoubleBE(offset);
      case 16:
      case 18:
        return u64(offset);
      case 17:
        return Number(little ? bytes.readBigInt64LE(offset) : bytes.readBigInt64BE(offset));
      default:
        return Number.NaN;
    }
  };

  const pages: TiffPage[] = [];
  const visited = new Set<number>();
  const maxPages = Math.min(options.maxPages ?? absoluteMaxPages, absoluteMaxPages);
  let ifdOffset = firstIfd;

  while (ifdOffset !== 0) {
    if (visited.has(ifdOffset)) corrupt(`IFD chain loops back to offset ${ifdOffset}`);
    visited.add(ifdOffset);
    if (ifdOffset < (bigTiff ? 16 : 8) || ifdOffset >= bytes.length) corrupt(`IFD offset ${ifdOffset} outside the file`);
    if (pages.length >= maxPages) {
      throw createQuarantineError('too_many_pages', `TIFF has more than ${maxPages} pages`);
    }

    const entryCount = bigTiff ? u64(ifdOffset) : u16(ifdOffset);
    const entriesStart = ifdOffset + countSize;
    const nextPointer = entriesStart + entryCount * entrySize;
    if (nextPointer + offsetSize > bytes.length) corrupt(`IFD at ${ifdOffset} claims ${entryCount} entries beyond the end of the file`);

    const values = new Map<number, number[]>();
    for (let index = 0; index < entryCount; index += 1) {
      const entry = entriesStart + index * entrySize;
      const tag = u16(entry);
      if (!wantedTags.has(tag)) continue;
      const type = u16(entry + 2);
      const count = bigTiff ? u64(entry + 4) : u32(entry + 4);
      const size = typeSizes[type];
      if (size === undefined) corrupt(`tag ${tag} has unknown field type ${type}`);
      if (count === 0) continue;
      const byteLength = size * count;
      const valueField = entry + (bigTiff ? 12 : 8);
      // Values that fit in the entry are stored inline, others behind an offset.
      const dataOffset = byteLength <= valueFieldSize ? valueField : readOffset(valueField);
      if (dataOffset + Math.min(count, maxValuesPerTag) * size > bytes.length) corrupt(`tag ${tag} points outside the file`);
      const list: number[] = [];
      for (let i = 0; i < Math.min(count, maxValuesPerTag); i += 1) list.push(readValue(type, dataOffset + i * size));
      values.set(tag, list);
    }

    const first = (tag: number): number | null => {
      const value = values.get(tag)?.[0];
      return value === undefined || !Number.isFinite(value) ? null : value;
    };

    const width = first(tags.imageWidth);
    const height = first(tags.imageLength);
    if (width === null || height === null) corrupt(`page ${pages.length + 1} lacks ImageWidth/ImageLength`);
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      corrupt(`page ${pages.length + 1} has an invalid size ${width}x${height}`);
    }

    const compression = first(tags.compression) ?? 1;
    const resolutionUnit = first(tags.resolutionUnit) ?? 2;
    const xResolution = positiveOrNull(first(tags.xResolution));
    const yResolution = positiveOrNull(first(tags.yResolution));
    const toDpi = (value: number | null): number | null => {
      if (value === null) return null;
      if (resolutionUnit === 2) return value;
      if (resolutionUnit === 3) return value * 2.54;
      return null; // unit "none": the values only describe the aspect ratio
    };
    const samplesPerPixel = first(tags.samplesPerPixel) ?? 1;

    pages.push({
      pageNo: pages.length + 1,
      width,
      height,
      compression,
      compressionName: tiffCompressionName(compression),
      photometric: first(tags.photometric),
      bitsPerSample: values.get(tags.bitsPerSample) ?? [1],
      samplesPerPixel,
      xResolution,
      yResolution,
      resolutionUnit,
      xDpi: toDpi(xResolution),
      yDpi: toDpi(yResolution),
      orientation: first(tags.orientation) ?? 1,
      subfileType: first(tags.newSubfileType) ?? 0,
    });

    ifdOffset = readOffset(nextPointer);
  }

  if (pages.length === 0) corrupt('no image directory');
  return { byteOrder: order, bigTiff, pages };
}

function positiveOrNull(value: number | null): number | null {
  return value !== null && value > 0 ? value : null;
}

/**
 * Classifies one page as fax when it is CCITT-compressed or has a fax
 * resolution (204 or 200 dpi across, ~98/196/391 dpi down). The first tells
 * us the source was a fax machine or fax server; the second that the pixels
 * are not square and the image must be stretched vertically.
 */
export function faxKind(page: TiffPage): 'g3' | 'g4' | 'other' | null {
  if (page.compressionName === 'ccitt_rle' || page.compressionName === 'g3') return 'g3';
  if (page.compressionName === 'g4') return 'g4';
  if (isFaxResolution(page.xDpi, page.yDpi)) return 'other';
  return null;
}

export function isFaxResolution(xDpi: number | null, yDpi: number | null): boolean {
  if (xDpi === null || yDpi === null) return false;
  const faxWidth = xDpi >= 195 && xDpi <= 210;
  const faxHeight = [98, 196, 391].some((nominal) => Math.abs(yDpi - nominal) <= nominal * 0.05);
  return faxWidth && faxHeight;
}

/**
 * The resolution to plan with. Fax servers occasionally drop the resolution
 * tags; a CCITT page 1728 px wide (the fax line width for A4/Letter at 204 dpi)
 * is then almost certainly a fax, and its row count tells normal from fine mode.
 * Unit "none" only gives an aspect ratio, which we keep by anchoring x at 204
 * for faxes; otherwise we report null and the caller assumes its default.
 */
export function tiffPageResolution(page: TiffPage): { xDpi: number | null; yDpi: number | null; guessed: boolean } {
  if (page.xDpi !== null || page.yDpi !== null) return { xDpi: page.xDpi, yDpi: page.yDpi, guessed: false };
  const ccitt = page.compressionName === 'ccitt_rle' || page.compressionName === 'g3' || page.compressionName === 'g4';
  if (ccitt && page.width >= 1700 && page.width <= 1760) {
    if (page.xResolution !== null && page.yResolution !== null) {
      return { xDpi: 204, yDpi: (204 * page.yResolution) / page.xResolution, guessed: true };
    }
    // A4 at 204×98 is 1728×1143 rows (taller pages still well under 1.2 × width); fine mode doubles the rows.
    return { xDpi: 204, yDpi: page.height < page.width * 1.2 ? 98 : 196, guessed: true };
  }
  return { xDpi: null, yDpi: null, guessed: false };
}
