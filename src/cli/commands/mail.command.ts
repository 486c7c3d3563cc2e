import type { Command } from 'commander';
import { loadMailboxes, mailboxesFile } from '../../modules/intake/mail/mailbox.config.ts';
import { UsageError } from '../cli.errors.ts';
import { configFrom, parsePositiveInt } from '../cli.options.ts';
import { waitForShutdown } from './worker.command.ts';

interface MailSyncOptions {
  mailbox?: string;
  once?: boolean;
  batchSize: string;
  json?: boolean;
}

/** `poststelle mail sync`: imports the configured IMAP mailboxes (see mailbox.config.ts). */
export function registerMailCommand(program: Command): void {
  const mail = program.command('mail').description('e-mail intake over IMAP');
  mail
    .command('sync')
    .description(`import new messages from the mailboxes in <data-dir>/mailboxes.json (keeps watching unless --once)`)
    .option('--mailbox <name>', 'only this mailbox')
    .option('--once', 'one pass over each mailbox, then exit')
    .option('--batch-size <n>', 'messages fetched per round trip', '50')
    .option('--json', 'one JSON line per mailbox and pass')
    .action(async (options: MailSyncOptions, command: Command) => {
      const config = configFrom(command);
      const batchSize = parsePositiveInt(options.batchSize, '--batch-size');
      let mailboxes = loadMailboxes(config.dataDir);
      if (mailboxes.length === 0) throw new UsageError(`no mailboxes configured: create ${mailboxesFile(config.dataDir)}`);
      if (options.mailbox) {
        mailboxes = mailboxes.filter((mailbox) => mailbox.name === options.mailbox);
        if (mailboxes.length === 0) throw new UsageError(`no mailbox named ${options.mailbox} in ${mailboxesFile(config.dataDir)}`);
      }
      const { createAppContext } = await import('../../modules/app/app.context.ts');
      const { createMailboxImporter } = await import('../../modules/intake/mail/mailbox.importer.ts');
      const { watchMailboxes } = await import('../../modules/intake/mail/mailbox.watcher.ts');
      const app = await createAppContext(config);
      try {
        const importer = createMailboxImporter({ db: app.db, intake: app.intake, logger: app.logger });
        if (options.once) {
          for (const mailbox of mailboxes) {
            const result = await importer.syncOnce(mailbox, { batchSize });
            if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
            else {
              process.stdout.write(
                `${mailbox.name}: ${result.skipped ? 'busy in another process, skipped' : `${result.imported} imported, ${result.duplicates} duplicates, ${result.alreadyImported} already imported, ${result.marked} marked`}\n`,
              );
            }
          }
          return;
        }
        const watchers = watchMailboxes({ importer, mailboxes, logger: app.logger });
        process.stderr.write(`watching ${mailboxes.map((mailbox) => mailbox.name).join(', ')} (Ctrl+C to stop)\n`);
        await waitForShutdown();
        await watchers.stop();
      } finally {
        await app.close();
      }
    });
}
