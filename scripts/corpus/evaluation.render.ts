/** Renders one planned evaluation document with the fixture writers: born-digital PDF, scan or fax. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFax } from '../fixtures/fax.writer.ts';
import { fmtNumeric } from '../fixtures/german-format.ts';
import type { LetterContent } from '../fixtures/letter.composer.ts';
import { renderLetter, type RenderedLetter } from '../fixtures/pdf.writer.ts';
import { writeScan } from '../fixtures/scan.writer.ts';
import type { PlannedDocument } from './evaluation.plan.ts';
import type { ComposedLetter } from './letter.builder.ts';

/** Letters longer than this continue on a second page. */
const ONE_PAGE_CHARS = 1500;

/** The letter in the fixture renderer's terms (an e-mail prints its header lines where a letter has the sender). */
export function toLetterContent(letter: ComposedLetter, pages: 1 | 2): LetterContent {
  const email = letter.emailHeader.length > 0;
  const paragraphs = letter.paragraphs;
  const cut = Math.max(1, Math.ceil(paragraphs.length / 2));
  return {
    senderLines: email ? letter.emailHeader : letter.senderLines,
    returnLine: email ? '' : letter.returnLine,
    recipientLines: letter.recipientLines,
    dateLine: letter.dateLine,
    subject: email ? '' : letter.subject,
    refLines: letter.refLines,
    salutation: letter.salutation,
    bodyPages: pages === 1 || paragraphs.length < 2 ? [paragraphs] : [paragraphs.slice(0, cut), paragraphs.slice(cut)],
    closing: letter.closing,
    signature: letter.signatureLines.join('\n'),
    postscript: letter.postscript,
    enclosureNote: letter.footerLines.length > 0 ? letter.footerLines.join('\n') : null,
    attachment: null,
    continuationHeader: '- 2 -',
  };
}

async function renderPlanned(doc: PlannedDocument): Promise<RenderedLetter> {
  const letter = doc.letter;
  const style = letter.emailHeader.length > 0 || letter.senderLines.length === 0 ? { ...doc.style, layout: doc.style.layout === 'din' ? ('left' as const) : doc.style.layout } : doc.style;
  const fax = doc.fax;
  const options = {
    creationDate: doc.creationDate,
    title: letter.subject || 'Schreiben',
    ...(fax ? { faxHeader: (page: number, total: number) => `${fmtNumeric(doc.creationDate)} ${fax.headerTime}  ${doc.faxSender}  S. ${page + 1}/${total}` } : {}),
  };
  const length = letter.paragraphs.join('\n').length;
  const firstTry: 1 | 2 = length > ONE_PAGE_CHARS ? 2 : 1;
  try {
    return await renderLetter(toLetterContent(letter, firstTry), style, options);
  } catch (error) {
    if (firstTry === 2) throw error;
    return renderLetter(toLetterContent(letter, 2), style, options);
  }
}

/** Writes the document to outDir (intermediate files to workDir); returns the printed text and page count. */
export async function renderDocument(doc: PlannedDocument, outDir: string, workDir: string): Promise<{ text: string; pages: number }> {
  const rendered = await renderPlanned(doc);
  const outPath = path.join(outDir, doc.file);
  const text = rendered.pageTexts.join('\n\n');
  if (doc.kind === 'digital-pdf') {
    await writeFile(outPath, rendered.pdf);
    return { text, pages: rendered.pages };
  }
  const srcPdf = path.join(workDir, `${doc.index}.pdf`);
  await writeFile(srcPdf, rendered.pdf);
  if (doc.scan) await writeScan(doc.kind, srcPdf, doc.scan, doc.creationDate, outPath, workDir);
  else if (doc.fax) await writeFax(srcPdf, doc.fax, outPath, workDir, String(doc.index));
  else throw new Error(`${doc.file}: no raster parameters`);
  // A PNG or JPEG scan holds one page: the labels would describe text the image does not show.
  if ((doc.kind === 'scan-png' || doc.kind === 'scan-jpeg') && rendered.pages > 1) throw new Error(`${doc.file}: a single-image scan cannot hold ${rendered.pages} pages`);
  return { text, pages: rendered.pages };
}
