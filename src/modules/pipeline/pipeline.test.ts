import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePdfImageList } from '../imaging/pdf.images.ts';
import { createTestApp, fixturesDir, type TestApp } from '../../../test/test-app.ts';
import type { FixtureManifest } from '../../../scripts/generate-fixtures.ts';
import { toContractLine, type ContractLine } from '../documents/documents.presenter.ts';

/**
 * The vertical slice on real components: generated letters (scans, faxes,
 * born-digital PDFs, broken files) go through the durable pipeline on
 * PostgreSQL + pg-boss + Tesseract, and come out searchable.
 */
const manifest = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'manifest.json'), 'utf8')) as FixtureManifest;

function pick(kind: string) {
  const entry = manifest.documents.find((document) => document.kind === kind);
  if (!entry) throw new Error(`no fixture of kind ${kind}`);
  return entry;
}

function normalise(text: string): string {
  return text.toLowerCase().normalize('NFC');
}

describe('pipeline (PostgreSQL + pg-boss + tesseract)', () => {
  let app: TestApp;
  let runId: string;

  async function ingestAndWait(file: string, options: { channel?: 'auto' | 'scan' | 'fax' } = {}): Promise<ContractLine> {
    const bytes = fs.readFileSync(path.join(fixturesDir, file));
    const outcome = await app.intake.ingest({
      bytes,
      source: file,
      originalName: path.basename(file),
      channel: options.channel ?? 'auto',
      receivedAt: new Date('2026-11-25T08:00:00Z'),
      tenantId: 'default',
      runId,
    });
    let line: ContractLine | null = null;
    await app.documents.waitUntilFinal([outcome.documentId], (row) => {
      line = toContractLine(row);
    });
    return line as unknown as ContractLine;
  }

  beforeAll(async () => {
    app = await createTestApp();
    await app.pipeline.startWorkers();
    runId = await app.intake.startRun('default');
  });

  afterAll(async () => {
    await app?.cleanup();
  });

  it('recognises a G4 fax at normal resolution (204×98) with the fax channel detected', async () => {
    const fixture = manifest.documents.find((document) => document.kind === 'fax-g4-normal') ?? pick('fax-g3-normal');
    const line = await ingestAndWait(fixture.file);
    expect(['routed', 'needs_review']).toContain(line.status);
    expect(line.channel).toBe('fax');
    expect(line.pages).toBe(fixture.pages);
    const text = normalise(line.text);
    const found = fixture.keywords.filter((keyword) => text.includes(normalise(keyword)));
    expect(found.length).toBeGreaterThanOrEqual(Math.ceil(fixture.keywords.length / 2));

    const pages = await app.documents.listPages('default', line.id);
    expect(pages).toHaveLength(fixture.pages);
    // Aspect corrected: a portrait A4 fax page is taller than wide once pixels are square.
    for (const page of pages) expect(page.height / page.width).toBeGreaterThan(1.3);
    const steps = await app.documents.listSteps(line.id);
    expect(steps.map((step) => step.step)).toEqual(['split', 'ocr', 'pdf', 'index', 'recognize', 'dedup', 'finalize']);
    for (const step of steps) {
      expect(step.status).toBe('done');
      expect(step.started_at).toBeTruthy();
      expect(step.finished_at).toBeTruthy();
    }
    const words = await app.db.selectFrom('document_pages').select(['words', 'ocr_confidence']).where('document_id', '=', line.id).execute();
    expect(words[0]?.words?.length).toBeGreaterThan(20);
    expect(words[0]?.ocr_confidence).toBeGreaterThan(50);

    const hits = await app.search.search({ tenantId: 'default', query: fixture.keywords[0] ?? '' });
    expect(hits.hits.map((hit) => hit.id)).toContain(line.id);
  });

  it('uses the text layer of a born-digital PDF instead of OCR and keeps the original as searchable PDF', async () => {
    const fixture = pick('digital-pdf');
    const line = await ingestAndWait(fixture.file);
    expect(['routed', 'needs_review']).toContain(line.status);
    expect(line.channel).toBe('scan');
    expect(line.text.replace(/\s+/g, '')).toContain(fixture.customerNumber ?? '');
    const document = await app.db.selectFrom('documents').select(['text_source', 'pdf_key', 'original_key']).where('id', '=', line.id).executeTakeFirstOrThrow();
    expect(document.text_source).toBe('text_layer');
    expect(document.pdf_key).toBe(document.original_key);
    const hits = await app.search.search({ tenantId: 'default', query: fixture.customerNumber ?? '' });
    expect(hits.hits[0]?.id).toBe(line.id);
  });

  it('OCRs a scanned PNG and writes a searchable PDF whose text layer holds the words', async () => {
    const fixture = pick('scan-png');
    const line = await ingestAndWait(fixture.file);
    expect(['routed', 'needs_review']).toContain(line.status);
    const document = await app.db.selectFrom('documents').select(['pdf_key', 'text_source']).where('id', '=', line.id).executeTakeFirstOrThrow();
    expect(document.text_source).toBe('ocr');
    const pdf = await app.blobs.get(document.pdf_key ?? '');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(normalise(line.text)).toContain(normalise(fixture.lastName ?? ''));
    // The invisible text layer is really in the PDF, on a page of the scan's size (A4 at 300 dpi).
    const pdfPath = path.join(app.workDir, 'searchable.pdf');
    fs.writeFileSync(pdfPath, pdf);
    const pdfText = execFileSync('pdftotext', [pdfPath, '-']).toString();
    expect(normalise(pdfText)).toContain(normalise(fixture.lastName ?? ''));
    expect(execFileSync('pdfinfo', [pdfPath]).toString()).toMatch(/Page size:\s+59[0-9.]+ x 84[0-9.]+ pts/);
    // The scanned PNG goes into the PDF as its own zlib stream (no JPEG re-encoding): one 8-bit grey image of the page's size.
    const [image] = parsePdfImageList(execFileSync('pdfimages', ['-list', pdfPath]).toString());
    expect(image).toMatchObject({ pageNo: 1, type: 'image', encoding: 'image', colour: 'gray', bitsPerComponent: 8 });
  });

  it('gives the same file a second time as duplicate pointing at the first', async () => {
    const fixture = manifest.documents.filter((document) => document.kind === 'digital-pdf')[1] ?? pick('digital-pdf');
    const first = await ingestAndWait(fixture.file);
    const otherRun = await app.intake.startRun('default');
    const bytes = fs.readFileSync(path.join(fixturesDir, fixture.file));
    const outcome = await app.intake.ingest({ bytes, source: `again/${fixture.file}`, originalName: 'again.pdf', channel: 'upload', receivedAt: new Date(), tenantId: 'default', runId: otherRun });
    const duplicate = await app.documents.getById('default', outcome.documentId);
    expect(duplicate.status).toBe('duplicate');
    expect(duplicate.duplicate_of).toBe(first.id);
    expect(toContractLine(duplicate).duplicateOf).toBe(first.id);
  });

  it('quarantines bad input with a clear code and keeps the original', async () => {
    const bad = manifest.documents.filter((document) => document.kind === 'bad');
    expect(bad.length).toBeGreaterThanOrEqual(4);
    for (const fixture of bad) {
      const line = await ingestAndWait(fixture.file);
      expect(line.status, fixture.file).toBe('quarantined');
      expect(line.error?.code, fixture.file).toBeTruthy();
      if (fixture.expectedError) expect(line.error?.code, fixture.file).toBe(fixture.expectedError);
      const row = await app.documents.getById('default', line.id);
      const original = await app.blobs.get(row.original_key);
      expect(original.equals(fs.readFileSync(path.join(fixturesDir, fixture.file)))).toBe(true);
    }
  });
});
