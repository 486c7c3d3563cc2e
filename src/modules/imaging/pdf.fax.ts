/**
 * PDFs from fax servers: every page is one bilevel CCITT (G3/G4) image at a
 * fax resolution (204×98 "normal" or 204×196 "fine"; 200×100/200×200 on some
 * servers). Told apart from scanner PDFs (grey/colour JPEG, 200–600 dpi square)
 * by `pdfimages -list`, which reports each image's coding and effective ppi.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { runProcess } from '../shared/process.ts';
import { parsePdfInfo } from './pdf.info.ts';
import { withTempDir } from './temp.workspace.ts';

export interface PdfImageEntry {
  page: number;
  width: number;
  height: number;
  bpc: number;
  encoding: string;
  xPpi: number;
  yPpi: number;
}

export interface FaxPdfResolution {
  xDpi: number;
  yDpi: number;
}

/** Parses the table of `pdfimages -list` (header, dashes, one row per image). */
export function parsePdfImagesList(output: string): PdfImageEntry[] {
  const entries: PdfImageEntry[] = [];
  for (const line of output.split(/\r?\n/)) {
    const cells = line.trim().split(/\s+/);
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    if (cells.length < 14 || !/^\d+$/.test(cells[0] ?? '')) continue;
    if (cells[2] !== 'image') continue;
    entries.push({
      page: Number(cells[0]),
      width: Number(cells[3]),
      height: Number(cells[4]),
      bpc: Number(cells[7]),
      encoding: cells[8] ?? '',
      xPpi: Number(cells[12]),
      yPpi: Number(cells[13]),
    });
  }
  return entries;
}

const near = (value: number, target: number, tolerance: number): boolean => Math.abs(value - target) <= tolerance;

/** The fax resolution when every one of the `pageCount` pages is a single bilevel CCITT image at a fax resolution. */
export function faxResolutionOf(entries: readonly PdfImageEntry[], pageCount: number): FaxPdfResolution | null {
  if (pageCount === 0) return null;
  let resolution: FaxPdfResolution | null = null;
  for (let page = 1; page <= pageCount; page += 1) {
    const images = entries.filter((entry) => entry.page === page);
    if (images.length !== 1) return null;
    const image = images[0] as PdfImageEntry;
    if (image.bpc !== 1 || image.encoding !== 'ccitt') return null;
    const horizontal = near(image.xPpi, 204, 6);
    const vertical = near(image.yPpi, 98, 5) || near(image.yPpi, 196, 8);
    if (!horizontal || !vertical) return null;
    resolution ??= { xDpi: image.xPpi, yDpi: image.yPpi };
  }
  return resolution;
}

/** Whether the PDF came from a fax server, and at which resolution; null for any other PDF (or one poppler cannot read). */
export async function detectFaxServerPdf(bytes: Buffer, options: { timeoutMs: number; workDir?: string }): Promise<FaxPdfResolution | null> {
  return withTempDir(options.workDir, 'pst-faxpdf-', async (dir) => {
    const file = path.join(dir, 'source.pdf');
    await fs.writeFile(file, bytes);
    const info = await runProcess('pdfinfo', [file], { timeoutMs: options.timeoutMs, maxStdoutBytes: 1024 * 1024 });
    if (info.exitCode !== 0) return null;
    const { pageCount } = parsePdfInfo(info.stdout.toString('utf8'));
    // A fax of hundreds of pages is a batch, not worth listing every image for the channel.
    const pages = Math.min(pageCount, 50);
    const list = await runProcess('pdfimages', ['-list', '-f', '1', '-l', String(pages), file], { timeoutMs: options.timeoutMs, maxStdoutBytes: 4 * 1024 * 1024 });
    if (list.exitCode !== 0) return null;
    return faxResolutionOf(parsePdfImagesList(list.stdout.toString('utf8')), pages);
  });
}
