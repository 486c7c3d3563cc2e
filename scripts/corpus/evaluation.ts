/**
 * The evaluation set: rendered documents from the held-out phrasing pool, `labels.jsonl` with the truth per
 * document and `customers.csv` with the master data (true senders among many look-alikes).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { customersToCsv } from './customers.ts';
import { planEvaluationSet, type PlannedDocument, type Scenario } from './evaluation.plan.ts';
import { renderDocument } from './evaluation.render.ts';
import type { Pool, RequestType } from './taxonomy.ts';
import type { TrueFields } from './template.ts';
import { DEFAULT_SEED } from './training.ts';

export const DEFAULT_EVALUATION_COUNT = 200;
export const DEFAULT_CUSTOMER_COUNT = 2000;

export interface EvaluationOptions {
  outDir: string;
  seed?: number;
  count?: number;
  /** Phrasing pool; keep `heldout` so the wordings differ from the training corpus. */
  pool?: Pool;
  /** Rows in customers.csv (true senders, distractors, fillers). */
  customers?: number;
  /** Parallel render jobs (default: CPUs, at most 4). */
  concurrency?: number;
}

/** One line of labels.jsonl. */
export interface EvaluationLabel {
  file: string;
  requestType: RequestType;
  secondaryRequestTypes: RequestType[];
  /** The sender's true account; null if the sender is not a customer. */
  customerNumber: string | null;
  /** Contract fields as the document states them (IBAN compact, phone E.164, date ISO). */
  fields: TrueFields;
  kind: PlannedDocument['kind'];
  pages: number;
  scenarios: Scenario[];
  /** The text printed on the document, for error analysis. */
  text: string;
  /**
   * When the letter arrived (ISO): a fax when it was sent, paper and PDF the day after it was made.
   * `eval` resolves "zum 31.03." and "Ende nächsten Monats" against it, as the pipeline does with the real receipt date.
   */
  receivedAt: string;
}

export interface EvaluationSet {
  outDir: string;
  labels: EvaluationLabel[];
  customerCount: number;
}

/** Like Promise.all over items.map(fn) with at most `limit` calls in flight; results keep the input order. */
async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  });
  await Promise.all(lanes);
  return results;
}

/** Deletes the documents a previous run listed in outDir/labels.jsonl (never anything else). */
async function removePreviousSet(outDir: string): Promise<void> {
  let previous: string;
  try {
    previous = await readFile(path.join(outDir, 'labels.jsonl'), 'utf8');
  } catch {
    return;
  }
  for (const line of previous.split('\n').filter((l) => l.trim())) {
    try {
      const file = (JSON.parse(line) as { file?: unknown }).file;
      const target = typeof file === 'string' ? path.resolve(outDir, file) : null;
      if (target && path.dirname(target) === outDir) await rm(target, { force: true });
    } catch {
      // A malformed line names no file of ours.
    }
  }
}

export async function generateEvaluationSet(options: EvaluationOptions): Promise<EvaluationSet> {
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.count ?? DEFAULT_EVALUATION_COUNT;
  const customerCount = options.customers ?? DEFAULT_CUSTOMER_COUNT;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${count}`);
  if (!Number.isInteger(customerCount) || customerCount < 0) throw new Error(`customers must be a non-negative integer, got ${customerCount}`);
  const outDir = path.resolve(options.outDir);
  const plan = planEvaluationSet(seed, count, customerCount, options.pool ?? 'heldout');

  await mkdir(outDir, { recursive: true });
  await removePreviousSet(outDir);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'poststelle-corpus-'));
  try {
    const concurrency = options.concurrency ?? Math.max(1, Math.min(os.cpus().length, 4));
    const labels = await inParallel(plan.documents, concurrency, async (doc): Promise<EvaluationLabel> => {
      const { text, pages } = await renderDocument(doc, outDir, workDir);
      return {
        file: doc.file,
        requestType: doc.letter.requestType,
        secondaryRequestTypes: doc.letter.secondary,
        customerNumber: doc.customerNumber,
        fields: doc.letter.fields,
        kind: doc.kind,
        pages,
        scenarios: doc.scenarios,
        text,
        receivedAt: new Date(doc.creationDate.getTime() + (doc.kind.startsWith('fax') ? 0 : 86_400_000)).toISOString(),
      };
    });
    await writeFile(path.join(outDir, 'customers.csv'), customersToCsv(plan.customers), 'utf8');
    await writeFile(path.join(outDir, 'labels.jsonl'), labels.map((l) => JSON.stringify(l)).join('\n') + '\n', 'utf8');
    return { outDir, labels, customerCount: plan.customers.length };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
