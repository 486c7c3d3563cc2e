import { describe, expect, it } from 'vitest';
import { hasPdfTrailer, parsePdfInfo } from './pdf.info.ts';

const output = `Title:           Pages: 9999
Page    1 size: 10 x 10 pts
Creator:         PDFKit
Producer:        PDFKit
Tagged:          no
Pages:           2
Encrypted:       yes (print:yes copy:no change:yes addNotes:yes algorithm:AES-256)
Page    1 size:  595.28 x 841.89 pts (A4)
Page    1 rot:   0
Page    2 size:  841.89 x 595.28 pts (A4)
Page    2 rot:   90
File size:       2796 bytes
PDF version:     1.7
`;

describe('parsePdfInfo', () => {
  it('reads page count, encryption and per-page sizes; the last occurrence wins over forged metadata', () => {
    expect(parsePdfInfo(output)).toEqual({
      pageCount: 2,
      encrypted: true,
      pageSizes: [
        { width: 595.28, height: 841.89, rotation: 0 },
        { width: 841.89, height: 595.28, rotation: 90 },
      ],
    });
  });

  it('falls back to "Page size" without -f/-l and rejects output without a page count', () => {
    expect(parsePdfInfo('Pages:           1\nEncrypted:       no\nPage size:       612 x 792 pts (letter)\n').pageSizes).toEqual([
      { width: 612, height: 792, rotation: 0 },
    ]);
    expect(() => parsePdfInfo('Creator: x\n')).toThrow(/page count/);
  });
});

describe('hasPdfTrailer', () => {
  it('requires %%EOF within the last 1024 bytes', () => {
    expect(hasPdfTrailer(Buffer.from('%PDF-1.4\n...\n%%EOF\n'))).toBe(true);
    expect(hasPdfTrailer(Buffer.concat([Buffer.from('%PDF-1.4\n%%EOF\n'), Buffer.alloc(2000, 0x20)]))).toBe(false);
    expect(hasPdfTrailer(Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog'))).toBe(false);
  });
});
