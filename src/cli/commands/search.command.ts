import type { Command } from 'commander';
import { openDatabase } from '../../modules/database/database.ts';
import { createSearchService } from '../../modules/search/search.service.ts';
import { configFrom, parseDate, parsePositiveInt } from '../cli.options.ts';

interface SearchOptions {
  type?: string;
  customer?: string;
  from?: string;
  to?: string;
  limit: string;
  tenant?: string;
  json?: boolean;
}

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('keyword / full-text search (German stemming, umlaut-insensitive, typo-tolerant, exact numbers)')
    .argument('<query...>', 'words, "phrases", customer numbers, IBANs')
    .option('--type <requestType>', 'only this request type')
    .option('--customer <customerNumber>', 'only this customer account')
    .option('--from <date>', 'received on or after')
    .option('--to <date>', 'received on or before')
    .option('--limit <n>', 'number of hits', '20')
    .option('--tenant <tenant>', 'client company')
    .option('--json', 'print JSON')
    .action(async (queryWords: string[], options: SearchOptions, command: Command) => {
      const limit = parsePositiveInt(options.limit, '--limit');
      const receivedFrom = options.from ? parseDate(options.from, '--from') : undefined;
      let receivedTo = options.to ? parseDate(options.to, '--to') : undefined;
      // A bare date as upper bound means "up to the end of that day".
      if (receivedTo && options.to && /^\d{4}-\d{2}-\d{2}$/.test(options.to)) receivedTo = new Date(receivedTo.getTime() + 86_399_999);
      const config = configFrom(command, { tenant: options.tenant });
      const database = await openDatabase(config, { maxConnections: 4 });
      try {
        const result = await createSearchService({ db: database.db }).search({
          tenantId: config.tenantId,
          query: queryWords.join(' '),
          requestType: options.type,
          customerNumber: options.customer,
          receivedFrom,
          receivedTo,
          limit,
        });
        if (options.json) {
          const hits = result.hits.map(({ id, score, requestType, customerNumber, receivedAt, snippet }) => ({ id, score, requestType, customerNumber, receivedAt, snippet }));
          process.stdout.write(`${JSON.stringify({ total: result.total, tookMs: result.tookMs, hits })}\n`);
          return;
        }
        process.stdout.write(`${result.total} hit(s) in ${result.tookMs} ms\n`);
        for (const hit of result.hits) {
          const snippet = hit.snippet.replace(/<mark>/g, '\x1b[1m').replace(/<\/mark>/g, '\x1b[0m');
          process.stdout.write(`\n${hit.id}  ${hit.receivedAt.slice(0, 10)}  ${hit.requestType ?? '-'}  ${hit.source}\n  ${snippet}\n`);
        }
      } finally {
        await database.close();
      }
    });
}
