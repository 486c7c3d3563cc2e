import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAppContext } from '../app/app.context.ts';
import type { PoststelleConfig } from '../config/config.ts';
import { importCustomersCsv } from '../customers/customers.import.ts';
import { createScratchDatabase } from '../database/scratch-database.ts';
import { createError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import { computeRecognitionMetrics, type LabelledOutcome, type RecognitionMetrics } from './recognition.metrics.ts';

interface LabelLine {
  file: string;
  requestType: string;
  customerNumber?: string | null;
  fields?: Record<string, string | null>;
  receivedAt?: string;
}

async function readLabels(dir: string): Promise<LabelLine[]> {
  const file = path.join(dir, 'labels.jsonl');
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw createError({ code: 'eval.no_labels', message: `${file} not found`, statusCode: 400 });
  });
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line !== '')
    .map(({ line, index }) => {
      try {
        const parsed = JSON.parse(line) as LabelLine;
        if (!parsed.file || !parsed.requestType) throw new Error('needs "file" and "requestType"');
        return parsed;
      } catch (error) {
        throw createError({ code: 'eval.bad_labels', message: `labels.jsonl line ${index + 1}: ${(error as Error).message}`, statusCode: 400 });
      }
    });
}

export interface EvaluationResult extends RecognitionMetrics {
  /** Classification + extraction + matching + routing per document, as measured inside the pipeline. */
  recognitionMs: { mean: number; p50: number; p95: number; max: number };
  customersLoaded: number;
}

function summariseDurations(values: number[]): EvaluationResult['recognitionMs'] {
  if (values.length === 0) return { mean: 0, p50: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (value: number) => Math.round(value * 100) / 100;
  return { mean: round(values.reduce((sum, value) => sum + value, 0) / values.length), p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1] ?? 0) };
}

export async function runEvaluation(dir: string, config: PoststelleConfig, onProgress?: (done: number, total: number) => void): Promise<EvaluationResult> {
  const labels = await readLabels(dir);
  const database = await createScratchDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, prefix: 'eval' });
  const blobDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-eval-'));
  const app = await createAppContext({ ...config, databaseUrl: database.url, blobUrl: `file://${blobDir}` }, { logger: createLogger('error') });
  try {
    const customersCsv = path.join(dir, 'customers.csv');
    if (await fs.stat(customersCsv).catch(() => null)) {
      await importCustomersCsv({ db: app.db, tenantId: config.tenantId, csv: await fs.readFile(customersCsv) });
    }
    await app.db.insertInto('tenants').values({ id: config.tenantId, name: config.tenantId }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
    await app.pipeline.startWorkers();
    const runId = await app.intake.startRun(config.tenantId);
    const labelById = new Map<string, LabelLine>();
    for (const label of labels) {
      const outcome = await app.intake.ingest({
        bytes: await fs.readFile(path.join(dir, label.file)),
        source: label.file,
        originalName: path.basename(label.file),
        channel: 'auto',
        receivedAt: label.receivedAt ? new Date(label.receivedAt) : new Date(),
        tenantId: config.tenantId,
        runId,
      });
      labelById.set(outcome.documentId, label);
    }
    const outcomes: LabelledOutcome[] = [];
    const recognitionMs: number[] = [];
    await app.documents.waitUntilFinal([...labelById.keys()], (row) => {
      const label = labelById.get(row.id);
      if (!label) return;
      if (row.recognition) recognitionMs.push(row.recognition.durationMs);
      outcomes.push({
        file: label.file,
        truth: { requestType: label.requestType, customerNumber: label.customerNumber ?? null, fields: label.fields ?? {} },
        predicted: {
          requestType: row.request_type,
          matchStatus: row.match_status ?? 'none',
          customerNumber: row.match_status === 'auto' ? row.customer_number : null,
          suggestedCustomerNumber: row.suggested_customer_number,
          fields: row.fields ?? {},
          status: row.status,
        },
      });
      onProgress?.(outcomes.length, labels.length);
    });
    await app.intake.finishRun(runId);
    const customers = await app.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('count')).where('tenant_id', '=', config.tenantId).executeTakeFirst();
    return {
      ...computeRecognitionMetrics(outcomes.sort((a, b) => a.file.localeCompare(b.file))),
      recognitionMs: summariseDurations(recognitionMs),
      customersLoaded: Number(customers?.count ?? 0),
    };
  } finally {
    await app.close();
    await database.drop().catch(() => undefined);
    await fs.rm(blobDir, { recursive: true, force: true });
  }
}
