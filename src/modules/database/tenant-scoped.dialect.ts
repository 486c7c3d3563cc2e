import { CompiledQuery, PostgresDialect, type DatabaseConnection, type Driver, type PostgresDialectConfig, type TransactionSettings } from 'kysely';
import { tenantRole, tenantSetting } from './tenant-isolation.ts';
import { currentTenantScope } from './tenant-scope.ts';

/** What a pooled connection was last set to: `tenant:<id>`, `system`, or unknown after a failed switch. */
type ConnectionState = string;
const systemState = 'system';
const unknownState = 'unknown';

export interface TenantScopeStatistics {
  /** Connections handed out. */
  acquired: number;
  /** Of those, how many needed a round trip to switch scope. */
  switched: number;
}

/**
 * Kysely's PostgreSQL driver, with each connection put into the scope of the
 * code that acquires it (tenant-scope.ts) before it is handed out: in a tenant
 * scope `SET ROLE poststelle_tenant` and `poststelle.tenant_id`, in the system
 * scope back to the session user and no tenant. A transaction holds one
 * connection, so all its statements run in one scope. The state is remembered
 * per connection: one already in the wanted scope costs no round trip.
 *
 * Where the role cannot be used (an external server whose user may not create
 * it), a tenant scope only sets the tenant id; the owner bypasses RLS then and
 * the application's own filters are the only isolation (warned once).
 */
class TenantScopedDriver implements Driver {
  readonly #inner: Driver;
  readonly #states = new WeakMap<DatabaseConnection, ConnectionState>();
  readonly #statistics: TenantScopeStatistics;
  #roleUsable: Promise<boolean> | null = null;

  constructor(inner: Driver, statistics: TenantScopeStatistics) {
    this.#inner = inner;
    this.#statistics = statistics;
  }

  async init(): Promise<void> {
    await this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const scope = currentTenantScope();
    const connection = await this.#inner.acquireConnection();
    this.#statistics.acquired += 1;
    const wanted = scope.kind === 'tenant' ? `tenant:${scope.tenantId}` : systemState;
    // A connection never seen before is fresh from the pool: session user, no tenant.
    const state = this.#states.get(connection) ?? systemState;
    if (state === wanted) return connection;
    try {
      this.#statistics.switched += 1;
      this.#states.set(connection, unknownState);
      if (scope.kind === 'tenant') {
        const asRole = (await this.#tenantRoleUsable(connection)) ? tenantRole : 'none';
        await connection.executeQuery(CompiledQuery.raw('select set_config($1, $2, false), set_config($3, $4, false)', ['role', asRole, tenantSetting, scope.tenantId]));
      } else {
        await connection.executeQuery(CompiledQuery.raw(`select set_config('role', 'none', false), set_config($1, '', false)`, [tenantSetting]));
      }
      this.#states.set(connection, wanted);
      return connection;
    } catch (error) {
      await this.#inner.releaseConnection(connection);
      throw error;
    }
  }

  /** Asked once, on the first tenant-scoped connection (after the migrations, which create the role). */
  #tenantRoleUsable(connection: DatabaseConnection): Promise<boolean> {
    this.#roleUsable ??= connection
      .executeQuery<{ usable: boolean }>(CompiledQuery.raw(
        `select case when exists (select 1 from pg_roles where rolname = $1) then pg_has_role(session_user, $1, 'MEMBER') else false end as usable`,
        [tenantRole],
      ))
      .then((result) => {
        const usable = result.rows[0]?.usable ?? false;
        if (!usable) {
          process.emitWarning(`role ${tenantRole} is missing or not granted to the database user: tenant isolation relies on the application's filters only (see docs/operations.md)`, { code: 'POSTSTELLE_NO_TENANT_ROLE' });
        }
        return usable;
      })
      .catch((error: unknown) => {
        this.#roleUsable = null;
        throw error;
      });
    return this.#roleUsable;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  async savepoint(...args: Parameters<NonNullable<Driver['savepoint']>>): Promise<void> {
    await this.#inner.savepoint?.(...args);
  }

  async rollbackToSavepoint(...args: Parameters<NonNullable<Driver['rollbackToSavepoint']>>): Promise<void> {
    await this.#inner.rollbackToSavepoint?.(...args);
  }

  async releaseSavepoint(...args: Parameters<NonNullable<Driver['releaseSavepoint']>>): Promise<void> {
    await this.#inner.releaseSavepoint?.(...args);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** PostgresDialect whose connections follow the tenant scope of the code using them. */
export class TenantScopedPostgresDialect extends PostgresDialect {
  readonly statistics: TenantScopeStatistics = { acquired: 0, switched: 0 };

  constructor(config: PostgresDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new TenantScopedDriver(super.createDriver(), this.statistics);
  }
}
