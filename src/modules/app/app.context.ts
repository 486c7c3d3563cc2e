import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { PoststelleConfig } from '../config/config.ts';
import { openDatabase, type DatabaseHandle } from '../database/database.ts';
import type { Database } from '../database/database.types.ts';
import { grantJobQueueToTenantRole } from '../database/tenant-isolation.ts';
import { createDocumentsRepository, type DocumentsRepository } from '../documents/documents.repository.ts';
import type { ProcessingLimits } from '../imaging/imaging.types.ts';
import { createIntakeService, type IntakeService } from '../intake/intake.service.ts';
import { createTesseractEngine } from '../ocr/tesseract.engine.ts';
import { startJobQueue } from '../pipeline/job-queue.ts';
import { createPipelineRunner, type PipelineRunner } from '../pipeline/pipeline.runner.ts';
import { createRecognitionService } from '../recognition/recognition.service.ts';
import { createModelStore, modelCacheDirOf } from '../recognition/model.store.ts';
import { createRoutingRulesStore, type RoutingRulesStore } from '../routing/routing.store.ts';
import { createWebhookDelivery, withWebhookDelivery } from '../webhooks/webhooks.delivery.ts';
import { createSearchService, type SearchService } from '../search/search.service.ts';
import { createLogger } from '../shared/logger.ts';
import { createSemaphore } from '../shared/semaphore.ts';
import { createBlobStore } from '../storage/blob-store.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';

export interface AppContext {
  config: PoststelleConfig;
  logger: Logger;
  database: DatabaseHandle;
  db: Kysely<Database>;
  boss: PgBoss;
  blobs: BlobStore;
  pipeline: PipelineRunner;
  intake: IntakeService;
  documents: DocumentsRepository;
  search: SearchService;
  /** Routing rules per tenant (database, seeded from <dataDir>/routing.json). */
  routingRules: RoutingRulesStore;
  close(): Promise<void>;
}

export function limitsFrom(config: PoststelleConfig): ProcessingLimits {
  return {
    maxFileBytes: config.maxFileBytes,
    maxPages: config.maxPages,
    maxPixelsPerPage: 120_000_000,
    processTimeoutMs: config.processTimeoutMs,
  };
}

/** Wires every module once per process: the composition root (no global singletons elsewhere). */
export async function createAppContext(config: PoststelleConfig, options: { logger?: Logger } = {}): Promise<AppContext> {
  // Parallelism comes from one job per core; libvips' own thread pool per image would only compete with tesseract.
  sharp.concurrency(1);
  // libvips' operation cache keeps recent images and results (up to 50 MB and 20 open files by default) for
  // repeated operations on the same input, which a pipeline never does: it only held memory between pages.
  sharp.cache(false);
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config, { maxConnections: Math.max(10, config.ocrConcurrency * 2 + 6) });
  const boss = await startJobQueue(database.connectionString, { maxConnections: Math.max(4, config.ocrConcurrency + 2) });
  // A request (tenant scope) writes its document's first job in its own transaction: the tenant role may insert jobs.
  await grantJobQueueToTenantRole(database.db);
  const blobs = createBlobStore(config);
  const routingRules = createRoutingRulesStore({ db: database.db, dataDir: config.dataDir });
  // Webhook deliveries run alongside the pipeline workers (started and stopped with them).
  const pipeline = withWebhookDelivery(createPipelineRunner({
    db: database.db,
    boss,
    context: {
      db: database.db,
      blobs,
      ocr: createTesseractEngine(),
      recognition: createRecognitionService({ db: database.db, dataDir: config.dataDir, routingRules, models: createModelStore({ db: database.db, blobs, cacheDir: modelCacheDirOf(config.dataDir) }) }),
      ocrSlots: createSemaphore(config.ocrConcurrency),
      limits: limitsFrom(config),
      config,
      logger,
    },
  }), createWebhookDelivery({ db: database.db, logger }));
  return {
    config,
    logger,
    database,
    db: database.db,
    boss,
    blobs,
    pipeline,
    intake: createIntakeService({ db: database.db, blobs, pipeline }),
    documents: createDocumentsRepository({ db: database.db }),
    search: createSearchService({ db: database.db }),
    routingRules,
    async close() {
      await pipeline.stopWorkers().catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
      await database.close();
    },
  };
}
