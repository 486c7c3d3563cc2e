/**
 * Measures near-duplicate detection through the real pipeline (PostgreSQL,
 * pg-boss, Tesseract):  npx tsx src/modules/dedup/near-duplicate.bench.ts [letters=6]
 *
 *  - the same letter by fax (G4 TIFF, normal or fine, a vendor's header) and
 *    later by post (300-dpi scan): must be linked — reported Jaccard/containment;
 *  - a follow-up letter of the same sender (same letterhead, new body): must not;
 *  - one contract form filled in by different customers: must not.
 * Prints one line per pair and a summary (recall on pairs, false links).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { planContractForm } from '../../../scripts/fixtures/contract-form.ts';
import { writeContractFormScan, faxPlan, scanParams } from '../../../scripts/fixtures/cross-channel.ts';
import { faxHeaderLine, writeFax } from '../../../scripts/fixtures/fax.writer.ts';
import type { LetterContent } from '../../../scripts/fixtures/letter.composer.ts';
import { CITIES, makePerson } from '../../../scripts/fixtures/people.ts';
import { renderLetter, type RenderStyle } from '../../../scripts/fixtures/pdf.writer.ts';
import { planFixtures } from '../../../scripts/fixtures/plan.ts';
import { Rng } from '../../../scripts/fixtures/prng.ts';
import { writeScan } from '../../../scripts/fixtures/scan.writer.ts';
import { createTestApp } from '../../../test/test-app.ts';
import type { DocumentRow } from '../database/database.types.ts';
import { verifyNearDuplicate } from './near-duplicate.verifier.ts';

const letters = Number(process.argv[2] ?? 6);
const app = await createTestApp();
const dir = path.join(app.workDir, 'bench');
await fs.mkdir(dir, { recursive: true });
await app.pipeline.startWorkers();
const runId = await app.intake.startRun('default');

async function ingest(file: string, receivedAt: Date): Promise<DocumentRow> {
  const outcome = await app.intake.ingest({ bytes: await fs.readFile(file), source: path.basename(file), originalName: path.basename(file), channel: 'auto', receivedAt, tenantId: 'default', runId });
  let row: DocumentRow | null = null;
  await app.documents.waitUntilFinal([outcome.documentId], (final) => {
    row = final;
  });
  if (!row) throw new Error('no row');
  return row;
}

async function rendered(content: LetterContent, style: RenderStyle, creationDate: Date, faxHeader?: (page: number, total: number) => string): Promise<string> {
  const letter = await renderLetter(content, style, { creationDate, ...(faxHeader ? { faxHeader } : {}) });
  const file = path.join(dir, `src-${Math.random().toString(36).slice(2)}.pdf`);
  await fs.writeFile(file, letter.pdf);
  return file;
}

interface PairResult {
  kind: 'same letter fax→post' | 'follow-up' | 'form, other customer';
  detail: string;
  linked: boolean;
  jaccard: number;
  containment: number;
}
const results: PairResult[] = [];

function measure(kind: PairResult['kind'], detail: string, first: DocumentRow, second: DocumentRow): void {
  const verdict = verifyNearDuplicate({ text: first.text ?? '', fields: first.fields ?? {} }, { text: second.text ?? '', fields: second.fields ?? {} });
  results.push({ kind, detail, linked: second.duplicate_of === first.id, jaccard: verdict.jaccard, containment: verdict.containment });
  console.log(`${kind.padEnd(22)} ${detail.padEnd(34)} linked=${String(second.duplicate_of === first.id).padEnd(5)} jaccard=${verdict.jaccard.toFixed(3)} containment=${verdict.containment.toFixed(3)}${verdict.conflicts.length ? ` conflicts=${verdict.conflicts.join('; ')}` : ''}`);
}

const plan = planFixtures(9001, letters * 2);
const day = (n: number): Date => new Date(Date.UTC(2026, 11, n, 9, 0));
for (let i = 0; i < letters; i += 1) {
  const letter = plan.good[i];
  const other = plan.good[i + letters];
  if (!letter || !other) break;
  const yDpi = i % 2 === 0 ? 98 : 196;
  const fax = faxPlan(100 + i, yDpi, `${String(8 + i).padStart(2, '0')}:${String(7 * i).padStart(2, '0')}`);
  const faxFile = path.join(dir, `letter-${i}-fax.tif`);
  await writeFax(await rendered(letter.content, letter.style, letter.creationDate, faxHeaderLine(day(7), fax.headerTime, letter.meta.person, i)), fax, faxFile, dir, `f${i}`);
  const scanFile = path.join(dir, `letter-${i}-post.pdf`);
  await writeScan('scan-pdf', await rendered(letter.content, letter.style, letter.creationDate), scanParams(200 + i), letter.creationDate, scanFile, dir);
  const faxRow = await ingest(faxFile, day(7));
  const postRow = await ingest(scanFile, day(9));
  measure('same letter fax→post', `${letter.meta.requestType}, fax 204×${yDpi}`, faxRow, postRow);

  // A follow-up: same sender block and references, another letter's subject and body.
  const followUp: LetterContent = { ...letter.content, subject: other.content.subject, bodyPages: other.content.bodyPages, dateLine: other.content.dateLine };
  const followFile = path.join(dir, `letter-${i}-followup.pdf`);
  await writeScan('scan-pdf', await rendered(followUp, letter.style, other.creationDate), scanParams(300 + i), other.creationDate, followFile, dir);
  measure('follow-up', `${letter.meta.requestType} → ${other.meta.requestType}`, faxRow, await ingest(followFile, day(20)));
}

const forms: DocumentRow[] = [];
for (let i = 0; i < Math.max(3, Math.ceil(letters / 2)); i += 1) {
  const rng = new Rng(700 + i);
  const person = makePerson(rng, rng.pick(['Becker', 'Hoffmann', 'Schulz', 'Krüger', 'Lang', 'Vogel']), CITIES[(i * 5) % CITIES.length] as (typeof CITIES)[number]);
  const file = path.join(dir, `form-${i}.pdf`);
  await writeContractFormScan(planContractForm(person, 800 + i, { pages: 2, product: 'festnetz', signed: i % 2 === 0 }), file, dir);
  forms.push(await ingest(file, day(10 + i)));
}
for (let i = 1; i < forms.length; i += 1) measure('form, other customer', `form 0 vs form ${i}`, forms[0] as DocumentRow, forms[i] as DocumentRow);

const same = results.filter((result) => result.kind === 'same letter fax→post');
const others = results.filter((result) => result.kind !== 'same letter fax→post');
const stats = (values: number[]): string => (values.length ? `min ${Math.min(...values).toFixed(3)} / median ${values.sort((a, b) => a - b)[Math.floor(values.length / 2)]?.toFixed(3)} / max ${Math.max(...values).toFixed(3)}` : '–');
console.log(`\nsame letter fax→post: linked ${same.filter((r) => r.linked).length}/${same.length}, jaccard ${stats(same.map((r) => r.jaccard))}, containment ${stats(same.map((r) => r.containment))}`);
console.log(`different letters:    false links ${others.filter((r) => r.linked).length}/${others.length}, jaccard ${stats(others.map((r) => r.jaccard))}`);
await app.cleanup();
