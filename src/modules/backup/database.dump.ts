import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * A logical dump of the database, table by table with COPY, taken in one
 * REPEATABLE READ snapshot. Why not pg_dump: the embedded PostgreSQL package
 * ships only postgres, initdb and pg_ctl, and Debian's pg_dump (15) refuses a
 * newer server (17). The schema is not dumped: it is the migrations, which the
 * restore applies first; the dump lists the migrations it was taken at.
 */
export interface DumpedTable {
  schema: string;
  table: string;
  columns: string[];
  rows: number;
  file: string;
}

export interface DatabaseDump {
  serverVersion: string;
  migrations: string[];
  tables: DumpedTable[];
  sequences: Array<{ schema: string; name: string; value: number }>;
  /** pg-boss queues (settings) whose unfinished jobs are in the dump, so the pipeline resumes after a restore. */
  jobQueues: Array<Record<string, unknown>>;
}

const skippedTables = new Set(['kysely_migration', 'kysely_migration_lock']);
const unfinishedJobStates = ['created', 'retry', 'active'];

async function columnsOf(client: pg.ClientBase, schema: string, table: string): Promise<string[]> {
  const result = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = $1 and table_name = $2 and is_generated = 'NEVER' order by ordinal_position`,
    [schema, table],
  );
  return result.rows.map((row) => row.column_name);
}

async function publicTables(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  return result.rows.map((row) => row.table_name).filter((table) => !skippedTables.has(table));
}

async function copyOut(client: pg.ClientBase, query: string, file: string): Promise<number> {
  const stream = client.query(copyTo(`copy (${query}) to stdout`));
  await pipeline(stream, fs.createWriteStream(file));
  return stream.rowCount;
}

const columnList = (client: pg.ClientBase, columns: string[]) => columns.map((column) => client.escapeIdentifier(column)).join(', ');
const qualified = (client: pg.ClientBase, schema: string, table: string) => `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`;

export async function dumpDatabase(connectionString: string, outDir: string): Promise<DatabaseDump> {
  fs.mkdirSync(outDir, { recursive: true });
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // One snapshot for every table: the dump is consistent while the system keeps running.
    await client.query('begin isolation level repeatable read read only');
    // Row-level security must not thin out a backup silently: with it off, a role that RLS would filter gets an error instead.
    await client.query('set local row_security = off');
    const serverVersion = (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? 'unknown';
    const migrations = (await client.query<{ name: string }>('select name from kysely_migration order by name')).rows.map((row) => row.name);
    const tables: DumpedTable[] = [];
    for (const table of await publicTables(client)) {
      const columns = await columnsOf(client, 'public', table);
      const file = `public.${table}.copy`;
      const rows = await copyOut(client, `select ${columnList(client, columns)} from ${qualified(client, 'public', table)}`, path.join(outDir, file));
      tables.push({ schema: 'public', table, columns, rows, file });
    }
    const sequences = await client.query<{ schemaname: string; sequencename: string; last_value: string | number | null }>(`select schemaname, sequencename, last_value from pg_sequences where schemaname = 'public'`);

    let jobQueues: Array<Record<string, unknown>> = [];
    const hasJobQueue = (await client.query(`select 1 from information_schema.tables where table_schema = 'pgboss' and table_name = 'job'`)).rowCount === 1;
    if (hasJobQueue) {
      jobQueues = (await client.query<Record<string, unknown>>('select * from pgboss.queue order by name')).rows;
      const columns = await columnsOf(client, 'pgboss', 'job');
      const file = 'pgboss.job.copy';
      const rows = await copyOut(client, `select ${columnList(client, columns)} from pgboss.job where state::text = any('{${unfinishedJobStates.join(',')}}')`, path.join(outDir, file));
      tables.push({ schema: 'pgboss', table: 'job', columns, rows, file });
    }
    await client.query('commit');
    return {
      serverVersion,
      migrations,
      tables,
      sequences: sequences.rows.filter((row) => row.last_value !== null).map((row) => ({ schema: row.schemaname, name: row.sequencename, value: Number(row.last_value) })),
      jobQueues,
    };
  } finally {
    await client.end();
  }
}

/** True when the target has documents: a restore there would mix two installations. */
export async function databaseHasData(connectionString: string): Promise<boolean> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const exists = await client.query(`select 1 from information_schema.tables where table_schema = 'public' and table_name = 'documents'`);
    if (exists.rowCount === 0) return false;
    return ((await client.query('select 1 from documents limit 1')).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/**
 * Loads a dump into a migrated database, replacing what is there, in one
 * transaction. As superuser (the embedded server) with replication role
 * 'replica', so foreign keys and triggers (the audit trail's append-only
 * guard among them) do not fire while rows arrive in table order.
 */
export async function loadDatabase(connectionString: string, dumpDir: string, dump: Pick<DatabaseDump, 'tables' | 'sequences'>): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('begin');
    const superuser = (await client.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user')).rows[0]?.rolsuper ?? false;
    if (superuser) await client.query(`set local session_replication_role = 'replica'`);
    const tables = dump.tables.filter((table) => table.schema === 'public');
    const present = new Set(await publicTables(client));
    // What the migrations inserted (the default tenant) makes way for the dump's rows.
    const targets = [...present].map((table) => qualified(client, 'public', table));
    if (targets.length > 0) await client.query(`truncate ${targets.join(', ')}`);
    for (const table of tables) {
      if (!present.has(table.table)) throw new Error(`table ${table.table} of the backup does not exist after the migrations`);
      const ingest = client.query(copyFrom(`copy ${qualified(client, table.schema, table.table)} (${columnList(client, table.columns)}) from stdin`));
      await pipeline(fs.createReadStream(path.join(dumpDir, table.file)), ingest);
    }
    for (const sequence of dump.sequences) {
      await client.query('select setval($1::regclass, $2)', [qualified(client, sequence.schema, sequence.name), sequence.value]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Unfinished pipeline jobs back into pg-boss (whose schema and queues exist by then). */
export async function loadJobs(connectionString: string, dumpDir: string, dump: Pick<DatabaseDump, 'tables'>): Promise<number> {
  const jobs = dump.tables.find((table) => table.schema === 'pgboss' && table.table === 'job');
  if (!jobs || jobs.rows === 0) return 0;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const ingest = client.query(copyFrom(`copy pgboss.job (${columnList(client, jobs.columns)}) from stdin`));
    await pipeline(fs.createReadStream(path.join(dumpDir, jobs.file)), ingest);
    return ingest.rowCount;
  } finally {
    await client.end();
  }
}
