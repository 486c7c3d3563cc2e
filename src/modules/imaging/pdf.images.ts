import fs from 'node:fs/promises';
import path from 'node:path';
import { runProcess } from '../shared/process.ts';

/**
 * The images a PDF draws, as `pdfimages -list` reports them. A scanner's PDF
 * is one JPEG per page drawn over the whole page: that JPEG *is* the page
 * image, and taking it out costs a stream copy instead of rasterising the page
 * (pdftoppm, ~0.3–1 s at 300 dpi) and encoding the raster again.
 */
export interface PdfImageEntry {
  pageNo: number;
  type: string;
  width: number;
  height: number;
  colour: string;
  components: number;
  bitsPerComponent: number;
  encoding: string;
  xPpi: number;
  yPpi: number;
}

export function parsePdfImageList(output: string): PdfImageEntry[] {
  const entries: PdfImageEntry[] = [];
  for (const line of output.split('\n')) {
    const columns = line.trim().split(/\s+/);
    if (columns.length < 14 || !/^\d+$/.test(columns[0] ?? '')) continue;
    const [page, , type, width, height, colour, components, bits, encoding, , , , xPpi, yPpi] = columns;
    entries.push({
      pageNo: Number(page),
      type: type ?? '',
      width: Number(width),
      height: Number(height),
      colour: colour ?? '',
      components: Number(components),
      bitsPerComponent: Number(bits),
      encoding: encoding ?? '',
      xPpi: Number(xPpi),
      yPpi: Number(yPpi),
    });
  }
  return entries;
}

export async function listPdfImages(file: string, options: { timeoutMs: number; binary?: string }): Promise<PdfImageEntry[]> {
  const result = await runProcess(options.binary ?? 'pdfimages', ['-list', file], { timeoutMs: options.timeoutMs, maxStdoutBytes: 16 * 1024 * 1024 });
  // No list (odd file): the caller renders the page instead.
  if (result.exitCode !== 0) return [];
  return parsePdfImageList(result.stdout.toString('utf8'));
}

export interface PageJpegCandidate {
  entry: PdfImageEntry;
  /** Square resolution of the image on the page. */
  dpi: number;
}

/**
 * The page's JPEG when the page is exactly one 8-bit grey or RGB JPEG with
 * square pixels, at least `minDpi`, drawn over the whole (unrotated) page.
 * Anything else — masks, several images, text over the image, CMYK, bilevel
 * CCITT/JBIG2 — is rendered the normal way.
 */
export function pageJpegCandidate(entries: readonly PdfImageEntry[], page: { width: number; height: number; rotation?: number }, minDpi: number): PageJpegCandidate | null {
  if (entries.length !== 1 || (page.rotation ?? 0) % 360 !== 0) return null;
  const [entry] = entries;
  if (!entry || entry.type !== 'image' || entry.encoding !== 'jpeg' || entry.bitsPerComponent !== 8) return null;
  if (!((entry.colour === 'gray' && entry.components === 1) || (entry.colour === 'rgb' && entry.components === 3))) return null;
  if (!(entry.xPpi > 0) || Math.abs(entry.xPpi - entry.yPpi) > entry.xPpi * 0.01 || entry.xPpi < minDpi) return null;
  const drawnWidth = (entry.width / entry.xPpi) * 72;
  const drawnHeight = (entry.height / entry.yPpi) * 72;
  // pdfimages rounds the resolution to whole dpi: allow that much.
  const fits = (drawn: number, size: number) => Math.abs(drawn - size) <= Math.max(2, size * 0.01);
  if (!fits(drawnWidth, page.width) || !fits(drawnHeight, page.height)) return null;
  return { entry, dpi: Math.round(entry.xPpi) };
}

/** The JPEG stream of page `pageNo`'s only image, byte for byte (`pdfimages -j`). */
export async function extractPageJpeg(file: string, pageNo: number, workDir: string, options: { timeoutMs: number; binary?: string }): Promise<Buffer | null> {
  const prefix = path.join(workDir, `page-${pageNo}`);
  const result = await runProcess(options.binary ?? 'pdfimages', ['-j', '-f', String(pageNo), '-l', String(pageNo), file, prefix], { timeoutMs: options.timeoutMs });
  const written = (await fs.readdir(workDir)).filter((name) => name.startsWith(`page-${pageNo}-`)).map((name) => path.join(workDir, name));
  try {
    if (result.exitCode !== 0 || written.length !== 1 || !written[0]?.endsWith('.jpg')) return null;
    return await fs.readFile(written[0]);
  } finally {
    await Promise.all(written.map((name) => fs.rm(name, { force: true })));
  }
}
