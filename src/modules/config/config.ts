import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseBlobUrl, s3SettingsFrom, type S3Settings } from './blob-url.ts';

const environmentSchema = z.object({
  POSTSTELLE_DATA_DIR: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  POSTSTELLE_BLOB_URL: z.string().optional(),
  POSTSTELLE_TENANT: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/).default('default'),
  POSTSTELLE_OCR_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  POSTSTELLE_OCR_LANGUAGES: z.string().default('deu'),
  POSTSTELLE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  POSTSTELLE_PROCESS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(180_000),
  POSTSTELLE_MAX_FILE_MB: z.coerce.number().min(1).default(200),
  POSTSTELLE_MAX_PAGES: z.coerce.number().int().min(1).default(500),
  POSTSTELLE_TRUST_PROXY: z.string().optional(),
  POSTSTELLE_METRICS_TOKEN: z.string().min(16).optional(),
});

export interface PoststelleConfig {
  dataDir: string;
  databaseUrl: string | null;
  blobUrl: string | null;
  /** S3 client settings (endpoint, region, retries) used when blobUrl is s3://. */
  s3: S3Settings;
  tenantId: string;
  ocrConcurrency: number;
  ocrLanguages: string[];
  logLevel: string;
  processTimeoutMs: number;
  maxFileBytes: number;
  maxPages: number;
  /**
   * Behind a TLS-terminating reverse proxy: trust its X-Forwarded-* headers, so that the session cookie
   * is marked Secure and login throttling sees the client's address. 'true', a hop count, or addresses/CIDRs.
   */
  trustProxy?: boolean | number | string[];
  /**
   * Bearer token a Prometheus scraper presents for /metrics (the counts cover every tenant). Without
   * one, /metrics answers only clients on the loopback interface.
   */
  metricsToken?: string | null;
}

/** Reads the environment once, validated; CLI flags override through `overrides`. */
export function loadConfig(overrides: { dataDir?: string; tenantId?: string } = {}, env: NodeJS.ProcessEnv = process.env): PoststelleConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid environment: ${issues}`);
  }
  const values = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? values.POSTSTELLE_DATA_DIR ?? './data');
  parseBlobUrl(values.POSTSTELLE_BLOB_URL, dataDir); // fail at start-up, not at the first upload
  return {
    dataDir,
    databaseUrl: values.DATABASE_URL ?? null,
    blobUrl: values.POSTSTELLE_BLOB_URL || null,
    s3: s3SettingsFrom(env),
    tenantId: overrides.tenantId ?? values.POSTSTELLE_TENANT,
    ocrConcurrency: values.POSTSTELLE_OCR_CONCURRENCY ?? Math.max(1, os.availableParallelism()),
    ocrLanguages: values.POSTSTELLE_OCR_LANGUAGES.split('+').filter(Boolean),
    logLevel: values.POSTSTELLE_LOG_LEVEL,
    processTimeoutMs: values.POSTSTELLE_PROCESS_TIMEOUT_MS,
    maxFileBytes: values.POSTSTELLE_MAX_FILE_MB * 1024 * 1024,
    maxPages: values.POSTSTELLE_MAX_PAGES,
    trustProxy: parseTrustProxy(values.POSTSTELLE_TRUST_PROXY),
    metricsToken: values.POSTSTELLE_METRICS_TOKEN ?? null,
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '' || trimmed === 'false') return false;
  if (trimmed === 'true') return true;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed.split(',').map((entry) => entry.trim()).filter(Boolean);
}
