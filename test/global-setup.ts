import fs from 'node:fs';
import path from 'node:path';
import { ensureEmbeddedPostgres } from '../src/modules/database/embedded-postgres.ts';

const testDataDir = path.resolve(process.env.POSTSTELLE_TEST_DATA_DIR ?? './data');
const fixturesDir = path.resolve('test/fixtures/generated');

/** Once per test run: the embedded PostgreSQL is up and the generated test letters exist. */
export default async function setup(): Promise<void> {
  if (!process.env.DATABASE_URL) await ensureEmbeddedPostgres(testDataDir);
  const generator = path.resolve('scripts/generate-fixtures.ts');
  if (fs.existsSync(generator)) {
    const { generateFixtures } = (await import(generator)) as typeof import('../scripts/generate-fixtures.ts');
    await generateFixtures({ outDir: fixturesDir });
  }
}
