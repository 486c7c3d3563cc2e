import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { PoststelleConfig } from '../config/config.ts';
import type { Database, DocumentRow } from '../database/database.types.ts';
import type { ProcessingLimits } from '../imaging/imaging.types.ts';
import type { OcrEngine } from '../ocr/ocr.types.ts';
import type { RecognitionService } from '../recognition/recognition.service.ts';
import type { Semaphore } from '../shared/semaphore.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';

export const pipelineSteps = ['split', 'ocr', 'pdf', 'index', 'recognize', 'dedup', 'finalize'] as const;
export type PipelineStep = (typeof pipelineSteps)[number];

/** Payload of every pipeline job: which document, in which tenant. */
export interface StepJobData {
  documentId: string;
  tenantId: string;
}

export interface StepContext {
  db: Kysely<Database>;
  blobs: BlobStore;
  ocr: OcrEngine;
  recognition: RecognitionService;
  /** Bounds concurrent OCR processes in this process to the configured cores. */
  ocrSlots: Semaphore;
  limits: ProcessingLimits;
  config: PoststelleConfig;
  logger: Logger;
  /**
   * Sends the step after `afterStep` for another document, inside the caller's
   * transaction: how documents split off a scanner batch join the pipeline.
   * Provided by the pipeline runner.
   */
  continueDocument?: (afterStep: PipelineStep, data: StepJobData, trx: Transaction<Database>) => Promise<void>;
}

export interface StepOutcome {
  /** Stored with the step record (counts, timings), for operators and benchmarks. */
  result?: Record<string, unknown>;
  /** The step gave the document its final status (e.g. a near-duplicate): the chain ends here. */
  final?: boolean;
}

export interface StepDefinition {
  step: PipelineStep;
  /** Workers per process for this step. 'ocr' means the configured OCR concurrency. */
  concurrency: number | 'ocr';
  expireInSeconds: number;
  retryLimit: number;
  run(context: StepContext, document: DocumentRow): Promise<StepOutcome>;
}
