/**
 * Workspace speed: the inbox of a queue holding 100 000 open documents (first
 * page and deep pages, keyset pagination), the queue counts, and "document
 * open → first page image" (metadata request + page image request), all
 * through the real Fastify server over HTTP on 127.0.0.1 with a real API token.
 *
 *   npm run bench:workspace            (or: npx tsx scripts/bench-workspace.ts --documents=100000 --runs=50)
 *
 * Runs on a scratch database (dropped afterwards). The 100 000 documents are
 * bulk-inserted with SQL as the pipeline leaves them; half of them have a real
 * scanner JPEG as page image, half a lossless PNG scan (test fixtures).
 * Targets: inbox ≤ 300 ms, open to first image ≤ 500 ms.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import sharp from 'sharp';
import { createAppContext } from '../src/modules/app/app.context.ts';
import { createTokensService } from '../src/modules/auth/tokens.service.ts';
import { loadConfig } from '../src/modules/config/config.ts';
import { createScratchDatabase } from '../src/modules/database/scratch-database.ts';
import { encodeCursor } from '../src/modules/queues/inbox.query.ts';
import { dueDate } from '../src/modules/routing/sla.ts';
import { createLogger } from '../src/modules/shared/logger.ts';
import { createServer } from '../src/server/server.ts';

const argument = (name: string, fallback: number) => Number.parseInt(process.argv.find((value) => value.startsWith(`--${name}=`))?.split('=')[1] ?? String(fallback), 10);
const documentCount = argument('documents', 100_000);
const runs = argument('runs', 50);
const dataDir = path.resolve(process.env.POSTSTELLE_DATA_DIR ?? './data');
// A scanner's JPEG and a lossless PNG scan: the page image agents open is one of the two.
const fixtures = { jpeg: path.resolve('test/fixtures/generated/06-scan-jpeg.jpg'), png: path.resolve('test/fixtures/generated/02-scan-png.png') };
const queue = 'billing';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (rank - low);
}

const format = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  for (const file of Object.values(fixtures)) if (!fs.existsSync(file)) throw new Error(`missing ${file}: run npm run fixtures first`);
  const scratch = await createScratchDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL ?? null, prefix: 'bench_workspace' });
  const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'pst-bench-workspace-'));
  const config = loadConfig({ dataDir: workDir }, { ...process.env, DATABASE_URL: scratch.url, POSTSTELLE_BLOB_URL: undefined, POSTSTELLE_LOG_LEVEL: 'error' });
  const app = await createAppContext(config, { logger: createLogger('error') });
  try {
    // One genuine letter through the whole pipeline: its page image is what agents open.
    // Two real scans as page images (a scanner's JPEG is stored as the page image as is; a PNG scan too).
    const pageOf = async (file: string) => {
      const bytes = fs.readFileSync(file);
      const stored = await app.blobs.put(bytes);
      const metadata = await sharp(bytes).metadata();
      return { image_key: stored.key, width: metadata.width ?? 0, height: metadata.height ?? 0, dpi: Math.round(metadata.density ?? 300), bytes: bytes.length };
    };
    const jpegPage = await pageOf(fixtures.jpeg);
    const pngPage = await pageOf(fixtures.png);
    const imageBytes = { jpeg: jpegPage.bytes, png: pngPage.bytes };
    const page = jpegPage;

    console.log(`loading ${documentCount} open documents into queue ${queue} …`);
    const loadStarted = performance.now();
    await sql`
      insert into documents (tenant_id, sha256, original_key, original_name, source, size_bytes, channel, received_at, status, page_count,
                             text, text_source, request_type, request_type_confidence, fields, customer_number, match_status, match_confidence, queue, finished_at)
      select 'default',
             md5('bench-a' || i) || md5('bench-b' || i),
             ${page.image_key}, 'brief-' || i || '.pdf', 'bench/brief-' || i || '.pdf', 40000 + (i % 9000),
             (array['scan', 'fax', 'email', 'upload'])[1 + i % 4],
             now() - make_interval(days => (i % 90), mins => (i * 37) % 1440),
             'routed', 1,
             'Sehr geehrte Damen und Herren, in meiner Rechnung Nr. ' || (300000 + i) || ' wurden mir Leistungen berechnet, die ich nicht beauftragt habe. '
               || 'Ich bitte um Prüfung und Gutschrift. Mit freundlichen Grüßen ' || (array['Anna', 'Jürgen', 'Özlem', 'Karl-Heinz', 'Marie', 'Lukas'])[1 + i % 6]
               || ' ' || (array['Schmidt', 'Weiß', 'Yılmaz', 'Bäcker', 'Schäfer', 'Hoffmann', 'Groß', 'Demir'])[1 + i % 8],
             'ocr', 'invoice_complaint', 0.8 + (i % 20) / 100.0,
             jsonb_build_object('firstName', (array['Anna', 'Jürgen', 'Özlem', 'Karl-Heinz', 'Marie', 'Lukas'])[1 + i % 6],
                                'lastName', (array['Schmidt', 'Weiß', 'Yılmaz', 'Bäcker', 'Schäfer', 'Hoffmann', 'Groß', 'Demir'])[1 + i % 8]),
             lpad((1000000000 + i)::text, 10, '0'), 'auto', 0.97, ${queue}, now()
      from generate_series(1, ${documentCount}) as i`.execute(app.db);
    await sql`
      insert into document_pages (document_id, page_no, tenant_id, image_key, width, height, dpi, text_source, ocr_confidence)
      select id, 1, tenant_id,
             case when size_bytes % 2 = 0 then ${jpegPage.image_key} else ${pngPage.image_key} end,
             case when size_bytes % 2 = 0 then ${jpegPage.width}::int else ${pngPage.width}::int end,
             case when size_bytes % 2 = 0 then ${jpegPage.height}::int else ${pngPage.height}::int end,
             case when size_bytes % 2 = 0 then ${jpegPage.dpi}::int else ${pngPage.dpi}::int end,
             'ocr', 91
      from documents where tenant_id = 'default' and source like 'bench/brief-%'`.execute(app.db);
    // Due dates: the queue's SLA from each receipt day, computed once per day as the pipeline would.
    await app.db.insertInto('queues').values({ tenant_id: 'default', id: queue, name: 'Rechnungen und Reklamationen', sla_business_days: 10 }).onConflict((conflict) => conflict.columns(['tenant_id', 'id']).doNothing()).execute();
    const days = await sql<{ day: string }>`
      select distinct to_char(received_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') as day from documents where source like 'bench/brief-%'`.execute(app.db);
    const mapping = days.rows.map((row) => sql`(${row.day}::date, ${dueDate(row.day, 10, 'NW')}::date)`);
    await sql`
      insert into work_items (document_id, tenant_id, queue_id, status, received_at, due_date)
      select d.id, d.tenant_id, ${queue}, 'open', d.received_at, m.due
      from documents d join (values ${sql.join(mapping)}) as m(day, due) on (d.received_at at time zone 'Europe/Berlin')::date = m.day
      where d.source like 'bench/brief-%'`.execute(app.db);
    await sql`vacuum analyze documents`.execute(app.db);
    await sql`vacuum analyze work_items`.execute(app.db);
    await sql`vacuum analyze document_pages`.execute(app.db);
    const loaded = await app.db.selectFrom('work_items').select(sql<string>`count(*)`.as('n')).where('queue_id', '=', queue).where('status', '<>', 'closed').executeTakeFirstOrThrow();
    console.log(`loaded ${loaded.n} open work items in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

    const server = await createServer(app);
    await server.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const { secret } = await createTokensService({ db: app.db }).create({ tenantId: 'default', name: 'Benchmark', role: 'supervisor', createdBy: null });
    const headers = { authorization: `Bearer ${secret}` };
    const get = async (url: string): Promise<{ ms: number; body: Buffer; status: number }> => {
      const started = performance.now();
      const response = await fetch(`${base}${url}`, { headers });
      const body = Buffer.from(await response.arrayBuffer());
      return { ms: performance.now() - started, body, status: response.status };
    };
    const measure = async (label: string, urls: () => string, count = runs): Promise<number[]> => {
      for (let warm = 0; warm < 3; warm += 1) await get(urls());
      const times: number[] = [];
      for (let run = 0; run < count; run += 1) {
        const result = await get(urls());
        if (result.status !== 200) throw new Error(`${label}: HTTP ${result.status} ${result.body.toString().slice(0, 200)}`);
        times.push(result.ms);
      }
      return times;
    };

    // Deep pages: cursors taken at random positions between 40 000 and the end of the queue.
    const total = Number(loaded.n);
    const deepCursors: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      const offset = Math.floor(total * 0.4 + Math.random() * total * 0.59);
      const row = await app.db.selectFrom('work_items').select(['document_id', sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due')]).where('queue_id', '=', queue).where('status', '<>', 'closed').orderBy('due_date').orderBy('document_id').offset(offset).limit(1).executeTakeFirstOrThrow();
      deepCursors.push(encodeCursor(row.due, row.document_id));
    }
    const sample = async (parity: number) =>
      (await sql<{ id: string }>`select w.document_id as id from work_items w join documents d on d.id = w.document_id where w.queue_id = ${queue} and d.size_bytes % 2 = ${parity} order by random() limit ${runs + 3}`.execute(app.db)).rows.map((row) => row.id);

    const first = await measure('inbox first page', () => `/api/v1/queues/${queue}/items?limit=50`);
    let deepIndex = 0;
    const deep = await measure('inbox deep page', () => `/api/v1/queues/${queue}/items?limit=50&cursor=${deepCursors[deepIndex++ % deepCursors.length]}`);
    const counts = await measure('queue counts', () => '/api/v1/queues', Math.min(runs, 20));

    const openDocuments = async (ids: string[]): Promise<number[]> => {
      const open: number[] = [];
      for (const [index, id] of ids.entries()) {
        const started = performance.now();
        const metadata = await get(`/api/v1/documents/${id}`);
        if (metadata.status !== 200) throw new Error(`document open: HTTP ${metadata.status}`);
        const imageUrl = (JSON.parse(metadata.body.toString()) as { pageList: Array<{ imageUrl: string }> }).pageList[0]?.imageUrl;
        if (!imageUrl) throw new Error('document without a page');
        const image = await get(imageUrl);
        if (image.status !== 200 || image.body.length < 1000) throw new Error(`page image: HTTP ${image.status}`);
        if (index >= 3) open.push(performance.now() - started);
      }
      return open;
    };
    const openJpeg = await openDocuments(await sample(0));
    const openPng = await openDocuments(await sample(1));

    // The database's share: the first inbox page as the server runs it (join for the display columns).
    const plan = await sql<{ 'QUERY PLAN': string }>`
      explain (analyze, buffers) select w.document_id, d.request_type, d.fields, left(d.text, 400) from work_items w join documents d on d.id = w.document_id
      where w.tenant_id = 'default' and w.queue_id = ${queue} and w.status <> 'closed'
      order by w.due_date, w.document_id limit 51`.execute(app.db);
    await server.close();

    const rows: Array<[string, number[], number]> = [
      ['inbox, first page (50 items + total)', first, 300],
      ['inbox, deep page (keyset cursor)', deep, 300],
      ['queue list with counts', counts, 300],
      [`document open → first page image (scanner JPEG, ${(imageBytes.jpeg / 1024).toFixed(0)} KiB)`, openJpeg, 500],
      [`document open → first page image (lossless PNG scan, ${(imageBytes.png / 1024).toFixed(0)} KiB)`, openPng, 500],
    ];
    console.log(`\nWorkspace benchmark: ${total} open documents in one queue, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, HTTP on 127.0.0.1, load average ${os.loadavg().map((value) => value.toFixed(1)).join(' / ')}`);
    console.log('| measurement | runs | p50 | p95 | target |');
    console.log('|---|---|---|---|---|');
    for (const [label, times, target] of rows) {
      const p95 = percentile(times, 0.95);
      console.log(`| ${label} | ${times.length} | ${format(percentile(times, 0.5))} | ${format(p95)} | ≤ ${target} ms ${p95 <= target ? '✓' : '✗'} |`);
    }
    console.log(`\nfirst inbox page in PostgreSQL: ${plan.rows.map((row) => row['QUERY PLAN']).filter((line) => /Index|Execution Time/.test(line)).map((line) => line.trim().replace(/\s+\(cost=[^)]*\)/, '')).join(' | ')}`);
  } finally {
    await app.close();
    await scratch.drop().catch(() => undefined);
    await fsp.rm(workDir, { recursive: true, force: true });
  }
}

await main();
