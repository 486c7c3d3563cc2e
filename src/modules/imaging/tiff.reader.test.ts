import { describe, expect, it } from 'vitest';
import { isPoststelleError } from '../shared/errors.ts';
import { makeFaxTiff } from './imaging.fixtures.ts';
import { faxKind, isFaxResolution, readTiff, tiffPageResolution } from './tiff.reader.ts';

type Entry = { tag: number; type: 3 | 4 | 5; values: number[] };

/**
 * Builds a classic TIFF by hand (no pixel data; the reader never decodes
 * any), so byte order and hostile layouts can be tested precisely.
 * `nextOverride` replaces an IFD's next-pointer to create loops or bad offsets.
 */
function buildTiff(order: 'II' | 'MM', ifds: Entry[][], options: { nextOverride?: Record<number, number>; countOverride?: number } = {}): Buffer {
  const little = order === 'II';
  const chunks: Buffer[] = [];
  let offset = 8;
  const header = Buffer.alloc(8);
  header.write(order, 0, 'latin1');
  const u16 = (buffer: Buffer, value: number, at: number) => (little ? buffer.writeUInt16LE(value, at) : buffer.writeUInt16BE(value, at));
  const u32 = (buffer: Buffer, value: number, at: number) => (little ? buffer.writeUInt32LE(value, at) : buffer.writeUInt32BE(value, at));
  u16(header, 42, 2);
  u32(header, 8, 4);
  chunks.push(header);
  ifds.forEach((entries, index) => {
    const sorted = [...entries].sort((a, b) => a.tag - b.tag);
    const ifdSize = 2 + sorted.length * 12 + 4;
    const extra: Buffer[] = [];
    let extraOffset = offset + ifdSize;
    const ifd = Buffer.alloc(ifdSize);
    u16(ifd, options.countOverride ?? sorted.length, 0);
    sorted.forEach((entry, entryIndex) => {
      const at = 2 + entryIndex * 12;
      u16(ifd, entry.tag, at);
      u16(ifd, entry.type, at + 2);
      const count = entry.type === 5 ? entry.values.length / 2 : entry.values.length;
      u32(ifd, count, at + 4);
      const size = entry.type === 3 ? 2 : 4;
      const bytes = Buffer.alloc(entry.values.length * size);
      entry.values.forEach((value, i) => (size === 2 ? u16(bytes, value, i * 2) : u32(bytes, value, i * 4)));
      if (bytes.length <= 4) {
        bytes.copy(ifd, at + 8);
      } else {
        u32(ifd, extraOffset, at + 8);
        extra.push(bytes);
        extraOffset += bytes.length;
      }
    });
    const extraSize = extra.reduce((sum, buffer) => sum + buffer.length, 0);
    const next = index + 1 < ifds.length ? offset + ifdSize + extraSize : 0;
    u32(ifd, options.nextOverride?.[index] ?? next, ifdSize - 4);
    chunks.push(ifd, ...extra);
    offset += ifdSize + extraSize;
  });
  return Buffer.concat(chunks);
}

const page = (width: number, height: number, extra: Entry[] = []): Entry[] => [
  { tag: 256, type: 4, values: [width] },
  { tag: 257, type: 4, values: [height] },
  ...extra,
];

async function code(action: () => unknown): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    if (isPoststelleError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('readTiff', () => {
  it('reads every page of a multi-page G4 fax at 204×98 dpi', async () => {
    const tiff = await makeFaxTiff([['Seite eins'], ['Seite zwei'], ['Seite drei']], { width: 1728, yDpi: 98 });
    const info = readTiff(tiff);
    expect(info.pages).toHaveLength(3);
    for (const [index, p] of info.pages.entries()) {
      expect(p.pageNo).toBe(index + 1);
      expect(p.width).toBe(1728);
      expect(p.height).toBe(Math.round((Math.round(1728 * 1.414) * 98) / 204));
      expect(p.compression).toBe(4);
      expect(p.compressionName).toBe('g4');
      expect(p.bitsPerSample).toEqual([1]);
      expect(p.xDpi).toBeCloseTo(204, 1);
      expect(p.yDpi).toBeCloseTo(98, 1);
      expect(faxKind(p)).toBe('g4');
    }
  });

  it('reads big-endian files, RATIONAL resolutions and converts centimetres to inches', () => {
    const tiff = buildTiff('MM', [
      page(1728, 1143, [
        { tag: 259, type: 3, values: [3] },
        { tag: 262, type: 3, values: [0] },
        { tag: 282, type: 5, values: [8031, 100] }, // 80.31 dots/cm ≈ 204 dpi
        { tag: 283, type: 5, values: [3858, 100] }, // 38.58 dots/cm ≈ 98 dpi
        { tag: 296, type: 3, values: [3] },
      ]),
    ]);
    const info = readTiff(tiff);
    expect(info.byteOrder).toBe('MM');
    const p = info.pages[0]!;
    expect(p.compressionName).toBe('g3');
    expect(p.photometric).toBe(0);
    expect(p.resolutionUnit).toBe(3);
    expect(p.xDpi).toBeCloseTo(204, 0);
    expect(p.yDpi).toBeCloseTo(98, 0);
    expect(faxKind(p)).toBe('g3');
  });

  it('reads little-endian multi-IFD chains with inline SHORT values', () => {
    const tiff = buildTiff('II', [
      page(100, 50, [{ tag: 258, type: 3, values: [8, 8, 8] }, { tag: 277, type: 3, values: [3] }]),
      page(20, 10, [{ tag: 254, type: 4, values: [1] }]),
    ]);
    const info = readTiff(tiff);
    expect(info.pages.map((p) => [p.width, p.height])).toEqual([
      [100, 50],
      [20, 10],
    ]);
    expect(info.pages[0]!.bitsPerSample).toEqual([8, 8, 8]);
    expect(info.pages[0]!.xDpi).toBeNull();
    expect(info.pages[1]!.subfileType).toBe(1);
    expect(faxKind(info.pages[0]!)).toBeNull();
  });

  it('rejects IFD loops, offsets outside the file and impossible entry counts as corrupt_image', async () => {
    const loop = buildTiff('II', [page(10, 10), page(10, 10)], { nextOverride: { 1: 8 } });
    expect(await code(() => readTiff(loop))).toBe('corrupt_image');
    const selfLoop = buildTiff('II', [page(10, 10)], { nextOverride: { 0: 8 } });
    expect(await code(() => readTiff(selfLoop))).toBe('corrupt_image');
    const outside = buildTiff('II', [page(10, 10)], { nextOverride: { 0: 0x7fffffff } });
    expect(await code(() => readTiff(outside))).toBe('corrupt_image');
    const hugeCount = buildTiff('II', [page(10, 10)], { countOverride: 0xffff });
    expect(await code(() => readTiff(hugeCount))).toBe('corrupt_image');
    const noSize = buildTiff('II', [[{ tag: 259, type: 3, values: [4] }]]);
    expect(await code(() => readTiff(noSize))).toBe('corrupt_image');
    const zeroWidth = buildTiff('II', [page(0, 10)]);
    expect(await code(() => readTiff(zeroWidth))).toBe('corrupt_image');
    expect(await code(() => readTiff(Buffer.from('II*\u0000')))).toBe('corrupt_image');
  });

  it('rejects value offsets that point outside the file', async () => {
    const tiff = buildTiff('II', [page(10, 10, [{ tag: 282, type: 5, values: [204, 1] }])]);
    // Corrupt the RATIONAL's offset (entry 3 of the sorted IFD: tags 256, 257, 282).
    tiff.writeUInt32LE(0x00ffffff, 8 + 2 + 2 * 12 + 8);
    expect(await code(() => readTiff(tiff))).toBe('corrupt_image');
  });

  it('stops long IFD chains with too_many_pages', async () => {
    const tiff = buildTiff('II', [page(10, 10), page(10, 10), page(10, 10)]);
    expect(await code(() => readTiff(tiff, { maxPages: 2 }))).toBe('too_many_pages');
    expect(readTiff(tiff, { maxPages: 3 }).pages).toHaveLength(3);
  });
});

describe('fax resolution helpers', () => {
  it('classifies fax resolutions', () => {
    expect(isFaxResolution(204, 98)).toBe(true);
    expect(isFaxResolution(204, 196)).toBe(true);
    expect(isFaxResolution(200, 100)).toBe(true);
    expect(isFaxResolution(300, 300)).toBe(false);
    expect(isFaxResolution(204, null)).toBe(false);
  });

  it('guesses 204×98 or 204×196 for CCITT pages without resolution tags', () => {
    const normal = readTiff(buildTiff('II', [page(1728, 1143, [{ tag: 259, type: 3, values: [4] }])])).pages[0]!;
    expect(tiffPageResolution(normal)).toEqual({ xDpi: 204, yDpi: 98, guessed: true });
    const fine = readTiff(buildTiff('II', [page(1728, 2287, [{ tag: 259, type: 3, values: [3] }])])).pages[0]!;
    expect(tiffPageResolution(fine)).toEqual({ xDpi: 204, yDpi: 196, guessed: true });
    const scan = readTiff(buildTiff('II', [page(2480, 3508)])).pages[0]!;
    expect(tiffPageResolution(scan)).toEqual({ xDpi: null, yDpi: null, guessed: false });
  });
});
