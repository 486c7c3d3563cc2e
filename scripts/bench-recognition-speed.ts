/**
 * Recognition speed: classification + extraction + customer matching + routing
 * per document, sequentially in one process (one core), with 100 000
 * customers loaded — the target is ≤ 20 ms per document.
 *
 *   npx tsx scripts/bench-recognition-speed.ts [EVAL_DIR] [--customers=100000]
 *
 * EVAL_DIR is a folder from `generate-corpus.ts eval` (labels.jsonl with the
 * letters' text, customers.csv). Its customers are loaded, then filler
 * customers (recombined names, streets and cities of the real ones, new
 * numbers and identifiers) up to the requested count, so lookups run against
 * a realistically dense table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { importCustomersCsv } from '../src/modules/customers/customers.import.ts';
import { connectDatabase, migrateToLatest } from '../src/modules/database/database.ts';
import { createScratchDatabase } from '../src/modules/database/scratch-database.ts';
import { createRecognitionService } from '../src/modules/recognition/recognition.service.ts';
import { computeGermanIban } from './generate-fixtures.ts';

const dir = path.resolve(process.argv.find((argument, index) => index >= 2 && !argument.startsWith('--')) ?? '.tmp/bench-recognition');
const target = Number.parseInt(process.argv.find((argument) => argument.startsWith('--customers='))?.split('=')[1] ?? '100000', 10);
const dataDir = path.resolve(process.env.POSTSTELLE_DATA_DIR ?? './data');

function fillerCsv(realCsv: string, count: number): string {
  const rows = realCsv.trim().split('\n').slice(1).map((line) => line.split(','));
  let state = 12345;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (column: number) => rows[Math.floor(random() * rows.length)]?.[column] ?? '';
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const number = String(1_000_000_000 + index * 7 + 3).padStart(10, '0');
    const city = rows[Math.floor(random() * rows.length)] ?? [];
    const account = String(index).padStart(10, '0');
    lines.push(
      [number, pick(1), pick(2), '', pick(4), String(1 + Math.floor(random() * 120)), city[6] ?? '', city[7] ?? '', `filler${index}@mail.example`, `+4930${String(10_000_000 + index)}`, computeGermanIban('10010010', account), '1970-01-01', `FX${index}`].join(','),
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const labels = fs.readFileSync(path.join(dir, 'labels.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { text: string });
  const realCsv = fs.readFileSync(path.join(dir, 'customers.csv'), 'utf8');
  const realCount = realCsv.trim().split('\n').length - 1;
  const database = await createScratchDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'bench' });
  const handle = connectDatabase(database.url, { maxConnections: 4 });
  try {
    await migrateToLatest(handle.db);
    const loadStarted = performance.now();
    await importCustomersCsv({ db: handle.db, tenantId: 'default', csv: realCsv });
    const fillers = Math.max(0, target - realCount);
    if (fillers > 0) await importCustomersCsv({ db: handle.db, tenantId: 'default', csv: `${realCsv.split('\n')[0]}\n${fillerCsv(realCsv, fillers)}` });
    await sql`analyze customers`.execute(handle.db);
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const recognition = createRecognitionService({ db: handle.db, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pst-bench-')) });
    // Warm-up: model load, JIT, connection pool.
    for (const label of labels.slice(0, 10)) await recognition.recognize({ tenantId: 'default', text: label.text, receivedAt: new Date(), channel: 'scan' });
    const durations: number[] = [];
    for (const label of labels) {
      const started = performance.now();
      await recognition.recognize({ tenantId: 'default', text: label.text, receivedAt: new Date(), channel: 'scan' });
      durations.push(performance.now() - started);
    }
    durations.sort((a, b) => a - b);
    const at = (q: number) => (durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0).toFixed(2);
    const mean = durations.reduce((sum, value) => sum + value, 0) / durations.length;
    process.stdout.write(
      `recognition per document (${labels.length} letters, ${realCount + fillers} customers loaded in ${loadSeconds.toFixed(1)} s, sequential, one process): mean ${mean.toFixed(2)} ms, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms\n`,
    );
  } finally {
    await handle.close();
    await database.drop().catch(() => undefined);
  }
}

await main();
process.exit(0);
