import fs from 'node:fs';
import PDFKitDocument from 'pdfkit';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import type { EmailAttachmentRecord } from '../../database/database.types.ts';
import type { ProcessingLimits, SourceInspection } from '../../imaging/imaging.types.ts';
import { createSourceInspector } from '../../imaging/source.inspector.ts';
import { isPoststelleError } from '../../shared/errors.ts';
import type { EmailAddressValue, EmailAttachmentPart, ParsedEmail } from './email.parser.ts';

export interface EmailRendition {
  /** Body pages, then the pages of every rendered attachment, as one PDF. */
  pdf: Buffer;
  pageCount: number;
  /** Pages 1…bodyPages hold the rendered body: their text is the body, never OCR'd. */
  bodyPages: number;
  attachments: EmailAttachmentRecord[];
}

const bodyFonts = {
  regular: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', 'Helvetica'],
  bold: ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', 'Helvetica-Bold'],
} as const;

// Office formats: kept in the original, listed on the body page; no converter is shipped.
const officeTypes = /(msword|officedocument|opendocument|ms-excel|ms-powerpoint|rtf)/i;

/**
 * The e-mail as pages: the body (with the envelope on top and attached
 * messages after it) typeset to A4 with a real text layer, followed by the
 * attachments — PDF pages as they are, images one page each at their own
 * resolution. Attachments that cannot be shown (Office files, archives,
 * encrypted or broken PDFs) stay in the original and are listed, so nothing is
 * quarantined for a bad attachment.
 */
export async function renderEmail(email: ParsedEmail, options: { limits: ProcessingLimits }): Promise<EmailRendition> {
  const inspector = createSourceInspector({ limits: options.limits });
  const planned: Array<{ part: EmailAttachmentPart; record: EmailAttachmentRecord; inspection: SourceInspection | null }> = [];
  for (const part of email.attachments) {
    const record: EmailAttachmentRecord = {
      fileName: part.fileName,
      contentType: part.contentType,
      sizeBytes: part.content.length,
      disposition: 'not_rendered',
      firstPage: null,
      pages: 0,
    };
    if (part.inline) {
      planned.push({ part, record: { ...record, reason: 'inline_image' }, inspection: null });
      continue;
    }
    if (officeTypes.test(part.contentType) || /\.(docx?|xlsx?|pptx?|odt|ods|rtf)$/i.test(part.fileName)) {
      planned.push({ part, record: { ...record, reason: 'office_not_converted' }, inspection: null });
      continue;
    }
    try {
      const inspection = await inspector.inspect(part.content, part.fileName);
      if (inspection.format === 'eml' || inspection.format === 'unknown' || inspection.pageCount === 0) {
        planned.push({ part, record: { ...record, reason: 'unsupported_format' }, inspection: null });
      } else if (inspection.encrypted) {
        planned.push({ part, record: { ...record, reason: 'encrypted_pdf' }, inspection: null });
      } else {
        planned.push({ part, record, inspection });
      }
    } catch (error) {
      if (!isPoststelleError(error)) throw error;
      planned.push({ part, record: { ...record, reason: error.code }, inspection: null });
    }
  }

  const body = await typesetBody(email, planned.map((entry) => entry.record));
  const output = await PDFDocument.create();
  output.setProducer('Poststelle');
  const bodyDocument = await PDFDocument.load(body);
  for (const page of await output.copyPages(bodyDocument, bodyDocument.getPageIndices())) output.addPage(page);
  const bodyPages = output.getPageCount();

  for (const entry of planned) {
    if (!entry.inspection) continue;
    const firstPage = output.getPageCount() + 1;
    if (output.getPageCount() + entry.inspection.pageCount > options.limits.maxPages) {
      entry.record.reason = 'too_many_pages';
      continue;
    }
    try {
      if (entry.inspection.format === 'pdf') {
        const source = await PDFDocument.load(entry.part.content, { updateMetadata: false });
        for (const page of await output.copyPages(source, source.getPageIndices())) output.addPage(page);
      } else {
        await appendImagePages(output, entry.part.content, entry.inspection);
      }
    } catch (error) {
      entry.record.reason = `render_failed: ${(error as Error).message.slice(0, 200)}`;
      // Pages added before the failure would shift everything after them.
      while (output.getPageCount() >= firstPage) output.removePage(output.getPageCount() - 1);
      continue;
    }
    entry.record.disposition = 'rendered';
    entry.record.firstPage = firstPage;
    entry.record.pages = output.getPageCount() - firstPage + 1;
  }

  const pdf = Buffer.from(await output.save());
  return { pdf, pageCount: output.getPageCount(), bodyPages, attachments: planned.map((entry) => entry.record) };
}

/** Each image page becomes a PDF page of its physical size, so the renderer sees its real resolution. */
async function appendImagePages(output: PDFDocument, bytes: Buffer, inspection: SourceInspection): Promise<void> {
  for (let index = 0; index < inspection.pageCount; index += 1) {
    const geometry = inspection.pages?.[index];
    const png = await sharp(bytes, { ...(inspection.format === 'tiff' ? { page: index } : {}), autoOrient: true, limitInputPixels: false })
      .flatten({ background: '#ffffff' })
      .png({ compressionLevel: 3 })
      .toBuffer({ resolveWithObject: true });
    const xDpi = plausibleDpi(geometry?.xDpi ?? null);
    const yDpi = plausibleDpi(geometry?.yDpi ?? geometry?.xDpi ?? null);
    const image = await output.embedPng(png.data);
    const width = (png.info.width / xDpi) * 72;
    const height = (png.info.height / yDpi) * 72;
    output.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
}

// Phone photos and screenshots claim 72 or 96 dpi; a page that large would be rendered blown up.
function plausibleDpi(dpi: number | null): number {
  return dpi !== null && dpi >= 150 && dpi <= 1200 ? dpi : 300;
}

function formatAddress(address: EmailAddressValue): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

function formatDate(date: Date | null): string {
  if (!date) return '';
  return new Intl.DateTimeFormat('de-DE', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(date);
}

function fontFor(style: keyof typeof bodyFonts): string {
  const [file, fallback] = bodyFonts[style];
  return fs.existsSync(file) ? file : fallback;
}

async function typesetBody(email: ParsedEmail, attachments: EmailAttachmentRecord[]): Promise<Buffer> {
  // A fixed creation date keeps the rendition the same when a step is retried.
  const created = email.date ?? new Date(0);
  const doc = new PDFKitDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 62, right: 56 }, info: { Title: email.subject ?? 'E-Mail', Producer: 'Poststelle', CreationDate: created }, autoFirstPage: true });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const regular = fontFor('regular');
  const bold = fontFor('bold');

  const envelope = (heading: string, fields: Array<[string, string]>) => {
    doc.font(bold).fontSize(9).fillColor('#555555').text(heading);
    for (const [label, value] of fields) {
      if (!value) continue;
      doc.font(bold).fontSize(10).fillColor('#000000').text(`${label}: `, { continued: true }).font(regular).text(value);
    }
    doc.moveDown(0.5);
    const y = doc.y;
    doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.width - doc.page.margins.right, y).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.moveDown(0.8);
  };
  const bodyText = (text: string) => {
    doc.font(regular).fontSize(11).fillColor('#000000').text(text || '(kein Text)', { lineGap: 2 });
  };

  // The recipients (our own mailboxes) stay off the page: extraction would take them for the customer's address.
  envelope('E-Mail', [
    ['Von', email.from ? formatAddress(email.from) : ''],
    ['Datum', formatDate(email.date)],
    ['Betreff', email.subject ?? ''],
  ]);
  bodyText(email.body);
  for (const nested of email.nested) {
    doc.moveDown(1.5);
    envelope('Angehängte Nachricht', [
      ['Von', nested.from ? formatAddress(nested.from) : ''],
      ['Datum', formatDate(nested.date)],
      ['Betreff', nested.subject ?? ''],
    ]);
    bodyText(nested.body);
  }
  const listed = attachments.filter((attachment) => attachment.reason !== 'inline_image');
  if (listed.length > 0) {
    doc.moveDown(1.5);
    doc.font(bold).fontSize(10).text('Anhänge');
    for (const attachment of listed) {
      const note = attachment.reason ? ' (nicht dargestellt, im Original enthalten)' : '';
      doc.font(regular).fontSize(10).text(`• ${attachment.fileName} (${Math.max(1, Math.round(attachment.sizeBytes / 1024))} KB)${note}`);
    }
  }
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
