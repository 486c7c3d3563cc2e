import type { Logger } from 'pino';
import type { MailboxConfig } from './mailbox.config.ts';
import type { MailboxImporter } from './mailbox.importer.ts';

export interface MailboxWatchers {
  stop(): Promise<void>;
}

/**
 * Keeps every configured mailbox imported: sync, then wait for IDLE news or
 * the poll interval, sync again. A failing mailbox (server down, wrong
 * password) is logged and retried after its poll interval; it never stops the
 * others or the process.
 */
export function watchMailboxes({ importer, mailboxes, logger }: { importer: MailboxImporter; mailboxes: readonly MailboxConfig[]; logger: Logger }): MailboxWatchers {
  const controller = new AbortController();
  const loops = mailboxes.map(async (mailbox) => {
    while (!controller.signal.aborted) {
      try {
        await importer.syncOnce(mailbox, { signal: controller.signal });
      } catch (error) {
        logger.error({ mailbox: mailbox.name, err: (error as Error).message }, 'mailbox import failed; retrying after the poll interval');
      }
      if (controller.signal.aborted) break;
      try {
        await importer.waitForChange(mailbox, controller.signal);
      } catch (error) {
        logger.warn({ mailbox: mailbox.name, err: (error as Error).message }, 'waiting for mail failed');
      }
    }
  });
  return {
    async stop() {
      controller.abort();
      await Promise.allSettled(loops);
    },
  };
}
