import path from 'node:path';
import { createError } from '../shared/errors.ts';

/** Where blobs live, as parsed from `POSTSTELLE_BLOB_URL` (unset: `<dataDir>/blobs`). */
export type BlobLocation =
  | { driver: 'fs'; root: string }
  | { driver: 's3'; bucket: string; prefix: string };

/** S3 client settings besides the bucket, from the usual AWS_* / S3_ENDPOINT environment. Credentials come from the SDK's default chain. */
export interface S3Settings {
  /** S3-compatible servers (MinIO, Ceph, …): `S3_ENDPOINT` or `AWS_ENDPOINT_URL`; null = AWS itself. */
  endpoint: string | null;
  region: string;
  /** `bucket.host` vs `host/bucket`: path style by default when an endpoint is given. */
  forcePathStyle: boolean;
  /** Attempts per request including retries (SDK standard retry mode with backoff). */
  maxAttempts: number;
  /** Explicit credentials (tests); normally absent so the SDK's chain (env, profile, IRSA, instance role) applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function invalid(raw: string, reason: string) {
  return createError({ code: 'config.invalid_blob_url', message: `POSTSTELLE_BLOB_URL ${JSON.stringify(raw)}: ${reason} (use s3://bucket/prefix or file:///absolute/dir)`, statusCode: 400 });
}

/** `s3://bucket/optional/prefix` or `file:///dir`; anything else is a configuration error. */
export function parseBlobUrl(raw: string | null | undefined, dataDir: string): BlobLocation {
  if (!raw) return { driver: 'fs', root: path.join(dataDir, 'blobs') };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(raw, 'not a URL');
  }
  if (url.protocol === 'file:') {
    if (url.host) throw invalid(raw, 'a file URL needs an absolute path (three slashes)');
    return { driver: 'fs', root: decodeURIComponent(url.pathname) };
  }
  if (url.protocol !== 's3:') throw invalid(raw, `scheme ${url.protocol} is not supported`);
  const bucket = url.hostname;
  if (!bucketPattern.test(bucket) || bucket.includes('..')) throw invalid(raw, `${JSON.stringify(bucket)} is not a valid bucket name`);
  if (url.username || url.password) throw invalid(raw, 'credentials do not belong in the URL; use AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY');
  if (url.search || url.hash) throw invalid(raw, 'query and fragment are not supported; use AWS_REGION / S3_ENDPOINT');
  // URL() would silently resolve `..`: check the prefix as written.
  const written = decodeURIComponent(raw.slice(`s3://${url.host}`.length));
  if (written.split('/').some((segment) => segment === '.' || segment === '..')) throw invalid(raw, 'the prefix must not contain . or .. segments');
  const prefix = written.split('/').filter(Boolean).join('/');
  return { driver: 's3', bucket, prefix };
}

function flag(value: string | undefined): boolean | null {
  if (value === undefined || value === '') return null;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw createError({ code: 'config.invalid_env', message: `S3_FORCE_PATH_STYLE: expected true or false, got ${JSON.stringify(value)}`, statusCode: 400 });
}

/** Reads the S3 client settings; nothing here is required when POSTSTELLE_BLOB_URL is not s3://. */
export function s3SettingsFrom(env: NodeJS.ProcessEnv): S3Settings {
  const endpoint = env.S3_ENDPOINT || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || null;
  if (endpoint) {
    try {
      const parsed = new URL(endpoint);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw createError({ code: 'config.invalid_env', message: `S3_ENDPOINT: ${JSON.stringify(endpoint)} is not an http(s) URL`, statusCode: 400 });
    }
  }
  const attempts = env.AWS_MAX_ATTEMPTS ? Number(env.AWS_MAX_ATTEMPTS) : 5;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 20) {
    throw createError({ code: 'config.invalid_env', message: `AWS_MAX_ATTEMPTS: expected 1…20, got ${JSON.stringify(env.AWS_MAX_ATTEMPTS)}`, statusCode: 400 });
  }
  return {
    endpoint,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    forcePathStyle: flag(env.S3_FORCE_PATH_STYLE) ?? endpoint !== null,
    maxAttempts: attempts,
  };
}
