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
      await app.pipeline.startWorkers();
      app.logger.warn({ ocrConcurrency: config.ocrConcurrency }, 'worker started');
      await waitForShutdown();
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
