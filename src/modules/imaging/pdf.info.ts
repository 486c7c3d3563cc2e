import { createQuarantineError } from '../shared/errors.ts';
import { runProcess } from '../shared/process.ts';

export interface PdfInfo {
  pageCount: number;
  /** True also for PDFs that open without a password but restrict copying/printing. */
  encrypted: boolean;
  /** Page sizes in PDF points (1/72 inch), in page order; missing entries were not reported. */
  pageSizes: Array<{ width: number; height: number; rotation: number }>;
}

/**
 * Parses `pdfinfo -f 1 -l N` output. Document metadata (Title, Author, …) is
 * printed before the fields we read and can contain anything, including a
 * forged "Pages:" line, so for every field the last occurrence wins.
 */
export function parsePdfInfo(output: string): PdfInfo {
  const lines = output.split(/\r?\n/);
  let pageCount: number | null = null;
  let encrypted = false;
  const sizes = new Map<number, { width: number; height: number; rotation: number }>();
  for (const line of lines) {
    let match = /^Pages:\s+(\d+)\s*$/.exec(line);
    if (match) {
      pageCount = Number(match[1]);
      continue;
    }
    match = /^Encrypted:\s+(\S+)/.exec(line);
    if (match) {
      encrypted = match[1] === 'yes';
      continue;
    }
    match = /^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts/.exec(line);
    if (match) {
      const pageNo = Number(match[1]);
      const previous = sizes.get(pageNo);
      sizes.set(pageNo, { width: Number(match[2]), height: Number(match[3]), rotation: previous?.rotation ?? 0 });
      continue;
    }
    match = /^Page\s+(\d+)\s+rot:\s+(-?\d+)/.exec(line);
    if (match) {
      const pageNo = Number(match[1]);
      const previous = sizes.get(pageNo) ?? { width: 0, height: 0, rotation: 0 };
      sizes.set(pageNo, { ...previous, rotation: Number(match[2]) });
      continue;
    }
    // Without -f/-l pdfinfo prints only the first page's size this way.
    match = /^Page size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts/.exec(line);
    if (match && !sizes.has(1)) sizes.set(1, { width: Number(match[1]), height: Number(match[2]), rotation: 0 });
  }
  if (pageCount === null) throw createQuarantineError('corrupt_pdf', 'pdfinfo reported no page count');
  const pageSizes: PdfInfo['pageSizes'] = [];
  for (let pageNo = 1; pageNo <= pageCount && sizes.has(pageNo); pageNo += 1) {
    const size = sizes.get(pageNo);
    if (size) pageSizes.push(size);
  }
  return { pageCount, encrypted, pageSizes };
}

/**
 * True when `%%EOF` appears within the last 1024 bytes. Acrobat requires the
 * same; a PDF without it was almost always cut off in transfer. Poppler would
 * silently rebuild the cross-reference table and render whatever pages survived,
 * so without this check a partial letter could pass as complete.
 */
export function hasPdfTrailer(bytes: Buffer): boolean {
  return bytes.subarray(Math.max(0, bytes.length - 1024)).includes('%%EOF', 0, 'latin1');
}

export interface ReadPdfInfoOptions {
  timeoutMs: number;
  /** Sizes are requested for pages 1..sizePages (pdfinfo clamps to the real count). */
  sizePages: number;
  binary?: string;
}

/** Runs pdfinfo on a file. Throws `encrypted_pdf` for password-protected files, `corrupt_pdf` when poppler cannot open it. */
export async function readPdfInfo(filePath: string, options: ReadPdfInfoOptions): Promise<PdfInfo> {
  const args = ['-enc', 'UTF-8', '-f', '1', '-l', String(Math.max(1, options.sizePages)), filePath];
  const result = await runProcess(options.binary ?? 'pdfinfo', args, { timeoutMs: options.timeoutMs, maxStdoutBytes: 16 * 1024 * 1024 });
  if (result.exitCode !== 0) {
    if (/incorrect password/i.test(result.stderr)) {
      throw createQuarantineError('encrypted_pdf', 'The PDF is password-protected and cannot be opened');
    }
    throw createQuarantineError('corrupt_pdf', `pdfinfo cannot read the PDF: ${firstLines(result.stderr)}`);
  }
  const info = parsePdfInfo(result.stdout.toString('utf8'));
  if (info.pageCount === 0) throw createQuarantineError('corrupt_pdf', 'The PDF has no pages');
  return info;
}

export function firstLines(text: string, count = 3): string {
  return text.trim().split(/\r?\n/).slice(0, count).join(' | ') || 'no details';
}
