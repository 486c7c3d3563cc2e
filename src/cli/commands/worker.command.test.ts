import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../../test/test-app.ts';
import { startLocalS3Server, localS3Credentials, type LocalS3Server } from '../../../test/s3-server.ts';

/**
 * `poststelle worker` in scale-out configuration, as an operator starts it:
 * a wrong blob store must stop it at once with exit code 2 (system failure)
 * or 1 (bad configuration) and say why, instead of failing every step later.
 */
const cliPath = path.resolve('bin/poststelle.js');

describe('poststelle worker with POSTSTELLE_BLOB_URL=s3://…', () => {
  let s3: LocalS3Server;
  let workDir: string;
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    s3 = await startLocalS3Server({ bucket: 'poststelle-worker' });
    const test = await createTestConfig();
    workDir = test.workDir;
    databaseUrl = test.config.databaseUrl ?? '';
    dropDatabase = test.dropDatabase;
  });

  afterAll(async () => {
    await dropDatabase?.().catch(() => undefined);
    if (workDir) await fs.rm(workDir, { recursive: true, force: true });
    await s3?.stop();
  });

  function worker(blobUrl: string): Promise<{ code: number | null; stderr: string }> {
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      POSTSTELLE_BLOB_URL: blobUrl,
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: localS3Credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localS3Credentials.secretAccessKey,
      AWS_REGION: 'eu-central-1',
      AWS_MAX_ATTEMPTS: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POSTSTELLE_OCR_CONCURRENCY: '1',
      POSTSTELLE_LOG_LEVEL: 'error',
    };
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cliPath, '--data-dir', workDir, 'worker'], { env, cwd: workDir });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // A worker that did start would run until stopped: end it so the test reports the failure.
      const guard = setTimeout(() => child.kill('SIGTERM'), 60_000);
      child.on('close', (code) => {
        clearTimeout(guard);
        resolve({ code, stderr });
      });
    });
  }

  it('stops with exit code 2 and names the missing bucket', async () => {
    const result = await worker('s3://posteingang-gibt-es-nicht/prod');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('s3://posteingang-gibt-es-nicht/prod/');
    expect(result.stderr).toContain('bucket does not exist');
    expect(result.stderr).toContain('system.storage_unavailable');
  });

  it('stops with exit code 1 on a blob URL it cannot use', async () => {
    const result = await worker('gs://posteingang/prod');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('POSTSTELLE_BLOB_URL');
  });
});
