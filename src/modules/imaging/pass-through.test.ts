import PDFKit from 'pdfkit';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { textPng } from './imaging.fixtures.ts';
import { defaultLimits } from './imaging.types.ts';
import { createPageRenderer } from './page.renderer.ts';
import { pageImageFormat } from './pdf-page-image.ts';
import { pageJpegCandidate, parsePdfImageList } from './pdf.images.ts';
import { createSourceInspector } from './source.inspector.ts';

const inspector = createSourceInspector({ limits: defaultLimits });
const letter = [
  'Fernmeldewerk AG',
  'Kundenservice',
  'Betreff: Kündigung meines Vertrags',
  'Kundennummer 4711081512',
  'hiermit kündige ich meinen Vertrag zum nächstmöglichen Termin.',
  'Mit freundlichen Grüßen',
  'Hannelore Schüßler',
];

/** A 300-dpi grey scan as a scanner writes it: JPEG with a density. */
async function scannedJpeg(): Promise<Buffer> {
  const png = await textPng(letter, { width: 1240, height: 1754 });
  return sharp(png).toColourspace('b-w').withDensity(300).jpeg({ quality: 80 }).toBuffer();
}

/** A PDF that draws `jpeg` at `scale` of an A5 page (1240×1754 px at 300 dpi = 297.6×421 pt). */
function pdfWithJpeg(jpeg: Buffer, options: { scale?: number; rotate?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const width = (1240 / 300) * 72;
    const height = (1754 / 300) * 72;
    const pdf = new PDFKit({ size: [width, height], margin: 0, autoFirstPage: false });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.addPage({ size: [width, height], margin: 0 });
    const scale = options.scale ?? 1;
    pdf.image(jpeg, 0, 0, { width: width * scale, height: height * scale });
    if (options.rotate) (pdf.page.dictionary.data as Record<string, unknown>).Rotate = options.rotate;
    pdf.end();
  });
}

describe('page images taken over as they are', () => {
  it('uses an upright 300-dpi JPEG itself as the page image', async () => {
    const jpeg = await scannedJpeg();
    const inspection = await inspector.inspect(jpeg, 'scan.jpg');
    const page = await createPageRenderer().renderPage(jpeg, inspection, 1);
    expect(page.image.equals(jpeg)).toBe(true);
    expect(page).toMatchObject({ width: 1240, height: 1754, dpi: 300, textLayer: null });
  });

  it('still renders when the original needs work (low resolution, or passing through is switched off)', async () => {
    const lowRes = await sharp(await scannedJpeg()).withDensity(150).jpeg().toBuffer();
    const upscaled = await createPageRenderer().renderPage(lowRes, await inspector.inspect(lowRes, 'fax.jpg'), 1);
    expect(pageImageFormat(upscaled.image)).toBe('png');
    expect(upscaled.dpi).toBe(300);

    const jpeg = await scannedJpeg();
    const rendered = await createPageRenderer({ passThroughOriginals: false }).renderPage(jpeg, await inspector.inspect(jpeg, 'scan.jpg'), 1);
    expect(pageImageFormat(rendered.image)).toBe('png');
  });

  it("takes a scanned PDF page's JPEG out byte for byte instead of rasterising the page", async () => {
    const jpeg = await scannedJpeg();
    const pdf = await pdfWithJpeg(jpeg);
    const page = await createPageRenderer().renderPage(pdf, await inspector.inspect(pdf, 'scan.pdf'), 1);
    expect(page.image.equals(jpeg)).toBe(true);
    expect(page).toMatchObject({ width: 1240, height: 1754, dpi: 300, textLayer: null });
  });

  it('rasterises PDF pages whose image does not simply fill the page, or that are rotated', async () => {
    const jpeg = await scannedJpeg();
    const halfPage = await pdfWithJpeg(jpeg, { scale: 0.5 });
    const small = await createPageRenderer().renderPage(halfPage, await inspector.inspect(halfPage, 'a.pdf'), 1);
    expect(pageImageFormat(small.image)).toBe('png');
    expect(small.dpi).toBe(300);

    const rotated = await pdfWithJpeg(jpeg, { rotate: 90 });
    const turned = await createPageRenderer().renderPage(rotated, await inspector.inspect(rotated, 'b.pdf'), 1);
    expect(pageImageFormat(turned.image)).toBe('png');
    // pdftoppm applies /Rotate: the landscape raster is what OCR and viewer get.
    expect(turned.width).toBeGreaterThan(turned.height);
  });

  it('reads pdfimages listings and accepts only a single full-page 8-bit JPEG', () => {
    const listing = [
      'page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio',
      '--------------------------------------------------------------------------------------------',
      '   1     0 image    2480  3508  gray    1   8  jpeg   no         8  0   300   300  448K 5.3%',
      '   2     1 image    1728  2292  gray    1   1  ccitt  no        12  0   204   196 40.1K 8.2%',
      '   3     2 image    2480  3508  rgb     3   8  jpeg   no        15  0   300   300  1.2M 4.6%',
      '   3     3 smask    2480  3508  gray    1   8  image  no        15  0   300   300  10K 0.1%',
    ].join('\n');
    const entries = parsePdfImageList(listing);
    expect(entries).toHaveLength(4);
    expect(entries[0]).toMatchObject({ pageNo: 1, type: 'image', width: 2480, encoding: 'jpeg', xPpi: 300 });
    const a4 = { width: 595.28, height: 841.89 };
    expect(pageJpegCandidate(entries.filter((entry) => entry.pageNo === 1), a4, 200)).toMatchObject({ dpi: 300 });
    // bilevel CCITT (a fax server's PDF), non-square pixels: rendered
    expect(pageJpegCandidate(entries.filter((entry) => entry.pageNo === 2), a4, 200)).toBeNull();
    // an image with a soft mask: rendered
    expect(pageJpegCandidate(entries.filter((entry) => entry.pageNo === 3), a4, 200)).toBeNull();
    // a rotated page or a page of another size: rendered
    expect(pageJpegCandidate(entries.filter((entry) => entry.pageNo === 1), { ...a4, rotation: 90 }, 200)).toBeNull();
    expect(pageJpegCandidate(entries.filter((entry) => entry.pageNo === 1), { width: 612, height: 792 }, 200)).toBeNull();
  });
});
