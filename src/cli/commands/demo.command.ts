import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { expandInputPaths } from '../../modules/intake/intake.service.ts';
import { configFrom, parsePositiveInt } from '../cli.options.ts';
import { waitForShutdown } from './worker.command.ts';

/**
 * `npm start`: a working installation to look at. Generates varied demo
 * letters (scans, faxes, born-digital PDFs, a few broken files) once, ingests
 * them through the real pipeline and serves. Demo accounts, one per role, are
 * created once (password `poststelle-demo`, printed on start).
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('load demo letters (once) and serve')
    .option('--port <port>', 'TCP port', process.env.PORT ?? '3000')
    .option('--host <host>', 'interface to listen on', process.env.HOST ?? '127.0.0.1')
    .action(async (options: { port: string; host: string }, command: Command) => {
      const port = parsePositiveInt(options.port, '--port');
      const config = configFrom(command);
      // Loaded on demand: the HTTP stack is not needed by other commands and slows their start.
      const { createAppContext } = await import('../../modules/app/app.context.ts');
      const { createServer } = await import('../../server/server.ts');
      const app = await createAppContext(config);
      await app.pipeline.startWorkers();
      const { demoPassword, demoUsers, ensureDemoUsers } = await import('../../modules/auth/demo.users.ts');
      await app.db.insertInto('tenants').values({ id: config.tenantId, name: config.tenantId }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
      await ensureDemoUsers({ db: app.db, tenantId: config.tenantId });
      const server = await createServer(app);
      await server.listen({ port, host: options.host });
      process.stderr.write(`Poststelle demo on http://${options.host}:${port}\n`);
      process.stderr.write(`Demo logins (password "${demoPassword}"): ${demoUsers.map((user) => `${user.username} (${user.role})`).join(', ')}\n`);

      const existing = await app.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('count')).where('tenant_id', '=', config.tenantId).executeTakeFirst();
      if (Number(existing?.count ?? 0) === 0) {
        // Demo mail: varied letters, scans and faxes (held-out wordings) with their senders' master
        // data, plus a few broken files that end in quarantine.
        const demoDir = path.join(config.dataDir, 'demo-mail');
        const { generateEvaluationSet } = await import('../../../scripts/generate-corpus.ts');
        const { generateFixtures } = await import('../../../scripts/generate-fixtures.ts');
        await generateEvaluationSet({ outDir: demoDir, seed: 2026, count: 40, customers: 500 });
        const fixtures = await generateFixtures({ outDir: path.join(config.dataDir, 'demo-fixtures') });
        const { importCustomersCsv } = await import('../../modules/customers/customers.import.ts');
        await importCustomersCsv({ db: app.db, tenantId: config.tenantId, csv: await fs.readFile(path.join(demoDir, 'customers.csv')) });
        const letters = (await expandInputPaths([demoDir])).filter((file) => !/\.(csv|jsonl|json)$/.test(file));
        const broken = fixtures.documents.filter((document) => document.kind === 'bad').map((document) => path.join(config.dataDir, 'demo-fixtures', document.file));
        const files = [...letters, ...broken];
        const runId = await app.intake.startRun(config.tenantId);
        const dayMs = 86_400_000;
        for (const [index, file] of files.entries()) {
          await app.intake.ingest({
            bytes: await fs.readFile(file),
            source: path.relative(process.cwd(), file),
            originalName: path.basename(file),
            channel: 'auto',
            // Spread over the last two weeks, as a real inbox would be.
            receivedAt: new Date(Date.now() - (index % 14) * dayMs - index * 60_000),
            tenantId: config.tenantId,
            runId,
          });
        }
        await app.intake.finishRun(runId);
        process.stderr.write(`ingesting ${files.length} demo documents in the background\n`);
      }
      await waitForShutdown();
      await server.close();
      await app.close();
    });
}
