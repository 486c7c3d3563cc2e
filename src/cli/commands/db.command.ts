import type { Command } from 'commander';
import { openDatabase } from '../../modules/database/database.ts';
import { stopEmbeddedPostgres } from '../../modules/database/embedded-postgres.ts';
import { configFrom } from '../cli.options.ts';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('start the embedded PostgreSQL if needed and apply migrations')
    .action(async (_options: unknown, command: Command) => {
      const config = configFrom(command);
      const database = await openDatabase(config, { maxConnections: 2 });
      await database.close();
      process.stdout.write(`database ready (${config.databaseUrl ? 'external' : `embedded in ${config.dataDir}`})\n`);
    });
  db.command('stop')
    .description('stop the embedded PostgreSQL of the data dir')
    .action(async (_options: unknown, command: Command) => {
      const config = configFrom(command);
      const stopped = await stopEmbeddedPostgres(config.dataDir);
      process.stdout.write(stopped ? 'embedded PostgreSQL stopped\n' : 'embedded PostgreSQL was not running\n');
    });
}
