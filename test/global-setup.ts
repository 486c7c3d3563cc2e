import path from 'node:path';
import { generateFixtures } from '../scripts/generate-fixtures.ts';
import { ensureEmbeddedPostgres } from '../src/modules/database/embedded-postgres.ts';

const testDataDir = path.resolve(process.env.POSTSTELLE_TEST_DATA_DIR ?? './data');
const fixturesDir = path.resolve('test/fixtures/generated');

/** Once per test run: the embedded PostgreSQL is up and the generated test letters exist. */
export default async function setup(): Promise<void> {
  if (!process.env.DATABASE_URL) await ensureEmbeddedPostgres(testDataDir);
  await generateFixtures({ outDir: fixturesDir });
}
