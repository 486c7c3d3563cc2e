import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../modules/config/config.ts';
import { resolveConnectionString } from '../../modules/database/database.ts';
import { createBlobStore } from '../../modules/storage/blob-store.ts';
import { UsageError } from '../cli.errors.ts';
import { configFrom, type GlobalOptions } from '../cli.options.ts';

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('back up database, blobs and data-dir files into one tar(.gz) with a sha256 manifest')
    .requiredOption('--out <file>', 'archive to write (.tar.gz or .tgz: gzip)')
    .option('--json', 'print JSON')
    .action(async (options: { out: string; json?: boolean }, command: Command) => {
      const config = configFrom(command);
      const { createBackup } = await import('../../modules/backup/backup.service.ts');
      const summary = await createBackup({ config, connectionString: await resolveConnectionString(config), blobs: createBlobStore(config) }, { outFile: options.out });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(summary)}\n`
          : `${summary.file}: ${summary.tables} tables (${summary.rows} rows), ${summary.blobs} blobs (${summary.blobBytes} bytes), ${summary.files.length} data-dir files; ${summary.bytes} bytes\n`,
      );
    });

  program
    .command('restore')
    .description('restore a backup into an empty data dir (its own embedded PostgreSQL, or DATABASE_URL), verifying every sha256')
    .argument('<file>', 'archive written by `poststelle backup`')
    .option('--data-dir <dir>', 'target data dir (must be empty; required)')
    .option('--force', 'restore into a non-empty data dir / database, replacing its data')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { dataDir: string; force?: boolean; json?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      // The subcommand's --data-dir is the target; commander may file it under the global option of the same name.
      const dataDir = options.dataDir ?? global.dataDir;
      if (!dataDir) throw new UsageError('restore: --data-dir DIR (an empty directory) is required');
      if (!fs.existsSync(file)) throw new UsageError(`restore: ${file} does not exist`);
      const target = loadConfig({ dataDir });
      const { restoreBackup } = await import('../../modules/backup/restore.service.ts');
      const summary = await restoreBackup({ file, target, force: Boolean(options.force) });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(summary)}\n`
          : `restored into ${summary.dataDir}: ${summary.rows} rows, ${summary.blobs} blobs, ${summary.files.length} data-dir files, ${summary.jobs} unfinished jobs; ${summary.verifiedEntries} files verified\n`,
      );
    });
}
