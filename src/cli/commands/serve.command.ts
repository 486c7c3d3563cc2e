import type { Command } from 'commander';
import { configFrom, parsePositiveInt } from '../cli.options.ts';
import { waitForShutdown } from './worker.command.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('web UI + REST API + in-process pipeline workers')
    .option('--port <port>', 'TCP port', process.env.PORT ?? '3000')
    .option('--host <host>', 'interface to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--no-workers', 'serve only, without pipeline workers')
    .action(async (options: { port: string; host: string; workers: boolean }, command: Command) => {
      const port = parsePositiveInt(options.port, '--port');
      const config = configFrom(command);
      // Loaded on demand: the HTTP stack is not needed by other commands and slows their start.
      const { createAppContext } = await import('../../modules/app/app.context.ts');
      const { createServer } = await import('../../server/server.ts');
      const app = await createAppContext(config);
      if (options.workers) await app.pipeline.startWorkers();
      const { startAppMaintenance } = await import('../../modules/archive/archive.jobs.ts');
      const maintenance = options.workers ? await startAppMaintenance(app) : null;
      const { startMailboxPolling } = await import('../../modules/intake/mail/mailbox.polling.ts');
      const mail = options.workers ? startMailboxPolling(app) : null;
      const { startHotfolders } = await import('../../modules/intake/hotfolder/hotfolder.service.ts');
      const hotfolders = await startHotfolders(app);
      const server = await createServer(app);
      await server.listen({ port, host: options.host });
      process.stderr.write(`Poststelle listening on http://${options.host}:${port}\n`);
      await waitForShutdown();
      await server.close();
      await hotfolders.stop();
      await maintenance?.stop();
      await mail?.stop();
      await app.close();
    });
}
