import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ensureDemoUsers } from '../../src/modules/auth/demo.users.ts';
import { customerCsvColumns, importCustomersCsv } from '../../src/modules/customers/customers.import.ts';
import { finalStatuses } from '../../src/modules/pipeline/pipeline.runner.ts';
import { createServer } from '../../src/server/server.ts';
import { createTestApp, fixturesDir, type TestApp } from '../../test/test-app.ts';
import type { FixtureManifest, GoodFixtureDocument } from '../../scripts/generate-fixtures.ts';

export interface WorkspaceServer {
  app: TestApp;
  server: FastifyInstance;
  baseUrl: string;
  manifest: FixtureManifest;
  close(): Promise<void>;
}

const dayMs = 24 * 60 * 60 * 1000;

/** `npm test` builds the UI in set-up; a lone `vitest run` of this file builds it when web/dist is missing. */
export function ensureWebBuilt(): void {
  const root = path.resolve(import.meta.dirname, '..', '..');
  if (existsSync(path.join(root, 'web', 'dist', 'index.html'))) return;
  execFileSync(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--config', path.join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

function csvLine(values: (string | null | undefined)[]): string {
  return values.map((value) => (value && /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : (value ?? ''))).join(',');
}

/** Master data for the letters' senders plus a few more customers, so matching has something to tell apart. */
function customersCsv(documents: GoodFixtureDocument[]): string {
  const rows = new Map<string, string>();
  for (const document of documents) {
    rows.set(
      document.customerNumber,
      csvLine([document.customerNumber, document.firstName, document.lastName, '', '', '', document.postcode, document.city, '', '', document.iban ?? '', '', document.contractNumber ?? '']),
    );
  }
  const extra = [
    ['4811023345', 'Gisela', 'Hübner', '', 'Marktplatz', '3', '35390', 'Gießen'],
    ['5209384471', 'Klaus-Dieter', 'Schröder', '', 'Anger', '12', '99084', 'Erfurt'],
    ['6620019384', 'Ayşe', 'Demir', '', 'Sonnenallee', '88', '12045', 'Berlin'],
    ['7093348812', '', '', 'Bäckerei Sommer GmbH', 'Hauptstraße', '41', '69117', 'Heidelberg'],
  ];
  for (const [customerNumber, firstName, lastName, company, street, houseNumber, postalCode, city] of extra) {
    rows.set(customerNumber ?? '', csvLine([customerNumber, firstName, lastName, company, street, houseNumber, postalCode, city, '', '', '', '', '']));
  }
  return [customerCsvColumns.join(','), ...rows.values()].join('\n') + '\n';
}

/**
 * The real server on a scratch database with pipeline workers (real OCR), demo
 * users (demo.users.ts) and customers, and a few letters already received on
 * earlier days so that queues, due dates and the dashboard have something to show.
 */
export async function startWorkspaceServer(options: { seedFiles: string[] }): Promise<WorkspaceServer> {
  const manifest = JSON.parse(await fs.readFile(path.join(fixturesDir, 'manifest.json'), 'utf8')) as FixtureManifest;
  const good = manifest.documents.filter((document): document is GoodFixtureDocument => document.kind !== 'bad');
  ensureWebBuilt();
  const app = await createTestApp({ ocrConcurrency: 1 });
  try {
    const tenantId = app.config.tenantId;
    await ensureDemoUsers({ db: app.db, tenantId });
    await importCustomersCsv({ db: app.db, tenantId, csv: customersCsv(good) });
    let daysAgo = 12;
    for (const file of options.seedFiles) {
      const bytes = await fs.readFile(path.join(fixturesDir, file));
      await app.intake.ingest({ bytes, source: `scan-batch/${file}`, originalName: file, channel: 'auto', receivedAt: new Date(Date.now() - daysAgo * dayMs), tenantId, runId: null });
      daysAgo = Math.max(0, daysAgo - 3);
    }
    await app.pipeline.startWorkers();
    const server = await createServer(app);
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return {
      app,
      server,
      baseUrl: `http://127.0.0.1:${port}`,
      manifest,
      async close() {
        await server.close();
        await app.cleanup();
      },
    };
  } catch (error) {
    await app.cleanup();
    throw error;
  }
}

/** Waits until every document has left the pipeline (routed, needs review, quarantined …). */
export async function waitForPipeline(app: TestApp, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await app.db.selectFrom('documents').select('id').where('status', 'not in', finalStatuses).execute();
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending.length} documents still in the pipeline`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
