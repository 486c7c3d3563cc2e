import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import type { Kysely } from 'kysely';
import type { Database, DocumentStatus } from '../database/database.types.ts';
import { indexDocumentText } from '../search/search.indexer.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';

export interface TestLetter {
  sender: string;
  street: string;
  city: string;
  body: string[];
}

/** A born-digital letter as PDF: standard font (not embedded), optionally with a JavaScript open action, as hostile mail may carry. */
export async function letterPdf(letter: TestLetter, options: { javaScript?: boolean } = {}): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Schreiben von ${letter.sender}`);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595.28, 841.89]);
  let y = 780;
  for (const line of [letter.sender, letter.street, letter.city, '', ...letter.body, '', 'Mit freundlichen Grüßen', letter.sender]) {
    page.drawText(line, { x: 64, y, size: 11, font });
    y -= 16;
  }
  if (options.javaScript) {
    const action = pdf.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert("Bitte Makros aktivieren")') });
    pdf.catalog.set(PDFName.of('OpenAction'), pdf.context.register(action));
  }
  return Buffer.from(await pdf.save());
}

/** A page image as a scanner would deliver it (grey noise so each one has its own bytes). */
export async function pageImage(seed: number): Promise<Buffer> {
  const width = 120;
  const height = 170;
  const pixels = Buffer.alloc(width * height);
  for (let index = 0; index < pixels.length; index += 1) pixels[index] = 200 + ((index * 31 + seed * 17) % 55);
  return sharp(pixels, { raw: { width, height, channels: 1 } }).png().toBuffer();
}

let pageCounter = 0;

export interface SeedDocument {
  tenantId: string;
  letter: TestLetter;
  requestType: string | null;
  receivedAt: string;
  status?: DocumentStatus;
  customerNumber?: string | null;
  suggestedCustomerNumber?: string | null;
  duplicateOf?: string | null;
  /** Reuse these original bytes (the same letter received again). */
  original?: Buffer;
  pages?: number;
}

/** Inserts a processed document the way the pipeline leaves it: original, page images, searchable PDF, indexed text. */
export async function seedDocument(deps: { db: Kysely<Database>; blobs: BlobStore }, seed: SeedDocument): Promise<{ id: string; originalKey: string; pageKeys: string[] }> {
  const original = seed.original ?? (await letterPdf(seed.letter));
  const stored = await deps.blobs.put(original);
  const text = [seed.letter.sender, seed.letter.street, seed.letter.city, ...seed.letter.body].join('\n');
  const row = await deps.db
    .insertInto('documents')
    .values({
      tenant_id: seed.tenantId,
      sha256: stored.sha256,
      original_key: stored.key,
      original_name: `${seed.letter.sender.toLowerCase().replace(/[^a-z]+/g, '-')}.pdf`,
      source: `scan/${seed.letter.sender}.pdf`,
      size_bytes: stored.sizeBytes,
      format: 'pdf',
      mime_type: 'application/pdf',
      channel: 'scan',
      received_at: seed.receivedAt,
      status: seed.status ?? 'routed',
      request_type: seed.requestType,
      customer_number: seed.customerNumber ?? null,
      suggested_customer_number: seed.suggestedCustomerNumber ?? null,
      duplicate_of: seed.duplicateOf ?? null,
      pdf_key: stored.key,
      page_count: seed.pages ?? 1,
      text,
      text_source: 'text_layer',
      finished_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pageKeys: string[] = [];
  for (let pageNo = 1; pageNo <= (seed.pages ?? 1); pageNo += 1) {
    const image = await deps.blobs.put(await pageImage((pageCounter += 1)));
    pageKeys.push(image.key);
    await deps.db.insertInto('document_pages').values({ document_id: row.id, page_no: pageNo, tenant_id: seed.tenantId, image_key: image.key, width: 1240, height: 1754, dpi: 150, text, text_source: 'text_layer' }).execute();
  }
  if (seed.status !== 'processing' && seed.status !== 'received') await indexDocumentText(deps.db, { id: row.id, tenantId: seed.tenantId, text });
  return { id: row.id, originalKey: stored.key, pageKeys };
}
