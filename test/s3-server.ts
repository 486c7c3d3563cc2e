import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../src/modules/config/blob-url.ts';

export interface LocalS3Server {
  endpoint: string;
  bucket: string;
  /** Client settings for the blob driver; s3rver accepts the fixed key pair S3RVER / S3RVER. */
  settings: S3Settings;
  /** Stops the server (idempotent) and removes its objects unless a directory was given. */
  stop(): Promise<void>;
}

export const localS3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * A real S3-protocol server (the npm package s3rver: HTTP, SigV4, path-style
 * buckets, objects in a temp directory) on 127.0.0.1 and a random port.
 */
export async function startLocalS3Server(options: { bucket?: string; port?: number; directory?: string } = {}): Promise<LocalS3Server> {
  const bucket = options.bucket ?? 'poststelle-test';
  const directory = options.directory ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'pst-s3-')));
  const server = new S3rver({ address: '127.0.0.1', port: options.port ?? 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  let stopped = false;
  return {
    endpoint,
    bucket,
    settings: { endpoint, region: 'eu-central-1', forcePathStyle: true, maxAttempts: 3, credentials: localS3Credentials },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      if (!options.directory) await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
