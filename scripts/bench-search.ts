/**
 * npm run bench:search — search latency and ingest rate as the archive grows.
 *
 *   npx tsx scripts/bench-search.ts [--sizes=10000,100000,1000000] [--runs=20] [--seed=42] [--load-until=HH:MM]
 *                                   [--keep] [--reuse=DBNAME] [--load-only] [--baseline-ingest=DOCS_PER_S]
 *
 * One scratch database (embedded PostgreSQL, or DATABASE_URL's server) grows in
 * steps: at each size the next range of synthetic letters is COPYed in
 * (scripts/search-corpus.ts, indexed exactly like the pipeline does), the
 * table is ANALYZEd, and every kind of query runs `--runs` times through the
 * real search service (src/modules/search/search.service.ts), query values
 * drawn from documents actually loaded. Prints p50/p95 per kind and size, and
 * the ingest rate (documents/s) of each step.
 *
 * --load-until (UTC) caps the wall-clock time spent loading: on a shared
 * machine the last step then stops early and is measured at the size reached
 * (reported as such). The table is printed after every step.
 *
 * Loading a million letters takes a while, so a loaded database can be kept
 * and measured again: --keep leaves the scratch database in place (its name is
 * printed), --reuse=DBNAME continues in such a database (created when missing, migrated to the latest
 * schema first; sizes it already holds are skipped, the next size loads only
 * the letters it lacks, so the ingest rate of that step is the rate of adding
 * documents to an archive of that size), --load-only loads without measuring,
 * --baseline-ingest=N prints the last rate as a share of N (the 10 k rate of a fresh run).
 */
import path from 'node:path';
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/modules/database/database.types.ts';
import { connectDatabase, migrateToLatest } from '../src/modules/database/database.ts';
import { createScratchDatabase, type ScratchDatabase } from '../src/modules/database/scratch-database.ts';
import { createEmbeddedDatabase } from '../src/modules/database/embedded-postgres.ts';
import { createSearchService } from '../src/modules/search/search.service.ts';
import type { SearchRequest } from '../src/modules/search/search.types.ts';
import { Rng } from './fixtures/prng.ts';
import { formatIban } from './fixtures/iban.ts';
import { loadSearchCorpus } from './search-corpus.ts';
import { corpusDays, corpusLetter, corpusStart, type CorpusLetter } from './search/corpus.letters.ts';

const argument = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const sizes = argument('sizes', '10000,100000,1000000')
  .split(',')
  .map((size) => Number.parseInt(size, 10))
  .filter((size) => size > 0)
  .sort((a, b) => a - b);
const runs = Number.parseInt(argument('runs', '20'), 10);
const seed = Number.parseInt(argument('seed', '42'), 10);
const reuse = argument('reuse', '');
const keep = process.argv.includes('--keep') || reuse !== '';
const loadOnly = process.argv.includes('--load-only');
/**
 * Without --cold the documents table and its indexes are read into shared buffers
 * before measuring (pg_prewarm), as a server that has been running for a while
 * holds them: a search then measures the plans, not the first read of each page
 * from the operating system (20–50 µs a page on the benchmark VM).
 */
const cold = process.argv.includes('--cold');
/** With --reuse the first sizes were loaded by another run: the ingest rate it printed for the smallest size, to compare against. */
const baselineIngest = Number.parseFloat(argument('baseline-ingest', '0'));
const loadUntil = (() => {
  const value = argument('load-until', '');
  if (!value) return undefined;
  const [hours, minutes] = value.split(':').map((part) => Number.parseInt(part, 10));
  const at = new Date();
  at.setUTCHours(hours ?? 0, minutes ?? 0, 0, 0);
  return at;
})();
const tenantId = 'default';

type QueryKind = { name: string; make: (rng: Rng, loaded: number) => Omit<SearchRequest, 'tenantId'> };

/** A typo a person makes: one letter dropped, doubled or two swapped (never the first). */
function misspell(rng: Rng, word: string): string {
  const at = rng.int(1, Math.max(1, word.length - 2));
  const kind = rng.int(0, 2);
  if (kind === 0) return word.slice(0, at) + word.slice(at + 1);
  if (kind === 1) return word.slice(0, at) + (word[at] ?? '') + word.slice(at);
  return word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2);
}

const umlautVariant = (word: string) => word.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue').replace(/ß/g, 'ss');
/** A loaded letter (that states what the query looks for: not every letter carries the IBAN or contract number). */
function loadedLetter(rng: Rng, loaded: number, states: (letter: CorpusLetter) => boolean = () => true): CorpusLetter {
  let letter = corpusLetter(seed, rng.int(0, loaded - 1));
  for (let attempt = 0; attempt < 200 && !states(letter); attempt++) letter = corpusLetter(seed, rng.int(0, loaded - 1));
  return letter;
}
const statesIban = (letter: CorpusLetter) => letter.identifiers.includes(letter.customer.iban.toLowerCase()) || letter.text.includes(letter.customer.iban);
const statesContract = (letter: CorpusLetter) => letter.text.includes(letter.customer.contractNumber);
const dayRange = (rng: Rng, days: number) => {
  const from = new Date(corpusStart.getTime() + rng.int(0, corpusDays - days) * 86_400_000);
  return { receivedFrom: from, receivedTo: new Date(from.getTime() + days * 86_400_000) };
};
const requestTypes = ['cancellation', 'tariff_change', 'customer_data_change', 'bank_details_change', 'invoice_complaint', 'general_inquiry', 'number_porting'];
const queues = ['cancellations', 'contracts', 'customer-data', 'billing', 'general', 'triage'];
const umlautSurnames = ['Müller', 'Schäfer', 'Köhler', 'Krüger', 'Schröder', 'Möller', 'Jäger', 'Böhm', 'Kühn', 'Hübner'];

const kinds: QueryKind[] = [
  { name: 'single word', make: (rng) => ({ query: rng.pick(['Kündigung', 'Rechnung', 'Umzug', 'Rufnummer', 'Bankverbindung', 'Zählerstand', 'Glasfaser', 'Widerruf']) }) },
  { name: 'two words', make: (rng) => ({ query: rng.pick(['Kündigung Vertrag', 'Rechnung falsch', 'neue Anschrift', 'Tarif wechseln', 'Router defekt', 'Lastschrift Konto']) }) },
  { name: 'phrase', make: (rng) => ({ query: `"${rng.pick(['zum nächstmöglichen Termin', 'neue Bankverbindung', 'mit sofortiger Wirkung', 'per Einschreiben', 'Kopie meines Personalausweises'])}"` }) },
  { name: 'stemmed form', make: (rng) => ({ query: rng.pick(['kündigte', 'Rechnungen', 'Verträgen', 'umgezogen', 'Anschlüsse', 'bestätigt']) }) },
  { name: 'umlaut variant', make: (rng) => ({ query: umlautVariant(rng.pick(umlautSurnames)) }) },
  { name: 'customer number', make: (rng, loaded) => ({ query: loadedLetter(rng, loaded).customer.customerNumber }) },
  { name: 'IBAN compact', make: (rng, loaded) => ({ query: loadedLetter(rng, loaded, statesIban).customer.iban }) },
  { name: 'IBAN with spaces', make: (rng, loaded) => ({ query: formatIban(loadedLetter(rng, loaded, statesIban).customer.iban) }) },
  { name: 'contract number', make: (rng, loaded) => ({ query: loadedLetter(rng, loaded, statesContract).customer.contractNumber }) },
  { name: 'misspelt surname', make: (rng, loaded) => ({ query: misspell(rng, loadedLetter(rng, loaded).customer.lastName) }) },
  { name: 'filter: type', make: (rng) => ({ query: '', requestType: rng.pick(requestTypes) }) },
  { name: 'filter: date range', make: (rng) => ({ query: '', ...dayRange(rng, rng.int(1, 30)) }) },
  { name: 'filter: queue', make: (rng) => ({ query: '', queue: rng.pick(queues) }) },
  { name: 'filter: customer', make: (rng, loaded) => ({ query: '', customerNumber: loadedLetter(rng, loaded, (letter) => letter.customerNumber !== null).customer.customerNumber }) },
  { name: 'word + type + date', make: (rng) => ({ query: rng.pick(['Rechnung', 'Vertrag', 'Anschluss', 'Konto']), requestType: rng.pick(requestTypes), ...dayRange(rng, 90) }) },
  { name: 'word with facets', make: (rng) => ({ query: rng.pick(['Kündigung', 'Rechnung', 'Umzug', 'Tarif']), withFacets: true }) },
  { name: 'empty query, filters, facets', make: (rng) => ({ query: '', channel: rng.pick(['scan', 'fax', 'email', 'upload']), status: rng.pick(['routed', 'needs_review']), ...dayRange(rng, 60), withFacets: true }) },
  { name: 'rare word', make: (rng, loaded) => ({ query: loadedLetter(rng, loaded, (letter) => !letter.customer.street.includes(' ')).customer.street }) },
  { name: 'very common word', make: (rng) => ({ query: rng.pick(['bitte', 'Vertrag', 'Kunde', 'Grüße', 'schriftlich']) }) },
  { name: 'common word, page 3', make: (rng) => ({ query: rng.pick(['bitte', 'Vertrag']), offset: 40 }) },
];

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.POSTSTELLE_DATA_DIR ?? './data');
  const scratch = reuse ? await existingDatabase(dataDir, reuse) : await createScratchDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'bench_search' });
  const handle = connectDatabase(scratch.url, { maxConnections: 4 });
  const search = createSearchService({ db: handle.db });
  const results: StepResult[] = [];
  try {
    await migrateToLatest(handle.db);
    let loaded = Number((await sql<{ count: string }>`select count(*) as count from documents where tenant_id = ${tenantId}`.execute(handle.db)).rows[0]?.count ?? 0);
    if (loaded > 0) process.stderr.write(`${scratch.url.replace(/:[^:@/]*@/, ':***@')} already holds ${loaded} documents\n`);
    // --reuse of a database that already holds every size: measure it as it is (no loading step).
    const measureOnly = sizes.every((size) => size <= loaded);
    for (const size of measureOnly ? [loaded] : sizes) {
      if (size < loaded || (size === loaded && !measureOnly)) continue;
      const count = size - loaded;
      const load = count === 0 ? { documents: 0, seconds: 0, documentsPerSecond: Number.NaN } : await loadSearchCorpus({
        databaseUrl: scratch.url,
        seed,
        tenantId,
        from: loaded,
        count,
        stopAt: loadUntil,
        onProgress: (done) => process.stderr.write(`\rloading ${loaded + done} / ${size}`),
      });
      process.stderr.write(`\n${load.documents} documents in ${load.seconds.toFixed(1)} s = ${Math.round(load.documentsPerSecond)} documents/s\n`);
      loaded += load.documents;
      await sql`vacuum analyze documents`.execute(handle.db);
      await sql`analyze search_lexemes`.execute(handle.db);
      const cache = cold ? null : await warmCache(handle.db);
      if (cache) process.stderr.write(`cache warmed: ${cache}\n`);
      if (loadOnly) {
        console.log(`${loaded} documents loaded (${Math.round(load.documentsPerSecond)} documents/s for the last ${load.documents})`);
        continue;
      }
      const latencies = new Map<string, { p50: number; p95: number; hits: number }>();
      for (const kind of kinds) {
        const rng = new Rng(seed * 31 + kind.name.length * 7 + size);
        // One warm-up run, then the measured ones; different values each run.
        await search.search({ tenantId, ...kind.make(rng, loaded) });
        const times: number[] = [];
        let hits = 0;
        for (let run = 0; run < runs; run++) {
          const request = { tenantId, ...kind.make(rng, loaded) };
          const started = performance.now();
          const result = await search.search(request);
          times.push(performance.now() - started);
          hits += result.hits.length > 0 ? 1 : 0;
        }
        times.sort((a, b) => a - b);
        latencies.set(kind.name, { p50: percentile(times, 0.5), p95: percentile(times, 0.95), hits });
        process.stderr.write(`  ${loaded}: ${kind.name} p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms, ${hits}/${runs} with hits\n`);
      }
      results.push({ size: loaded, ingest: load.documentsPerSecond, seconds: load.seconds, latencies, load: os.loadavg()[0] ?? 0 });
      printTable(results);
      const hugePages = (await sql<{ status: string }>`select current_setting('huge_pages_status', true) as status`.execute(handle.db)).rows[0]?.status ?? 'unknown';
      console.log(`\ncache: ${cache ? `warmed before measuring, ${cache}` : 'cold (--cold)'}; PostgreSQL huge pages: ${hugePages}`);
      if (hugePages !== 'on') {
        console.log('(without huge pages each PostgreSQL backend faults on every page of shared memory it reads first; on a VM that can dominate search times — docs/operations.md, „Memory“)');
      }
      if (loaded < size) break; // out of loading time
    }
  } finally {
    await handle.close();
    if (keep) console.error(`kept database ${new URL(scratch.url).pathname.slice(1)} (measure it again with --reuse=${new URL(scratch.url).pathname.slice(1)})`);
    else await scratch.drop();
  }
}

/** Reads the documents table and its indexes into shared buffers; says how much of them fit. */
async function warmCache(db: Kysely<Database>): Promise<string> {
  await sql`create extension if not exists pg_prewarm`.execute(db);
  const relations = await sql<{ name: string; bytes: string }>`
    select c.relname as name, pg_relation_size(c.oid)::text as bytes from pg_class c
    where c.oid = 'documents'::regclass or c.oid in (select indexrelid from pg_index where indrelid = 'documents'::regclass)
    order by c.oid = 'documents'::regclass desc, pg_relation_size(c.oid)`.execute(db);
  const buffers = Number((await sql<{ bytes: string }>`select (setting::bigint * 8192)::text as bytes from pg_settings where name = 'shared_buffers'`.execute(db)).rows[0]?.bytes ?? 0);
  let total = 0;
  // Indexes first (smallest first), the table last: what does not fit is the table's tail.
  for (const relation of [...relations.rows.slice(1), ...relations.rows.slice(0, 1)]) {
    await sql`select pg_prewarm(${relation.name}::regclass)`.execute(db);
    total += Number(relation.bytes);
  }
  const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
  return `${mb(total)} (documents and its indexes) into ${mb(buffers)} of shared buffers${total > buffers ? ' — does not fit, the rest is read on demand' : ''}`;
}

/** A database kept by an earlier run (--keep), on DATABASE_URL's server or the embedded one. */
async function existingDatabase(dataDir: string, name: string): Promise<ScratchDatabase> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`--reuse: not a database name: ${name}`);
  const drop = async () => undefined;
  if (!process.env.DATABASE_URL) return { url: await createEmbeddedDatabase(dataDir, name), drop };
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop };
}

interface StepResult {
  size: number;
  ingest: number;
  seconds: number;
  latencies: Map<string, { p50: number; p95: number; hits: number }>;
  /** 1-minute load average of the (shared) machine after the step. */
  load: number;
}

function printTable(results: readonly StepResult[]): void {
  const header = `| query | ${results.map((result) => `${result.size.toLocaleString('en')} p50 / p95 (ms)`).join(' | ')} |`;
  console.log(`\nSearch at scale — ${os.cpus().length} cores, ${runs} runs per query kind, seed ${seed}\n`);
  console.log(header);
  console.log(`|---|${results.map(() => '---|').join('')}`);
  for (const kind of kinds) {
    const cells = results.map((result) => {
      const latency = result.latencies.get(kind.name);
      return latency ? `${latency.p50.toFixed(1)} / ${latency.p95.toFixed(1)}${latency.hits < runs ? ` (${latency.hits}/${runs} hit)` : ''}` : '–';
    });
    console.log(`| ${kind.name} | ${cells.join(' | ')} |`);
  }
  const worst = results.map((result) => Math.max(...[...result.latencies.values()].map((latency) => latency.p95)));
  console.log(`| **worst p95** | ${worst.map((value) => `**${value.toFixed(1)}**`).join(' | ')} |`);
  console.log(`| machine load average (1 min) | ${results.map((result) => result.load.toFixed(1)).join(' | ')} |`);
  console.log(`| ingest (documents/s) | ${results.map((result) => (Number.isFinite(result.ingest) ? `${Math.round(result.ingest)} (${Math.round(result.seconds)} s)` : '– (measured only)')).join(' | ')} |`);
  const first = results[0];
  const last = results[results.length - 1];
  if (first && last && last !== first) console.log(`\ningest rate at ${last.size.toLocaleString('en')} = ${((last.ingest / first.ingest) * 100).toFixed(0)} % of the rate at ${first.size.toLocaleString('en')}`);
  if (last && baselineIngest) console.log(`\ningest rate at ${last.size.toLocaleString('en')} = ${((last.ingest / baselineIngest) * 100).toFixed(0)} % of the --baseline-ingest rate (${baselineIngest} documents/s)`);
}

await main();
