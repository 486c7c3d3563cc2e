import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '../config/blob-url.ts';
import { createError } from '../shared/errors.ts';
import { assertBlobKey, assertByteRange, blobKeyPattern, blobNotFound, sha256Hex } from './blob-key.ts';
import type { BlobStore, ByteRange, StoredBlob } from './blob-store.types.ts';

/** One client per process: it pools connections and retries (standard mode, exponential backoff). */
export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    maxAttempts: settings.maxAttempts,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // A black-holed endpoint must fail (and be retried), not hang a pipeline step forever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isObjectMissing(error: unknown): boolean {
  if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return true;
  return statusOf(error) === 404 && (error as { name?: string }).name !== 'NoSuchBucket';
}

/** Everything that is not "this object does not exist" means the store itself is not usable: a system failure (exit code 2, document `failed`, not quarantined). */
function unavailable(location: string, error: unknown) {
  const name = (error as { name?: string; code?: string }).code ?? (error as { name?: string }).name ?? 'Error';
  const status = statusOf(error);
  let reason: string;
  if (name === 'NoSuchBucket' || (status === 404 && name === 'NotFound')) reason = 'the bucket does not exist';
  else if (status === 403 || name === 'AccessDenied' || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') {
    reason = `access denied (${name}): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the role's policy`;
  } else if (networkCodes.has(name) || name === 'TimeoutError' || name === 'RequestTimeout') reason = `the endpoint cannot be reached (${name})`;
  else if (name === 'CredentialsProviderError') reason = 'no AWS credentials found (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity or instance role)';
  else reason = `${name}${status ? ` (HTTP ${status})` : ''}: ${error instanceof Error ? error.message : String(error)}`;
  return createError({ code: 'system.storage_unavailable', message: `blob store ${location} is unavailable: ${reason}`, statusCode: 503, cause: error });
}

/**
 * S3 driver (AWS S3 or any S3-compatible server): objects `<prefix>/<sha256>`.
 * A put asks HeadObject first and uploads only what is missing; two workers
 * racing on the same bytes write identical content, so the result is the same.
 */
export function createS3BlobStore({ client, bucket, prefix }: { client: S3Client; bucket: string; prefix: string }): BlobStore {
  const keyPrefix = prefix ? `${prefix.replace(/\/+$/, '')}/` : '';
  const location = `s3://${bucket}/${keyPrefix}`;
  const objectKey = (key: string) => `${keyPrefix}${assertBlobKey(key)}`;
  let bucketChecked: Promise<void> | null = null;

  /** HeadObject cannot tell a missing object from a missing bucket, so the bucket is checked once per process. */
  function ensureBucket(): Promise<void> {
    bucketChecked ??= client.send(new HeadBucketCommand({ Bucket: bucket })).then(
      () => undefined,
      (error: unknown) => {
        bucketChecked = null; // try again on the next call: the outage may be over
        throw unavailable(location, error);
      },
    );
    return bucketChecked;
  }

  async function send<T>(operation: () => Promise<T>, key: string | null): Promise<T> {
    await ensureBucket();
    try {
      return await operation();
    } catch (error) {
      if (key !== null && isObjectMissing(error)) throw blobNotFound(key, error);
      if (statusOf(error) === 416) throw createError({ code: 'storage.invalid_range', message: `byte range outside blob ${key ?? ''}`, statusCode: 416, cause: error });
      if (statusOf(error) === 404) bucketChecked = null;
      throw unavailable(location, error);
    }
  }

  async function exists(key: string): Promise<number | null> {
    const target = objectKey(key);
    try {
      const head = await send(() => client.send(new HeadObjectCommand({ Bucket: bucket, Key: target })), key);
      return head.ContentLength ?? 0;
    } catch (error) {
      if ((error as { code?: string }).code === 'storage.not_found') return null;
      throw error;
    }
  }

  return {
    driver: 's3',
    async check(): Promise<void> {
      // Always asks the server (health checks want the state now); a success also spares the next operation its bucket check.
      await client.send(new HeadBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
        throw unavailable(location, error);
      });
      bucketChecked = Promise.resolve();
    },
    async put(bytes: Buffer): Promise<StoredBlob> {
      const sha256 = sha256Hex(bytes);
      const stored = { key: sha256, sha256, sizeBytes: bytes.length };
      if ((await exists(sha256)) === bytes.length) return stored;
      await send(
        () =>
          client.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: objectKey(sha256),
              Body: bytes,
              ContentLength: bytes.length,
              ContentType: 'application/octet-stream',
              Metadata: { sha256 },
            }),
          ),
        null,
      );
      return stored;
    },
    async get(key: string): Promise<Buffer> {
      const target = objectKey(key);
      return send(async () => {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: target }));
        if (!response.Body) return Buffer.alloc(0);
        return Buffer.from(await response.Body.transformToByteArray());
      }, key);
    },
    async stream(key: string, range?: ByteRange): Promise<Readable> {
      const target = objectKey(key);
      assertByteRange(range);
      const header = range ? `bytes=${range.start}-${range.end ?? ''}` : undefined;
      const response = await send(() => client.send(new GetObjectCommand({ Bucket: bucket, Key: target, Range: header })), key);
      // In Node the body is the HTTP response itself: bytes flow as they arrive, nothing is buffered here.
      return response.Body as Readable;
    },
    async has(key: string): Promise<boolean> {
      return (await exists(key)) !== null;
    },
    async delete(key: string): Promise<void> {
      const target = objectKey(key);
      await send(() => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: target })), key);
    },
    async *list(): AsyncIterable<string> {
      let token: string | undefined;
      do {
        const page = await send(() => client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: keyPrefix, ContinuationToken: token })), null);
        for (const object of page.Contents ?? []) {
          const name = object.Key?.slice(keyPrefix.length) ?? '';
          if (blobKeyPattern.test(name)) yield name;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
