import type { AppContext } from '../../app/app.context.ts';
import { loadMailboxes } from './mailbox.config.ts';
import { createMailboxImporter } from './mailbox.importer.ts';
import { watchMailboxes, type MailboxWatchers } from './mailbox.watcher.ts';

/**
 * For `serve` and `worker`: keeps the mailboxes of `<dataDir>/mailboxes.json`
 * imported (nothing to do without the file). Several processes may run it:
 * each mailbox is synchronised by one of them at a time.
 */
export function startMailboxPolling(app: Pick<AppContext, 'db' | 'intake' | 'logger' | 'config'>): MailboxWatchers {
  const mailboxes = loadMailboxes(app.config.dataDir);
  if (mailboxes.length === 0) return { stop: async () => undefined };
  const importer = createMailboxImporter({ db: app.db, intake: app.intake, logger: app.logger });
  app.logger.warn({ mailboxes: mailboxes.map((mailbox) => mailbox.name) }, 'watching mailboxes');
  return watchMailboxes({ importer, mailboxes, logger: app.logger });
}
