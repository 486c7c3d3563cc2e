import type { Command } from 'commander';
import { listAuditEvents } from '../../modules/audit/audit.query.ts';
import { verifyAuditChain, type AuditVerifyReport } from '../../modules/audit/audit.verify.ts';
import { openDatabase } from '../../modules/database/database.ts';
import { configFrom, parseDate, parsePositiveInt, type GlobalOptions } from '../cli.options.ts';

/** Exit code of `audit verify` when a chain is broken (0 intact, 1 usage, 2 system failure). */
export const auditBrokenExitCode = 3;

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('audit trail: verify the hash chain, list entries');
  audit
    .command('verify')
    .description(`recompute the hash chain; exit ${auditBrokenExitCode} and name the first broken entry when it does not hold`)
    .option('--tenant <tenant>', 'only this client company (default: all)')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; json?: boolean }, command: Command) => {
      const tenant = options.tenant ?? command.optsWithGlobals<GlobalOptions>().tenant;
      const config = configFrom(command);
      const database = await openDatabase(config, { maxConnections: 2 });
      let report: AuditVerifyReport;
      try {
        report = await verifyAuditChain({ db: database.db }, { tenantId: tenant });
      } finally {
        await database.close();
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
      } else {
        if (report.tenants.length === 0) process.stdout.write('no audit entries\n');
        for (const chain of report.tenants) {
          if (chain.ok) {
            process.stdout.write(`${chain.tenantId}: OK, ${chain.entries} entries, head #${chain.lastSeq} ${chain.lastHash}\n`);
          } else {
            process.stdout.write(`${chain.tenantId}: BROKEN at entry #${chain.firstBroken?.seq} (${chain.firstBroken?.reason}): ${chain.firstBroken?.message}; ${chain.entries} entries before it are intact\n`);
          }
        }
      }
      // main.ts exits 0 after a command; a broken chain must not look like success.
      if (!report.ok) process.exit(auditBrokenExitCode);
    });

  audit
    .command('list')
    .description('list audit entries, newest first')
    .option('--tenant <tenant>', 'client company')
    .option('--action <action>', 'e.g. document.view, document.delete')
    .option('--actor <id>', 'users.id or api_tokens.id')
    .option('--subject-type <type>', 'document, customer, user, token, search, settings')
    .option('--subject <id>', 'e.g. a document id')
    .option('--from <date>', 'at or after (ISO)')
    .option('--to <date>', 'before (ISO)')
    .option('--before-seq <n>', 'older than this entry (paging)')
    .option('--limit <n>', 'at most N entries (default 50, max 1000)')
    .option('--json', 'print one JSON line per entry')
    .action(async (options: { tenant?: string; action?: string; actor?: string; subjectType?: string; subject?: string; from?: string; to?: string; beforeSeq?: string; limit?: string; json?: boolean }, command: Command) => {
      const config = configFrom(command, { tenant: options.tenant });
      const filters = {
        tenantId: config.tenantId,
        action: options.action,
        actorId: options.actor,
        subjectType: options.subjectType,
        subjectId: options.subject,
        from: options.from ? parseDate(options.from, '--from') : undefined,
        to: options.to ? parseDate(options.to, '--to') : undefined,
        beforeSeq: options.beforeSeq ? parsePositiveInt(options.beforeSeq, '--before-seq') : undefined,
        limit: options.limit ? parsePositiveInt(options.limit, '--limit') : 50,
      };
      const database = await openDatabase(config, { maxConnections: 2 });
      try {
        const page = await listAuditEvents({ db: database.db }, filters);
        for (const entry of page.events) {
          if (options.json) {
            process.stdout.write(`${JSON.stringify(entry)}\n`);
          } else {
            const subject = entry.subjectId ? `${entry.subjectType} ${entry.subjectId}` : entry.subjectType;
            const details = Object.keys(entry.details).length > 0 ? ` ${JSON.stringify(entry.details)}` : '';
            process.stdout.write(`#${entry.seq} ${entry.at} ${entry.actorName} ${entry.action} ${subject}${details}\n`);
          }
        }
        if (!options.json && page.nextBeforeSeq !== null) process.stdout.write(`… more: --before-seq ${page.nextBeforeSeq}\n`);
      } finally {
        await database.close();
      }
    });
}
