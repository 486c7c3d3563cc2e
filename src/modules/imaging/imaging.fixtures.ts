/**
 * Test-only generators for originals (letters as PDF, PNG, JPEG and fax TIFF).
 * Tests build their inputs from these instead of checking in binary files, so
 * every property under test (resolution, compression, page count) is visible
 * in the test itself.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { runProcess } from '../shared/process.ts';

export const sampleLetter = [
  'Sehr geehrte Damen und Herren,',
  '',
  'hiermit kündige ich meinen Vertrag mit der Kundennummer 4711-0815',
  'fristgerecht zum nächstmöglichen Termin. Bitte bestätigen Sie mir',
  'den Eingang dieser Kündigung sowie das genaue Vertragsende.',
  '',
  'Mit freundlichen Grüßen',
  'Jürgen Müller',
];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Black text on white, rendered by librsvg with a system font: `width`×`height` px. */
export function textSvg(lines: readonly string[], options: { width?: number; height?: number; fontSize?: number } = {}): Buffer {
  const fontSize = options.fontSize ?? 40;
  const width = options.width ?? 1600;
  const lineHeight = Math.round(fontSize * 1.5);
  const height = options.height ?? lineHeight * (lines.length + 2);
  const texts = lines
    .map((line, index) =>
      line === ''
        ? ''
        : `<text x="${Math.round(fontSize * 1.5)}" y="${lineHeight * (index + 1.5)}" font-family="DejaVu Sans" font-size="${fontSize}" fill="black">${escapeXml(line)}</text>`,
    )
    .join('');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>${texts}</svg>`);
}

/** Grey 8-bit samples of rendered text (one channel), e.g. to build fax pages from. */
export async function textRaw(lines: readonly string[], options: { width: number; height: number; fontSize: number }): Promise<Buffer> {
  return sharp(textSvg(lines, options)).flatten({ background: '#ffffff' }).toColourspace('b-w').extractChannel(0).raw().toBuffer();
}

export async function textPng(lines: readonly string[], options: { width?: number; height?: number; fontSize?: number; dpi?: number } = {}): Promise<Buffer> {
  const image = sharp(textSvg(lines, options)).flatten({ background: '#ffffff' }).toColourspace('b-w');
  return (options.dpi ? image.withDensity(options.dpi) : image).png().toBuffer();
}

/**
 * A CCITT G4 fax TIFF, one IFD per page. Each page is drawn with square
 * pixels at 204 dpi (`width`×`width*1.414` for A4-like pages) and then
 * squeezed vertically to `yDpi`, exactly what a fax machine transmits.
 */
export async function makeFaxTiff(pages: ReadonlyArray<readonly string[]>, options: { yDpi?: number; width?: number; height?: number; fontSize?: number } = {}): Promise<Buffer> {
  const yDpi = options.yDpi ?? 98;
  const width = options.width ?? 1728;
  const squareHeight = options.height ?? Math.round(width * 1.414);
  const rows = Math.round((squareHeight * yDpi) / 204);
  const fontSize = options.fontSize ?? 34;
  const pageRasters = await Promise.all(
    pages.map(async (lines) => {
      const square = await textRaw(lines, { width, height: squareHeight, fontSize });
      return sharp(square, { raw: { width, height: squareHeight, channels: 1 } })
        .resize({ width, height: rows, fit: 'fill' })
        .toColourspace('b-w')
        .raw()
        .toBuffer();
    }),
  );
  // A tall image with pageHeight set is written by libvips as a multi-page TIFF.
  return sharp(Buffer.concat(pageRasters), { raw: { width, height: rows * pages.length, channels: 1, pageHeight: rows } })
    .toColourspace('b-w')
    .threshold(160)
    .tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 204 / 25.4, yres: yDpi / 25.4, miniswhite: true })
    .toBuffer();
}

export type PdfPageSpec = { text: readonly string[] } | { image: Buffer; widthPt?: number };

/** A PDF with text pages (born-digital) and/or full-page images (scans). */
export async function makePdf(pages: readonly PdfPageSpec[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 72, autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const page of pages) {
    doc.addPage();
    if ('text' in page) {
      doc.font('Helvetica').fontSize(11).text(page.text.join('\n'));
    } else {
      doc.image(page.image, 0, 0, { width: page.widthPt ?? 595.28 });
    }
  }
  doc.end();
  return done;
}

async function withTemp<T>(action: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-fixture-'));
  try {
    return await action(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Encrypts with qpdf (AES-256). An empty user password gives a PDF that opens without one (permissions only). */
export async function encryptPdf(pdf: Buffer, userPassword: string): Promise<Buffer> {
  return withTemp(async (dir) => {
    const input = path.join(dir, 'in.pdf');
    const output = path.join(dir, 'out.pdf');
    await fs.writeFile(input, pdf);
    const result = await runProcess('qpdf', ['--encrypt', userPassword, 'owner-secret', '256', '--extract=n', '--', input, output], { timeoutMs: 30_000 });
    if (result.exitCode !== 0) throw new Error(`qpdf failed: ${result.stderr}`);
    return fs.readFile(output);
  });
}

/** Runs a poppler tool on a PDF buffer, returning stdout as text. */
export async function popplerText(tool: 'pdfinfo' | 'pdftotext', pdf: Buffer): Promise<string> {
  return withTemp(async (dir) => {
    const input = path.join(dir, 'in.pdf');
    await fs.writeFile(input, pdf);
    const args = tool === 'pdftotext' ? [input, '-'] : [input];
    const result = await runProcess(tool, args, { timeoutMs: 30_000 });
    if (result.exitCode !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
    return result.stdout.toString('utf8');
  });
}
