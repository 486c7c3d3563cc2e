import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createAppContext, type AppContext } from '../src/modules/app/app.context.ts';
import { loadConfig, type PoststelleConfig } from '../src/modules/config/config.ts';
import { createEmbeddedDatabase, dropEmbeddedDatabase } from '../src/modules/database/embedded-postgres.ts';
import { createLogger } from '../src/modules/shared/logger.ts';

export const testDataDir = path.resolve(process.env.POSTSTELLE_TEST_DATA_DIR ?? './data');
export const fixturesDir = path.resolve('test/fixtures/generated');

export interface TestApp extends AppContext {
  workDir: string;
  cleanup(): Promise<void>;
}

/**
 * A real, isolated installation for one test file: its own database on the
 * shared embedded PostgreSQL (or on DATABASE_URL's server) and its own blob dir.
 */
export async function createTestConfig(): Promise<{ config: PoststelleConfig; workDir: string; dropDatabase: () => Promise<void> }> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-test-'));
  const database = `test_${crypto.randomBytes(6).toString('hex')}`;
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client(process.env.DATABASE_URL);
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client(process.env.DATABASE_URL);
      await client.connect();
      await client.query(`drop database if exists ${database} with (force)`);
      await client.end();
    };
  } else {
    databaseUrl = await createEmbeddedDatabase(testDataDir, database);
    dropDatabase = () => dropEmbeddedDatabase(testDataDir, database);
  }
  const config = loadConfig({ dataDir: workDir }, { ...process.env, DATABASE_URL: databaseUrl, POSTSTELLE_BLOB_URL: undefined, POSTSTELLE_LOG_LEVEL: 'error' });
  return { config, workDir, dropDatabase };
}

export async function createTestApp(overrides: Partial<PoststelleConfig> = {}): Promise<TestApp> {
  const { config, workDir, dropDatabase } = await createTestConfig();
  const app = await createAppContext({ ...config, ...overrides }, { logger: createLogger('error') });
  return {
    ...app,
    workDir,
    async cleanup() {
      await app.close();
      await dropDatabase().catch(() => undefined);
      await fs.rm(workDir, { recursive: true, force: true });
    },
  };
}
