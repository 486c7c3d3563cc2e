import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAppContext, type AppContext } from '../src/modules/app/app.context.ts';
import { loadConfig, type PoststelleConfig } from '../src/modules/config/config.ts';
import { createScratchDatabase } from '../src/modules/database/scratch-database.ts';
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
  const database = await createScratchDatabase({ dataDir: testDataDir, databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'test' });
  const config = loadConfig({ dataDir: workDir }, { ...process.env, DATABASE_URL: database.url, POSTSTELLE_BLOB_URL: undefined, POSTSTELLE_LOG_LEVEL: 'error' });
  return { config, workDir, dropDatabase: database.drop };
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
