/**
 * Loads synthetic German letters (scripts/search/corpus.letters.ts) straight
 * into a Poststelle database with COPY, indexed exactly as the pipeline's
 * index step does (src/modules/search/search.indexer.ts):
 *
 *   search_vector = setweight(to_tsvector('german', pst_fold(text)), 'B')
 *                || setweight(to_tsvector('simple', identifiers || ' ' || filing ids), 'A')
 *
 * plus the tenant's typo vocabulary (search_lexemes). Each batch is COPYed into
 * a temporary staging table and moved into documents by one INSERT … SELECT
 * that computes the vector in PostgreSQL; two connections work in turn so
 * generating one batch overlaps indexing the other.
 *
 *   npx tsx scripts/search-corpus.ts --count=100000 [--seed=42] [--tenant=default] [--database-url=postgres://…]
 *
 * Without --database-url it creates a scratch database on the data dir's
 * embedded PostgreSQL, migrates it, loads, prints the URL and keeps it.
 */
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import crypto from 'node:crypto';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { connectDatabase, migrateToLatest } from '../src/modules/database/database.ts';
import { createScratchDatabase } from '../src/modules/database/scratch-database.ts';
import { corpusLetter, type CorpusLetter } from './search/corpus.letters.ts';

export interface LoadOptions {
  databaseUrl: string;
  tenantId?: string;
  seed?: number;
  /** Letters [from, from + count) of the seeded corpus: grow a database by loading the next range. */
  from?: number;
  count: number;
  batchSize?: number;
  /** Parallel connections (each COPYs and indexes its own batches). */
  connections?: number;
  onProgress?: (loaded: number) => void;
  /** Stop taking new batches after this moment (the result says how many were loaded). */
  stopAt?: Date;
}

export interface LoadResult {
  documents: number;
  seconds: number;
  documentsPerSecond: number;
}

const stagingColumns = ['id', 'received_at', 'channel', 'status', 'request_type', 'queue', 'customer_number', 'scan_batch_id', 'source', 'sha256', 'size_bytes', 'fields', 'text', 'identifiers'] as const;

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyValue(value: string | number | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function copyLine(letter: CorpusLetter, seed: number): string {
  const id = uuidOf(seed, letter.index);
  const fields = JSON.stringify({
    customerNumber: letter.customer.customerNumber,
    contractNumber: letter.customer.contractNumber,
    iban: letter.customer.iban,
    firstName: letter.customer.firstName,
    lastName: letter.customer.lastName,
    street: `${letter.customer.street} ${letter.customer.houseNumber}`,
    postalCode: letter.customer.postalCode,
    city: letter.customer.city,
  });
  const source = `${letter.channel === 'email' ? 'mail' : letter.channel}/${letter.receivedAt.toISOString().slice(0, 10)}/${letter.index}.${letter.channel === 'email' ? 'eml' : 'pdf'}`;
  const values = [
    id,
    letter.receivedAt.toISOString(),
    letter.channel,
    letter.status,
    letter.requestType,
    letter.queue,
    letter.customerNumber,
    letter.scanBatchId,
    source,
    crypto.createHash('sha256').update(`${seed}:${letter.index}`).digest('hex'),
    letter.text.length,
    fields,
    letter.text,
    letter.identifiers,
  ];
  return `${values.map(copyValue).join('\t')}\n`;
}

/** Stable id of letter n, so a test or benchmark can look it up. */
export function uuidOf(seed: number, index: number): string {
  const hex = crypto.createHash('md5').update(`search-corpus:${seed}:${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function prepare(client: pg.Client): Promise<void> {
  await client.query(`
    create temporary table search_corpus_staging (
      id uuid, received_at timestamptz, channel text, status text, request_type text, queue text,
      customer_number text, scan_batch_id text, source text, sha256 text, size_bytes bigint,
      fields jsonb, text text, identifiers text
    )`);
}

/** One batch: COPY into staging, then documents (+ vector) and vocabulary in one statement. */
async function loadBatch(client: pg.Client, tenantId: string, lines: string): Promise<void> {
  await client.query('begin');
  try {
    await client.query('truncate search_corpus_staging');
    await pipeline(Readable.from([lines]), client.query(copyFrom(`copy search_corpus_staging (${stagingColumns.join(', ')}) from stdin`)));
    await client.query(
      `with added as (
         insert into documents (id, tenant_id, sha256, original_key, original_name, source, size_bytes, format, mime_type, channel, received_at,
                                status, page_count, text, text_source, search_vector, request_type, request_type_confidence, fields,
                                customer_number, match_status, match_confidence, queue, scan_batch_id, finished_at)
         select id, $1::text, sha256, sha256, source, source, size_bytes, 'pdf', 'application/pdf', channel, received_at,
                status, 1 + size_bytes / 2500, text, case when channel = 'scan' or channel = 'fax' then 'ocr' else 'text' end,
                setweight(to_tsvector('german', pst_fold(text)), 'B')
                  || setweight(to_tsvector('simple', identifiers || ' ' || concat_ws(' ', null::text, lower(translate(scan_batch_id, ' .-/', '')))), 'A'),
                request_type, case when request_type is null then null else 0.9 end, fields,
                customer_number, case when customer_number is null then 'none' else 'auto' end, case when customer_number is null then null else 0.97 end,
                queue, scan_batch_id, received_at + interval '3 minutes'
         from search_corpus_staging
         returning search_vector
       )
       insert into search_lexemes (tenant_id, lexeme)
       select distinct $1::text, entry.lexeme
       from added, unnest(added.search_vector) as entry(lexeme, positions, weights)
       where length(entry.lexeme) between 3 and 40 and entry.lexeme ~ '^[a-z]+$'
       order by entry.lexeme
       on conflict do nothing`,
      [tenantId],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/** Loads letters [from, from + count) of the seeded corpus into the database at `databaseUrl`. */
export async function loadSearchCorpus(options: LoadOptions): Promise<LoadResult> {
  const tenantId = options.tenantId ?? 'default';
  const seed = options.seed ?? 42;
  const from = options.from ?? 0;
  const batchSize = options.batchSize ?? 2000;
  const clients = await Promise.all(
    Array.from({ length: Math.max(1, options.connections ?? 2) }, async () => {
      const client = new pg.Client(options.databaseUrl);
      await client.connect();
      await prepare(client);
      return client;
    }),
  );
  const started = performance.now();
  let next = from;
  let loaded = 0;
  const end = from + options.count;
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (next < end && !(options.stopAt && Date.now() >= options.stopAt.getTime())) {
          const first = next;
          const last = Math.min(end, first + batchSize);
          next = last;
          let lines = '';
          for (let index = first; index < last; index++) lines += copyLine(corpusLetter(seed, index), seed);
          await loadBatch(client, tenantId, lines);
          loaded += last - first;
          options.onProgress?.(loaded);
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
  const seconds = (performance.now() - started) / 1000;
  return { documents: loaded, seconds, documentsPerSecond: loaded / seconds };
}

async function main(): Promise<void> {
  const argument = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
  const count = Number.parseInt(argument('count', '10000'), 10);
  let databaseUrl = argument('database-url', '');
  if (!databaseUrl) {
    const scratch = await createScratchDatabase({ dataDir: path.resolve(process.env.POSTSTELLE_DATA_DIR ?? './data'), databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'search_corpus' });
    databaseUrl = scratch.url;
    const handle = connectDatabase(databaseUrl, { maxConnections: 1 });
    await migrateToLatest(handle.db);
    await handle.close();
  }
  const result = await loadSearchCorpus({
    databaseUrl,
    count,
    seed: Number.parseInt(argument('seed', '42'), 10),
    tenantId: argument('tenant', 'default'),
    from: Number.parseInt(argument('from', '0'), 10),
    onProgress: (loaded) => process.stderr.write(`\r${loaded} / ${count}`),
  });
  process.stderr.write('\n');
  console.log(JSON.stringify({ databaseUrl, ...result }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await main();
}
