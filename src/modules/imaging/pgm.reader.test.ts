import { describe, expect, it } from 'vitest';
import { parsePgm } from './pgm.reader.ts';

describe('parsePgm', () => {
  it('reads header fields separated by whitespace and comments', () => {
    const image = parsePgm(Buffer.concat([Buffer.from('P5\n# poppler\n3 2\n255\n'), Buffer.from([0, 1, 2, 3, 4, 5])]));
    expect(image).toMatchObject({ width: 3, height: 2, maxValue: 255 });
    expect([...image.pixels]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects other formats, 16-bit samples and truncated data', () => {
    expect(() => parsePgm(Buffer.from('P6\n1 1\n255\n\0\0\0'))).toThrow(/P5/);
    expect(() => parsePgm(Buffer.from('P5\n1 1\n65535\n\0\0'))).toThrow(/maxval/);
    expect(() => parsePgm(Buffer.from('P5\n4 4\n255\n\0\0'))).toThrow(/truncated/);
    expect(() => parsePgm(Buffer.from('P5\nx 4\n255\n'))).toThrow(/header/);
  });
});
