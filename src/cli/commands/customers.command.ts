import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { importCustomersCsv } from '../../modules/customers/customers.import.ts';
import { openDatabase } from '../../modules/database/database.ts';
import { UsageError } from '../cli.errors.ts';
import { configFrom } from '../cli.options.ts';

export function registerCustomersCommand(program: Command): void {
  const customers = program.command('customers').description('customer master data');
  customers
    .command('import')
    .description('upsert customer master data from CSV (keyed by customerNumber)')
    .argument('<file>', 'CSV with the header of ../shared/CONTRACT.md')
    .option('--tenant <tenant>', 'client company')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { tenant?: string; json?: boolean }, command: Command) => {
      const csv = await fs.readFile(file).catch(() => {
        throw new UsageError(`cannot read ${file}`);
      });
      const config = configFrom(command, { tenant: options.tenant });
      const database = await openDatabase(config, { maxConnections: 4 });
      try {
        await database.db.insertInto('tenants').values({ id: config.tenantId, name: config.tenantId }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
        const started = performance.now();
        const result = await importCustomersCsv({ db: database.db, tenantId: config.tenantId, csv });
        const tookMs = Math.round(performance.now() - started);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...result, tookMs })}\n`);
        } else {
          process.stdout.write(`${result.inserted} inserted, ${result.updated} updated, ${result.rejected.length} rejected (${tookMs} ms)\n`);
          for (const row of result.rejected.slice(0, 20)) process.stdout.write(`  line ${row.line}: ${row.reason}\n`);
          if (result.rejected.length > 20) process.stdout.write(`  … ${result.rejected.length - 20} more\n`);
        }
      } finally {
        await database.close();
      }
    });
}
