import { sql, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { AppContext } from '../app/app.context.ts';
import { createAuditLog } from '../audit/audit.log.ts';
import type { AuditLog } from '../audit/audit.types.ts';
import type { Database } from '../database/database.types.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';
import { createArchiveService } from './archive.service.ts';
import { loadRetentionRules } from './retention.rules.ts';
import { runRetention } from './retention.service.ts';

export const maintenanceQueues = { archive: 'maintenance_archive', retention: 'maintenance_retention' } as const;

export interface ArchiveMaintenanceOptions {
  connectionString: string;
  db: Kysely<Database>;
  blobs: BlobStore;
  audit: AuditLog;
  dataDir: string;
  logger: Logger;
  timeoutMs: number;
  /** Cron (Europe/Berlin) of the deletion job; default daily at 02:30. */
  retentionCron?: string;
  /** Cron of the archiving sweep; default every 10 minutes. */
  archiveCron?: string;
}

export interface ArchiveMaintenance {
  boss: PgBoss;
  stop(): Promise<void>;
}

/**
 * The scheduled side of the archive: PDF/A renditions for finished documents
 * and the retention deletion job, as pg-boss cron schedules. Any number of
 * workers may run this: pg-boss fires each schedule once, and the queues are
 * singletons, so two runs of the deletion job never overlap.
 */
export async function startArchiveMaintenance(options: ArchiveMaintenanceOptions): Promise<ArchiveMaintenance> {
  // A boss of its own: the pipeline's boss runs without the cron monitor (schedule: false).
  const boss = new PgBoss({ connectionString: options.connectionString, schema: 'pgboss', max: 2, schedule: true, supervise: false, migrate: true });
  boss.on('error', (error) => options.logger.warn({ err: String(error) }, 'archive maintenance queue error'));
  await boss.start();
  await options.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('poststelle.maintenance_queues'))`.execute(connection);
    try {
      for (const name of Object.values(maintenanceQueues)) {
        if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy: 'singleton', retryLimit: 2, retryDelay: 60, expireInSeconds: 6 * 60 * 60 });
      }
    } finally {
      await sql`select pg_advisory_unlock(hashtext('poststelle.maintenance_queues'))`.execute(connection);
    }
  });
  await boss.schedule(maintenanceQueues.retention, options.retentionCron ?? '30 2 * * *', {}, { tz: 'Europe/Berlin' });
  await boss.schedule(maintenanceQueues.archive, options.archiveCron ?? '*/10 * * * *', {}, { tz: 'Europe/Berlin' });

  const archive = createArchiveService({ db: options.db, blobs: options.blobs, audit: options.audit, timeoutMs: options.timeoutMs });
  await boss.work(maintenanceQueues.archive, async () => {
    const report = await archive.archivePending({ limit: 200 });
    if (report.archived.length > 0 || report.failed.length > 0) options.logger.info({ archived: report.archived.length, failed: report.failed.length }, 'archive sweep');
    return { archived: report.archived.length, failed: report.failed.length };
  });
  await boss.work(maintenanceQueues.retention, async () => {
    const rules = await loadRetentionRules(options.dataDir);
    const report = await runRetention({ db: options.db, blobs: options.blobs, audit: options.audit }, { rules, dryRun: false });
    options.logger.info({ deleted: report.deleted, skipped: report.skipped }, 'retention run');
    return { deleted: report.deleted, skipped: report.skipped };
  });
  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
    },
  };
}

/** The maintenance of a worker or server process, wired from its AppContext. */
export async function startAppMaintenance(app: Pick<AppContext, 'database' | 'db' | 'blobs' | 'config' | 'logger'>): Promise<ArchiveMaintenance> {
  return startArchiveMaintenance({
    connectionString: app.database.connectionString,
    db: app.db,
    blobs: app.blobs,
    audit: createAuditLog({ db: app.db }),
    dataDir: app.config.dataDir,
    logger: app.logger,
    timeoutMs: app.config.processTimeoutMs,
  });
}
