import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fixturesDir, type TestApp } from '../../../test/test-app.ts';
import { createAuditLog } from '../audit/audit.log.ts';
import { listAuditEvents } from '../audit/audit.query.ts';
import { sha256Hex } from '../storage/fs-blob-store.ts';
import { createArchiveService } from './archive.service.ts';
import { letterPdf, seedDocument } from './archive.test-letters.ts';
import { convertToPdfA } from './pdfa.converter.ts';
import { inspectPdfA } from './pdfa.inspector.ts';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
}, 120_000);

afterAll(async () => {
  await app?.cleanup();
});

const kuendigung = {
  sender: 'Gerda Lindemann',
  street: 'Am Wiesengrund 12',
  city: '79098 Freiburg im Breisgau',
  body: ['Kündigung meines Stromliefervertrags 5500123987', 'hiermit kündige ich fristgerecht zum 31.03.2027.', 'Bitte bestätigen Sie mir den Eingang schriftlich.'],
};

function pdftotext(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8');
}

describe('PDF/A-2b rendition', () => {
  it('the structural check finds what a plain PDF lacks', async () => {
    const inspection = await inspectPdfA(await letterPdf(kuendigung, { javaScript: true }));
    expect(inspection.pdfaPart).toBeNull();
    expect(inspection.outputIntent).toBeNull();
    expect(inspection.javaScript).toBe(true);
    expect(inspection.unembeddedFonts).toEqual(['Helvetica']);
    expect(inspection.problems.length).toBeGreaterThanOrEqual(4);
  });

  it('converts a letter with a script and an unembedded font into PDF/A-2b, text intact', async () => {
    const source = await letterPdf(kuendigung, { javaScript: true });
    const { pdf, converter } = await convertToPdfA(source, { timeoutMs: 120_000 });
    expect(converter).toMatch(/^ghostscript \d+/);
    const inspection = await inspectPdfA(pdf);
    expect(inspection).toMatchObject({ encrypted: false, pdfaPart: '2', pdfaConformance: 'B', javaScript: false, forbiddenActions: [], additionalActions: false, unembeddedFonts: [] });
    expect(inspection.outputIntent).toEqual({ subtype: 'GTS_PDFA1', components: 3, iccValid: true });
    expect(inspection.fonts).toBeGreaterThan(0);
    expect(inspection.problems).toEqual([]);
    expect(pdftotext(pdf)).toContain('hiermit kündige ich fristgerecht zum 31.03.2027.');
  });

  it('converts a scanned PDF and an encrypted PDF (the rendition is not encrypted)', async () => {
    const scanned = await fs.readFile(path.join(fixturesDir, '04-scan-pdf.pdf'));
    const scannedInspection = await inspectPdfA((await convertToPdfA(scanned, { timeoutMs: 120_000 })).pdf);
    expect(scannedInspection.problems).toEqual([]);

    const workDir = await fs.mkdtemp(path.join(app.workDir, 'enc-'));
    const plain = path.join(workDir, 'plain.pdf');
    const encrypted = path.join(workDir, 'encrypted.pdf');
    await fs.writeFile(plain, await letterPdf({ ...kuendigung, sender: 'Bülent Aydin', street: 'Karl-Marx-Allee 93', city: '10243 Berlin' }));
    execFileSync('qpdf', ['--encrypt', '', 'Eigentuemer-2026', '256', '--', plain, encrypted]);
    const source = await fs.readFile(encrypted);
    expect((await inspectPdfA(source)).encrypted).toBe(true);
    const rendition = await convertToPdfA(source, { timeoutMs: 120_000 });
    const inspection = await inspectPdfA(rendition.pdf);
    expect(inspection.encrypted).toBe(false);
    expect(inspection.problems).toEqual([]);
    expect(pdftotext(rendition.pdf)).toContain('Bülent Aydin');
  });
});

describe('archive service', () => {
  it('archives finished documents once, with the sha256 of original and rendition, audit-recorded', async () => {
    const audit = createAuditLog({ db: app.db });
    const archive = createArchiveService({ db: app.db, blobs: app.blobs, audit });
    const routed = await seedDocument(app, { tenantId: 'default', letter: kuendigung, requestType: 'cancellation', receivedAt: '2026-11-30T08:15:00Z' });
    const review = await seedDocument(app, {
      tenantId: 'default',
      letter: { sender: 'Hans-Peter Öztürk', street: 'Lindenstraße 4a', city: '04109 Leipzig', body: ['Meine neue Bankverbindung lautet DE02120300000000202051.', 'Bitte ändern Sie das Lastschriftmandat.'] },
      requestType: 'bank_details_change',
      receivedAt: '2026-12-01T09:40:00Z',
      status: 'needs_review',
    });
    const quarantined = await seedDocument(app, { tenantId: 'default', letter: { ...kuendigung, sender: 'Unbekannt' }, requestType: null, receivedAt: '2026-12-02T10:00:00Z', status: 'quarantined' });

    const first = await archive.archivePending({ limit: 50 });
    expect(first.failed).toEqual([]);
    expect(first.archived.map((rendition) => rendition.documentId).sort()).toEqual([routed.id, review.id].sort());
    expect((await archive.archivePending({ limit: 50 })).archived).toEqual([]);
    expect(await archive.rendition('default', quarantined.id)).toBeNull();

    const rendition = await archive.rendition('default', routed.id);
    expect(rendition).not.toBeNull();
    const original = await app.blobs.get(routed.originalKey);
    const stored = await app.blobs.get(rendition?.blobKey ?? '');
    expect(rendition).toMatchObject({ format: 'PDF/A-2b', originalSha256: sha256Hex(original), sha256: sha256Hex(stored), sizeBytes: stored.length });
    expect(rendition?.sha256).not.toBe(rendition?.originalSha256);
    expect((await inspectPdfA(stored)).problems).toEqual([]);

    const events = await listAuditEvents({ db: app.db }, { tenantId: 'default', action: 'document.archive' });
    expect(events.events.map((event) => event.subjectId).sort()).toEqual([routed.id, review.id].sort());
    expect(events.events.find((event) => event.subjectId === routed.id)?.details).toEqual({ format: 'PDF/A-2b', sha256: rendition?.sha256, originalSha256: rendition?.originalSha256 });
  });
});
