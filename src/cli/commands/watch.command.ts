import type { Command } from 'commander';
import { UsageError } from '../cli.errors.ts';
import { configFrom, parsePositiveInt } from '../cli.options.ts';
import { waitForShutdown } from './worker.command.ts';

const channels = ['auto', 'scan', 'fax', 'upload'] as const;
const completions = ['auto', 'marker', 'stable'] as const;

interface WatchOptions {
  channel: string;
  completion: string;
  settleMs: string;
  pollMs: string;
  workers: boolean;
  tenant?: string;
}

/** `poststelle watch DIR`: a scanner hot folder (plus pipeline workers unless --no-workers). */
export function registerWatchCommand(program: Command): void {
  program
    .command('watch')
    .description('take complete files from a scanner hot folder (with batch manifests) until stopped')
    .argument('<dir>', 'folder the scan station writes into')
    .option('--channel <channel>', `intake channel: ${channels.join(' | ')}`, 'auto')
    .option('--completion <mode>', 'when a file is complete: auto (marker file or unchanged size) | marker | stable', 'auto')
    .option('--settle-ms <ms>', 'unchanged for this long counts as complete', '500')
    .option('--poll-ms <ms>', 'look at the folder this often', '500')
    .option('--tenant <tenant>', 'client company')
    .option('--no-workers', 'only take files; pipeline workers run elsewhere')
    .action(async (dir: string, options: WatchOptions, command: Command) => {
      if (!(channels as readonly string[]).includes(options.channel)) throw new UsageError(`--channel must be one of ${channels.join(', ')}`);
      if (!(completions as readonly string[]).includes(options.completion)) throw new UsageError(`--completion must be one of ${completions.join(', ')}`);
      const settleMs = options.settleMs === '0' ? 0 : parsePositiveInt(options.settleMs, '--settle-ms');
      const pollMs = parsePositiveInt(options.pollMs, '--poll-ms');
      const config = configFrom(command, { tenant: options.tenant });
      const { createAppContext } = await import('../../modules/app/app.context.ts');
      const { createHotfolderWatcher } = await import('../../modules/intake/hotfolder/hotfolder.watcher.ts');
      const app = await createAppContext(config);
      try {
        await app.db.insertInto('tenants').values({ id: config.tenantId, name: config.tenantId }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
        if (options.workers) await app.pipeline.startWorkers();
        const watcher = createHotfolderWatcher({
          db: app.db,
          intake: app.intake,
          documents: app.documents,
          logger: app.logger,
          maxFileBytes: config.maxFileBytes,
          settings: {
            path: dir,
            channel: options.channel as (typeof channels)[number],
            tenantId: config.tenantId,
            completion: options.completion as (typeof completions)[number],
            settleMs,
            pollMs,
          },
        });
        await watcher.start();
        process.stderr.write(`Watching ${watcher.folder} (finished files go to ${watcher.folder}/.poststelle/)\n`);
        await waitForShutdown();
        await watcher.stop();
      } finally {
        await app.close();
      }
    });
}
