import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../shared/process.ts';
import { parsePgm } from './pgm.reader.ts';
import { drawPageImage, pageImageFormat, pageImageMimeType, readPngLayout } from './pdf-page-image.ts';

/** A page-like test image: white paper, a dark bar, a grey block, a thin line — enough to spot shifts and inversions. */
async function testPage(): Promise<Sharp> {
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="240" height="320">
    <rect width="240" height="320" fill="#ffffff"/>
    <rect x="20" y="30" width="200" height="20" fill="#000000"/>
    <rect x="40" y="150" width="60" height="80" fill="#808080"/>
    <rect x="150" y="260" width="70" height="4" fill="#202020"/>
  </svg>`);
  return sharp(svg).flatten({ background: '#ffffff' });
}

/** Renders page 1 of `pdf` to grey pixels at the image's own size. */
async function renderGrey(pdf: Buffer, width: number, height: number): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-pdfimg-'));
  try {
    const file = path.join(dir, 'page.pdf');
    await fs.writeFile(file, pdf);
    const result = await runProcess('pdftoppm', ['-singlefile', '-gray', '-scale-to-x', String(width), '-scale-to-y', String(height), file], { timeoutMs: 60_000, maxStdoutBytes: 64 * 1024 * 1024 });
    expect(result.exitCode).toBe(0);
    return parsePgm(result.stdout).pixels;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function throughPdf(image: Buffer): Promise<{ mode: string; pixels: Buffer; expected: Buffer }> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([240 * 0.72, 320 * 0.72]);
  const placed = await drawPageImage(pdf, page, image);
  const bytes = Buffer.from(await pdf.save());
  const pixels = await renderGrey(bytes, 240, 320);
  const expected = await sharp(image).flatten({ background: '#ffffff' }).toColourspace('b-w').raw().toBuffer();
  return { mode: placed.mode, pixels, expected };
}

function meanAbsoluteDifference(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let index = 0; index < a.length; index += 1) sum += Math.abs((a[index] ?? 0) - (b[index] ?? 0));
  return sum / a.length;
}

describe('page images into a PDF without re-encoding', () => {
  it('recognises JPEG and PNG by their bytes, not by a name', async () => {
    const png = await (await testPage()).png().toBuffer();
    const jpeg = await (await testPage()).jpeg().toBuffer();
    expect(pageImageFormat(png)).toBe('png');
    expect(pageImageFormat(jpeg)).toBe('jpeg');
    expect(pageImageMimeType(jpeg)).toBe('image/jpeg');
    expect(pageImageFormat(Buffer.from('%PDF-1.7'))).toBe('other');
  });

  it.each([
    ['8-bit grey PNG', async () => (await testPage()).toColourspace('b-w').png().toBuffer()],
    ['RGB PNG', async () => (await testPage()).png().toBuffer()],
    ['palette PNG', async () => (await testPage()).png({ palette: true, colours: 8 }).toBuffer()],
  ])('passes a %s through as its own zlib stream, pixel for pixel', async (_name, make) => {
    const image = await make();
    const layout = readPngLayout(image);
    expect(layout.interlaced).toBe(false);
    const { mode, pixels, expected } = await throughPdf(image);
    expect(mode).toBe('png');
    expect(meanAbsoluteDifference(pixels, expected)).toBeLessThan(3);
  });

  it('passes a 1-bit PNG (a fax page) through with its bit depth', async () => {
    const image = await (await testPage()).threshold(128).toColourspace('b-w').png({ palette: true, colours: 2 }).toBuffer();
    const { mode, pixels, expected } = await throughPdf(image);
    expect(mode).toBe('png');
    expect(meanAbsoluteDifference(pixels, expected)).toBeLessThan(3);
  });

  it('embeds a JPEG as it is', async () => {
    const image = await (await testPage()).toColourspace('b-w').jpeg({ quality: 90 }).toBuffer();
    const { mode, pixels, expected } = await throughPdf(image);
    expect(mode).toBe('jpeg');
    expect(meanAbsoluteDifference(pixels, expected)).toBeLessThan(4);
  });

  it('re-encodes what the PDF cannot carry as it is (interlaced, transparent)', async () => {
    const interlaced = await (await testPage()).png({ progressive: true }).toBuffer();
    expect(readPngLayout(interlaced).interlaced).toBe(true);
    const viaInterlaced = await throughPdf(interlaced);
    expect(viaInterlaced.mode).toBe('reencoded');
    expect(meanAbsoluteDifference(viaInterlaced.pixels, viaInterlaced.expected)).toBeLessThan(6);

    const transparent = await (await testPage()).ensureAlpha(0.5).png().toBuffer();
    expect((await throughPdf(transparent)).mode).toBe('reencoded');
  });

  it('refuses a truncated PNG with a clear error', async () => {
    const image = await (await testPage()).png().toBuffer();
    expect(() => readPngLayout(image.subarray(0, 40))).toThrow(/truncated|without/);
  });
});
