import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { planContractForm } from '../../../scripts/fixtures/contract-form.ts';
import { writeContractFormScan, writeLetterFax, writeLetterScan, type CrossChannelLetter } from '../../../scripts/fixtures/cross-channel.ts';
import { CITIES, makePerson, type Person } from '../../../scripts/fixtures/people.ts';
import { Rng } from '../../../scripts/fixtures/prng.ts';
import { customerCsvColumns, importCustomersCsv } from '../customers/customers.import.ts';
import type { DocumentRow } from '../database/database.types.ts';
import { toContractLine } from '../documents/documents.presenter.ts';
import { normalisePhone } from '../extraction/phone.normaliser.ts';

/**
 * Fax header, cross-channel near-duplicates and contract signatures on real
 * components: generated letters and forms → pipeline (PostgreSQL, pg-boss,
 * Tesseract) → what the API and `ingest --json` show.
 */
const city = (name: string) => CITIES.find((entry) => entry.city === name) ?? (CITIES[0] as (typeof CITIES)[number]);
const wagner = makePerson(new Rng(11), 'Wagner', city('Nürnberg'));
const formCustomerB = makePerson(new Rng(21), 'Schröder', city('Köln'));
const formCustomerC = makePerson(new Rng(22), 'Krämer', city('Hamburg'));

const complaint: CrossChannelLetter = {
  person: wagner,
  customerNumber: '4711093322',
  subject: 'Widerspruch gegen die Rechnung vom 14.11.2026',
  letterDate: new Date(Date.UTC(2026, 11, 4)),
  paragraphs: [
    'hiermit widerspreche ich der Rechnung vom 14.11.2026 über 187,43 EUR. Darin sind mehrere Verbindungen zu Sonderrufnummern enthalten, die ich nicht angerufen habe.',
    'Bitte prüfen Sie die Einzelverbindungen und schicken Sie mir eine korrigierte Rechnung. Den unstrittigen Betrag von 39,99 EUR habe ich bereits überwiesen.',
    'Bis zur Klärung bitte ich Sie, von Mahnungen und einer Sperre meines Anschlusses abzusehen.',
  ],
};

const followUp: CrossChannelLetter = {
  ...complaint,
  subject: 'Erinnerung: Widerspruch gegen die Rechnung vom 14.11.2026',
  letterDate: new Date(Date.UTC(2026, 11, 18)),
  paragraphs: [
    'auf meinen Widerspruch vom 4. Dezember habe ich bis heute keine Antwort erhalten. Stattdessen wurde der volle Betrag von meinem Konto abgebucht.',
    'Ich habe die Lastschrift zurückgeben lassen und fordere Sie auf, mir bis zum Monatsende eine korrigierte Rechnung zu schicken. Andernfalls wende ich mich an die Schlichtungsstelle der Bundesnetzagentur.',
  ],
};

function csvLine(person: Person, customerNumber: string): string {
  const phone = normalisePhone(person.landline)?.e164 ?? '';
  return [customerNumber, person.firstName, person.lastName, '', person.street, person.houseNumber, person.postcode, person.city, person.email, phone, '', '1970-01-01', ''].join(',');
}

describe('fax header, near-duplicates and contract signatures (PostgreSQL + pg-boss + tesseract)', () => {
  let app: TestApp;
  let runId: string;
  let dir: string;
  const receivedAt = new Date('2026-12-07T09:45:00Z');

  async function ingest(file: string, at = receivedAt): Promise<DocumentRow> {
    const outcome = await app.intake.ingest({ bytes: await fs.readFile(file), source: path.basename(file), originalName: path.basename(file), channel: 'auto', receivedAt: at, tenantId: 'default', runId });
    let row: DocumentRow | null = null;
    await app.documents.waitUntilFinal([outcome.documentId], (final) => {
      row = final;
    });
    if (!row) throw new Error('no final row');
    return row;
  }

  beforeAll(async () => {
    app = await createTestApp();
    dir = path.join(app.workDir, 'inputs');
    await fs.mkdir(dir, { recursive: true });
    const csv = [customerCsvColumns.join(','), csvLine(wagner, '4711093322'), csvLine(formCustomerB, '4100000021'), csvLine(formCustomerC, '4100000022')].join('\n');
    expect((await importCustomersCsv({ db: app.db, tenantId: 'default', csv })).rejected).toEqual([]);
    await app.pipeline.startWorkers();
    runId = await app.intake.startRun('default');
  }, 120_000);

  afterAll(async () => {
    await app?.cleanup();
  });

  let faxRow: DocumentRow;

  it('a fax server PDF: channel fax, header number and send time extracted, letter fields not polluted', async () => {
    const file = path.join(dir, 'widerspruch-fax.pdf');
    const headers = await writeLetterFax(complaint, 5, file, dir, { headerFormat: 1, sendDate: new Date(Date.UTC(2026, 11, 7)), yDpi: 196, headerTime: '10:32', asPdf: true });
    expect(headers[0]).toMatch(/^DEC-07-2026 10:32 FROM: 0911/);
    faxRow = await ingest(file);
    const line = toContractLine(faxRow);
    expect(line.channel).toBe('fax');
    expect(['routed', 'needs_review']).toContain(line.status);
    expect(faxRow.recognition?.faxSender).toBe(normalisePhone(wagner.landline)?.e164);
    expect(faxRow.recognition?.faxSentAt).toBe('2026-12-07T10:32:00+01:00');
    // The header's station and numbers stay out of the sender's name and address.
    expect(line.fields.lastName).toBe('Wagner');
    expect(line.fields.postalCode).toBe(wagner.postcode);
    expect(line.fields.city).toBe(wagner.city);
    const pages = await app.documents.listPages('default', faxRow.id);
    for (const page of pages) expect(page.height / page.width).toBeGreaterThan(1.3);
    // The fax header agrees with the customer's phone number; the match explains it.
    expect(faxRow.recognition?.match.candidates[0]?.agreements.join(' ')).toContain('Faxkennung');
  }, 300_000);

  it('the same letter by post later: linked to the fax as a near-duplicate with its similarity, not worked twice', async () => {
    const file = path.join(dir, 'widerspruch-post.pdf');
    await writeLetterScan(complaint, 6, file, dir);
    const row = await ingest(file, new Date('2026-12-08T08:10:00Z'));
    const line = toContractLine(row, faxRow);
    expect(line.channel).toBe('scan');
    expect(line.status).toBe('duplicate');
    expect(line.duplicateOf).toBe(faxRow.id);
    expect(line.similarity).toBeGreaterThan(0.5);
    expect(line.similarity).toBeLessThan(1);
    // Its own pages and text (another channel), and no work item of its own.
    expect(line.text).not.toBe(toContractLine(faxRow).text);
    // The status is final as soon as dedup decided; the step's own record follows in the runner's transaction.
    let steps = await app.documents.listSteps(row.id);
    while (!steps.some((step) => step.step === 'dedup' && step.status === 'done')) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      steps = await app.documents.listSteps(row.id);
    }
    // The chain stops at dedup: a duplicate is final, finalize never puts it into a work queue.
    expect(steps.map((step) => step.step)).toEqual(['split', 'ocr', 'pdf', 'index', 'recognize', 'dedup']);
    expect(steps.find((step) => step.step === 'dedup')?.result).toMatchObject({ duplicateOf: faxRow.id });
  }, 300_000);

  it('a follow-up letter of the same customer by fax (TIFF) is not a duplicate; its header is read too', async () => {
    const file = path.join(dir, 'erinnerung-fax.tif');
    await writeLetterFax(followUp, 9, file, dir, { headerFormat: 2, sendDate: new Date(Date.UTC(2026, 11, 18)), yDpi: 196, headerTime: '16:05' });
    const row = await ingest(file, new Date('2026-12-18T15:10:00Z'));
    expect(row.channel).toBe('fax');
    expect(row.status).not.toBe('duplicate');
    expect(row.duplicate_of).toBeNull();
    expect(row.recognition?.faxSender).toBe(normalisePhone(wagner.landline)?.e164);
    expect(row.recognition?.faxSentAt).toBe('2026-12-18T16:05:00+01:00');
  }, 300_000);

  let signedForm: DocumentRow;

  it('a signed multi-page contract form: contract_documents, signature present', async () => {
    const file = path.join(dir, 'vertrag-schroeder.pdf');
    const plan = planContractForm(formCustomerB, 501, { signed: true, pages: 2, product: 'mobil', customerNumber: '4100000021' });
    await writeContractFormScan(plan, file, dir);
    signedForm = await ingest(file);
    expect(signedForm.page_count).toBe(2);
    expect(signedForm.request_type).toBe('contract_documents');
    expect(signedForm.recognition?.signature?.boxes).toBeGreaterThanOrEqual(1);
    expect(signedForm.recognition?.signatureMissing).toBe(false);
    expect(signedForm.recognition?.flags).not.toContain('signature_missing');
  }, 300_000);

  it('the same form from another customer, unsigned: flagged, and not linked to the first customer’s form', async () => {
    const file = path.join(dir, 'vertrag-yilmaz.pdf');
    const plan = planContractForm(formCustomerC, 502, { signed: false, pages: 2, product: 'mobil', customerNumber: '4100000022' });
    await writeContractFormScan(plan, file, dir);
    const row = await ingest(file);
    expect(row.request_type).toBe('contract_documents');
    expect(row.recognition?.signatureMissing).toBe(true);
    expect(row.recognition?.signature?.missingOnPages).toEqual([2]);
    expect(row.recognition?.flags).toContain('signature_missing');
    expect(row.status).not.toBe('duplicate');
    expect(row.duplicate_of).toBeNull();
    // Most of the text is the same template, but the customers' numbers and bank details differ.
    const dedup = (await app.documents.listSteps(row.id)).find((step) => step.step === 'dedup');
    const rejected = (dedup?.result as { rejected?: Array<{ documentId: string; jaccard: number; conflicts: string[] }> } | null)?.rejected ?? [];
    expect(rejected[0]?.documentId).toBe(signedForm.id);
    expect(rejected[0]?.conflicts.length).toBeGreaterThan(0);
  }, 300_000);
});
