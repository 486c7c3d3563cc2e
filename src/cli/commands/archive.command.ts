import os from 'node:os';
import type { Command } from 'commander';
import { createArchiveService } from '../../modules/archive/archive.service.ts';
import { eraseCustomerDocuments } from '../../modules/archive/erasure.service.ts';
import { createLegalHoldService } from '../../modules/archive/legal-hold.service.ts';
import { loadRetentionRules } from '../../modules/archive/retention.rules.ts';
import { runRetention } from '../../modules/archive/retention.service.ts';
import { createAuditLog } from '../../modules/audit/audit.log.ts';
import { openDatabase } from '../../modules/database/database.ts';
import { createBlobStore } from '../../modules/storage/blob-store.ts';
import type { PoststelleConfig } from '../../modules/config/config.ts';
import { UsageError } from '../cli.errors.ts';
import { configFrom, parseDate, parsePositiveInt } from '../cli.options.ts';

/** The operator at the terminal, as the audit trail names them. */
const cliActor = () => ({ id: null, name: `cli:${os.userInfo().username}` });

async function withServices<T>(config: PoststelleConfig, work: (services: { db: Awaited<ReturnType<typeof openDatabase>>['db']; blobs: ReturnType<typeof createBlobStore>; audit: ReturnType<typeof createAuditLog> }) => Promise<T>): Promise<T> {
  const database = await openDatabase(config, { maxConnections: 3 });
  try {
    return await work({ db: database.db, blobs: createBlobStore(config), audit: createAuditLog({ db: database.db }) });
  } finally {
    await database.close();
  }
}

const print = (json: boolean | undefined, value: unknown, text: string) => process.stdout.write(json ? `${JSON.stringify(value)}\n` : text);

export function registerArchiveCommands(program: Command): void {
  program
    .command('archive')
    .description('store PDF/A-2b renditions (with sha256 of original and rendition) of finished documents that have none yet')
    .option('--tenant <tenant>', 'only this client company')
    .option('--document <id>', 'only this document')
    .option('--limit <n>', 'at most N documents (default 500)')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; document?: string; limit?: string; json?: boolean }, command: Command) => {
      const config = configFrom(command, { tenant: options.tenant });
      const limit = options.limit ? parsePositiveInt(options.limit, '--limit') : 500;
      await withServices(config, async (services) => {
        const archive = createArchiveService({ ...services, timeoutMs: config.processTimeoutMs });
        const report = options.document ? { archived: [await archive.archiveDocument(config.tenantId, options.document)], failed: [] } : await archive.archivePending({ tenantId: options.tenant, limit });
        const failures = report.failed.map((failure) => `  ${failure.documentId}: ${failure.code} ${failure.message}\n`).join('');
        print(options.json, report, `${report.archived.length} archived as PDF/A-2b, ${report.failed.length} failed\n${failures}`);
      });
    });

  const hold = program.command('hold').description('legal hold: keeps a document past its retention and from erasure');
  hold
    .command('set')
    .argument('<document>', 'document id')
    .requiredOption('--reason <text>', 'why (case, file number)')
    .option('--tenant <tenant>', 'client company')
    .option('--json', 'print JSON')
    .action(async (documentId: string, options: { reason: string; tenant?: string; json?: boolean }, command: Command) => {
      const config = configFrom(command, { tenant: options.tenant });
      await withServices(config, async (services) => {
        const placed = await createLegalHoldService(services).set({ tenantId: config.tenantId, documentId, reason: options.reason, actor: cliActor() });
        print(options.json, placed, `legal hold ${placed.id} set on ${documentId}\n`);
      });
    });
  hold
    .command('release')
    .argument('<document>', 'document id')
    .requiredOption('--reason <text>', 'why the hold ends')
    .option('--tenant <tenant>', 'client company')
    .option('--json', 'print JSON')
    .action(async (documentId: string, options: { reason: string; tenant?: string; json?: boolean }, command: Command) => {
      const config = configFrom(command, { tenant: options.tenant });
      await withServices(config, async (services) => {
        const released = await createLegalHoldService(services).release({ tenantId: config.tenantId, documentId, reason: options.reason, actor: cliActor() });
        if (released === 0) throw new UsageError(`document ${documentId} has no active legal hold`);
        print(options.json, { documentId, released }, `${released} legal hold(s) released on ${documentId}\n`);
      });
    });
  hold
    .command('list')
    .option('--tenant <tenant>', 'client company')
    .option('--document <id>', 'only this document')
    .option('--all', 'released holds too')
    .option('--json', 'print one JSON line per hold')
    .action(async (options: { tenant?: string; document?: string; all?: boolean; json?: boolean }, command: Command) => {
      const config = configFrom(command, { tenant: options.tenant });
      await withServices(config, async (services) => {
        const holds = await createLegalHoldService(services).list({ tenantId: config.tenantId, documentId: options.document, activeOnly: !options.all });
        for (const entry of holds) {
          print(options.json, entry, `${entry.documentId} ${entry.releasedAt ? `released ${entry.releasedAt}` : 'ACTIVE'} since ${entry.setAt} by ${entry.setBy}: ${entry.reason}\n`);
        }
      });
    });

  program
    .command('retention')
    .description('retention: delete documents whose retention period has passed')
    .command('run')
    .description('delete expired documents without legal hold (rules: <data dir>/retention.json or the defaults), one audit entry each')
    .option('--dry-run', 'only report what would be deleted')
    .option('--tenant <tenant>', 'only this client company (default: all)')
    .option('--now <date>', 'judge retention at this instant (ISO; default now)')
    .option('--limit <n>', 'at most N documents (default 10000)')
    .option('--json', 'print JSON')
    .action(async (options: { dryRun?: boolean; tenant?: string; now?: string; limit?: string; json?: boolean }, command: Command) => {
      const config = configFrom(command);
      const rules = await loadRetentionRules(config.dataDir);
      await withServices(config, async (services) => {
        const report = await runRetention(services, {
          rules,
          dryRun: Boolean(options.dryRun),
          tenantId: options.tenant,
          now: options.now ? parseDate(options.now, '--now') : undefined,
          limit: options.limit ? parsePositiveInt(options.limit, '--limit') : undefined,
        });
        const lines = report.tenants.map(
          (tenant) =>
            `${tenant.tenantId}: ${tenant.expired} expired, ${tenant.outcome.deleted.length} ${report.dryRun ? 'would be deleted' : 'deleted'}, ${tenant.held} under legal hold, ${tenant.outcome.skipped.length} kept (${tenant.outcome.skipped.map((skip) => skip.reason).join(', ') || '-'}), ${tenant.outcome.blobsDeleted} blobs deleted\n`,
        );
        print(options.json, report, lines.join('') || 'nothing has expired\n');
      });
    });

  program
    .command('erase')
    .description("GDPR erasure of one customer's documents (and their copies); legal holds are respected; audit-recorded")
    .requiredOption('--customer <number>', 'customer number')
    .option('--dry-run', 'only report what would be erased')
    .option('--reference <text>', "the data subject's request (ticket number), kept in the audit trail")
    .option('--tenant <tenant>', 'client company')
    .option('--json', 'print JSON')
    .action(async (options: { customer: string; dryRun?: boolean; reference?: string; tenant?: string; json?: boolean }, command: Command) => {
      if (!/^[0-9]{10}$/.test(options.customer)) throw new UsageError('--customer: expected a 10-digit customer number');
      const config = configFrom(command, { tenant: options.tenant });
      await withServices(config, async (services) => {
        const report = await eraseCustomerDocuments(services, { tenantId: config.tenantId, customerNumber: options.customer, actor: cliActor(), dryRun: Boolean(options.dryRun), requestReference: options.reference });
        const skipped = report.skipped.map((skip) => `  kept ${skip.documentId}: ${skip.reason}\n`).join('');
        const suggested = report.suggestedNotErased.length > 0 ? `  ${report.suggestedNotErased.length} document(s) only suggested for this customer, not erased: review them\n` : '';
        print(options.json, report, `${report.deleted.length} document(s) ${report.dryRun ? 'would be erased' : 'erased'} for customer ${report.customerNumber}, ${report.skipped.length} kept\n${skipped}${suggested}`);
      });
    });
}
