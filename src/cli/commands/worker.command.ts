import type { Command } from 'commander';
import { configFrom } from '../cli.options.ts';

/** Pipeline workers only: start as many of these as needed on machines sharing the database and blob store. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run pipeline workers only (scale-out)')
    .action(async (_options: unknown, command: Command) => {
      const config = configFrom(command);
      const { createAppContext } = await import('../../modules/app/app.context.ts');
      const app = await createAppContext(config);
      // A worker without its blob store would only fail every step: stop now with exit code 2 and the reason.
      await app.blobs.check().catch(async (error: unknown) => {
        await app.close();
        throw error;
      });
      await app.pipeline.startWorkers();
      const { startAppMaintenance } = await import('../../modules/archive/archive.jobs.ts');
      const maintenance = await startAppMaintenance(app);
      const { startMailboxPolling } = await import('../../modules/intake/mail/mailbox.polling.ts');
      const mail = startMailboxPolling(app);
      app.logger.warn({ ocrConcurrency: config.ocrConcurrency }, 'worker started');
      await waitForShutdown();
      await maintenance.stop();
      await mail.stop();
      await app.close();
    });
}

export function waitForShutdown(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
