import { Kysely, Migrator } from 'kysely';
import pg from 'pg';
import type { PoststelleConfig } from '../config/config.ts';
import { createError } from '../shared/errors.ts';
import type { Database } from './database.types.ts';
import { ensureEmbeddedPostgres } from './embedded-postgres.ts';
import { migrations } from './migrations/index.ts';
import { ensureTenantIsolation } from './tenant-isolation.ts';
import { TenantScopedPostgresDialect, type TenantScopeStatistics } from './tenant-scoped.dialect.ts';

// bigint (int8) and numeric come back as strings by default; counts fit a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export interface DatabaseHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  connectionString: string;
  /** How often a connection had to switch tenant scope (row-level security, tenant-scope.ts). */
  tenantScopeStatistics: TenantScopeStatistics;
  close(): Promise<void>;
}

/** Where the database is: DATABASE_URL when given, else the data dir's embedded PostgreSQL. */
export async function resolveConnectionString(config: Pick<PoststelleConfig, 'databaseUrl' | 'dataDir'>): Promise<string> {
  if (config.databaseUrl) return config.databaseUrl;
  const handle = await ensureEmbeddedPostgres(config.dataDir);
  return handle.connectionString;
}

export function connectDatabase(connectionString: string, options: { maxConnections?: number } = {}): DatabaseHandle {
  // Idle connections are kept for minutes, not seconds: each is a PostgreSQL backend, and a new one first
  // faults on every page of shared memory it reads (without huge pages ~30 µs a page on a VM: a search that
  // took 32 ms in a warm backend took 617 ms in a fresh one; docs/decisions/0005-search-at-scale.md).
  const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10, idleTimeoutMillis: 300_000, allowExitOnIdle: true });
  pool.on('error', () => undefined); // a dropped idle connection is re-established on next use
  // Each connection runs in the tenant scope of the code that acquires it (row-level security).
  const dialect = new TenantScopedPostgresDialect({ pool });
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    pool,
    connectionString,
    tenantScopeStatistics: dialect.statistics,
    close: async () => {
      await db.destroy();
    },
  };
}

/** Applies pending migrations; safe to call from several processes at once (Kysely takes a lock). */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // Unordered: features developed side by side add migrations with reserved numbers that may land in any order.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    throw createError({ code: 'system.migration_failed', message: `database migration failed: ${String(error)}`, cause: error });
  }
  // Row-level security on every tenant table, also one of a migration that landed after 0012 (docs/decisions/0007).
  await ensureTenantIsolation(db);
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

export async function openDatabase(config: Pick<PoststelleConfig, 'databaseUrl' | 'dataDir'>, options: { maxConnections?: number } = {}): Promise<DatabaseHandle> {
  let connectionString: string;
  try {
    connectionString = await resolveConnectionString(config);
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw error;
    throw createError({ code: 'system.database_unavailable', message: `cannot reach the database: ${String(error)}`, cause: error });
  }
  const handle = connectDatabase(connectionString, options);
  await migrateToLatest(handle.db);
  return handle;
}
