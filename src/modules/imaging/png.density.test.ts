import sharp from 'sharp';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { setPngDensity } from './png.density.ts';

function chunks(png: Buffer): Array<{ type: string; data: Buffer; crc: number }> {
  const result = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    result.push({ type: png.toString('latin1', offset + 4, offset + 8), data: png.subarray(offset + 8, offset + 8 + length), crc: png.readUInt32BE(offset + 8 + length) });
    offset += 12 + length;
  }
  return result;
}

describe('setPngDensity', () => {
  it('writes one valid pHYs chunk right after IHDR and keeps the image intact', async () => {
    const source = await sharp({ create: { width: 8, height: 4, channels: 3, background: '#808080' } }).withDensity(204).png().toBuffer();
    const png = setPngDensity(source, 300);
    const list = chunks(png);
    expect(list.map((chunk) => chunk.type).filter((type) => type === 'pHYs')).toHaveLength(1);
    expect(list[1]?.type).toBe('pHYs');
    expect(list.some((chunk) => chunk.type === 'eXIf')).toBe(false);
    const phys = list[1]!;
    expect(phys.data.readUInt32BE(0)).toBe(11811);
    if ('crc32' in zlib) {
      const crc32 = (zlib as unknown as { crc32: (data: Buffer) => number }).crc32;
      expect(phys.crc).toBe(crc32(Buffer.concat([Buffer.from('pHYs'), phys.data])));
    }
    const metadata = await sharp(png).metadata();
    expect(metadata.density).toBe(300);
    expect(metadata.width).toBe(8);
  });
});
