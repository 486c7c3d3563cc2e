import { Command, CommanderError } from 'commander';
import { exitCodeFor, reportError } from './cli.errors.ts';
import { registerArchiveCommands } from './commands/archive.command.ts';
import { registerAuditCommand } from './commands/audit.command.ts';
import { registerBackupCommands } from './commands/backup.command.ts';
import { registerDbCommands } from './commands/db.command.ts';
import { registerClassifierRetrainCommand } from './commands/classifier-retrain.command.ts';
import { registerClassifierCommand } from './commands/classifier.command.ts';
import { registerCustomersCommand } from './commands/customers.command.ts';
import { registerDemoCommand } from './commands/demo.command.ts';
import { registerEvalCommand } from './commands/eval.command.ts';
import { registerIngestCommand } from './commands/ingest.command.ts';
import { registerMailCommand } from './commands/mail.command.ts';
import { registerSearchCommand } from './commands/search.command.ts';
import { registerServeCommand } from './commands/serve.command.ts';
import { registerWatchCommand } from './commands/watch.command.ts';
import { registerUsersCommand } from './commands/users.command.ts';
import { registerWorkerCommand } from './commands/worker.command.ts';

const program = new Command();
program
  .name('poststelle')
  .description('Poststelle — open-source digital mailroom')
  .option('--data-dir <dir>', 'data directory (env POSTSTELLE_DATA_DIR, default ./data)')
  .option('--tenant <tenant>', 'client company (env POSTSTELLE_TENANT, default "default")')
  .option('-v, --verbose', 'log progress to stderr')
  .exitOverride()
  .showHelpAfterError();

registerIngestCommand(program);
registerMailCommand(program);
registerSearchCommand(program);
registerServeCommand(program);
registerWatchCommand(program);
registerWorkerCommand(program);
registerCustomersCommand(program);
registerClassifierCommand(program);
registerClassifierRetrainCommand(program);
registerEvalCommand(program);
registerDemoCommand(program);
registerDbCommands(program);
registerAuditCommand(program);
registerArchiveCommands(program);
registerBackupCommands(program);
registerUsersCommand(program);

try {
  await program.parseAsync(process.argv);
  process.exit(0);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 1);
  }
  reportError(error);
  process.exit(exitCodeFor(error));
}
