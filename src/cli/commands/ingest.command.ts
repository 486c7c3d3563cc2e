import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { DocumentRow } from '../../modules/database/database.types.ts';
import { toContractLine } from '../../modules/documents/documents.presenter.ts';
import { expandInputPaths, type ChannelOption } from '../../modules/intake/intake.service.ts';
import { UsageError } from '../cli.errors.ts';
import { configFrom, parseDate } from '../cli.options.ts';

const channels = ['auto', 'scan', 'fax', 'email', 'upload'] as const;

interface IngestOptions {
  channel: string;
  receivedAt?: string;
  tenant?: string;
  wait?: boolean;
  json?: boolean;
}

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('take files or folders (recursively) into the mailroom')
    .argument('<paths...>', 'files or folders')
    .option('--channel <channel>', `intake channel: ${channels.join(' | ')}`, 'auto')
    .option('--received-at <iso>', 'legal date of receipt (default: now)')
    .option('--tenant <tenant>', 'client company')
    .option('--wait', 'return once every document is fully processed')
    .option('--json', 'one JSON line per resulting document')
    .action(async (paths: string[], options: IngestOptions, command: Command) => {
      if (!(channels as readonly string[]).includes(options.channel)) throw new UsageError(`--channel must be one of ${channels.join(', ')}`);
      const receivedAt = options.receivedAt ? parseDate(options.receivedAt, '--received-at') : null;
      const files = await expandInputPaths(paths);
      if (files.length === 0) throw new UsageError('no files found in the given paths');

      const config = configFrom(command, { tenant: options.tenant });
      const { createAppContext } = await import('../../modules/app/app.context.ts');
      const app = await createAppContext(config);
      try {
        await app.db.insertInto('tenants').values({ id: config.tenantId, name: config.tenantId }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
        if (options.wait) await app.pipeline.startWorkers();
        const runId = await app.intake.startRun(config.tenantId);
        const progress = createProgress(files.length, options.wait === true);
        const ids: string[] = [];
        for (const file of files) {
          const bytes = await fs.readFile(file);
          const outcome = await app.intake.ingest({
            bytes,
            source: file,
            originalName: path.basename(file),
            channel: options.channel as ChannelOption,
            receivedAt: receivedAt ?? new Date(),
            receivedAtGiven: receivedAt !== null,
            tenantId: config.tenantId,
            runId,
          });
          ids.push(outcome.documentId);
          progress.accepted();
        }

        const print = async (rows: DocumentRow[]) => {
          const originals = await app.documents.getManyByIds(rows.map((row) => row.duplicate_of).filter((id): id is string => id !== null));
          for (const row of rows) {
            const original = originals.find((candidate) => candidate.id === row.duplicate_of) ?? null;
            const line = toContractLine(row, original);
            if (options.json) process.stdout.write(`${JSON.stringify(line)}\n`);
            else process.stdout.write(`${line.status.padEnd(12)} ${line.id}  ${line.source}${line.error ? `  (${line.error.code})` : ''}\n`);
          }
        };

        if (options.wait) {
          // Lines come out in input order once every document is final.
          const finished = new Map<string, DocumentRow>();
          await app.documents.waitUntilFinal([...new Set(ids)], (row) => {
            finished.set(row.id, row);
            progress.finished();
          });
          // A scanner batch cut at separator sheets: its further documents exist once the first is final.
          const children = await app.documents.listBatchChildren([...new Set(ids)]);
          await app.documents.waitUntilFinal(
            children.map((child) => child.id),
            (row) => finished.set(row.id, row),
          );
          const withChildren = ids.flatMap((id) => [id, ...children.filter((child) => child.batch_parent_id === id).map((child) => child.id)]);
          progress.done();
          await print(withChildren.map((id) => finished.get(id)).filter((row): row is DocumentRow => row !== undefined));
        } else {
          progress.done();
          await print(await app.documents.getManyByIds(ids).then((rows) => ids.map((id) => rows.find((row) => row.id === id)).filter((row): row is DocumentRow => row !== undefined)));
        }
        await app.intake.finishRun(runId);
      } finally {
        await app.close();
      }
    });
}

/** A progress bar on stderr, only when stderr is a terminal. */
function createProgress(total: number, waiting: boolean) {
  const enabled = process.stderr.isTTY === true;
  let accepted = 0;
  let finished = 0;
  const draw = () => {
    if (!enabled) return;
    const done = waiting ? finished : accepted;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${waiting ? 'processed' : 'accepted'} `);
  };
  return {
    accepted: () => {
      accepted += 1;
      draw();
    },
    finished: () => {
      finished += 1;
      draw();
    },
    done: () => {
      if (enabled) process.stderr.write('\n');
    },
  };
}
