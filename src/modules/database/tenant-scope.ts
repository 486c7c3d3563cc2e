import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whose data the code running now may touch (docs/decisions/0007-row-level-security.md).
 *
 * - tenant scope: every database connection this code acquires runs as the
 *   `poststelle_tenant` role with `poststelle.tenant_id` set, so PostgreSQL's
 *   row-level security shows and accepts only that tenant's rows, whatever
 *   the query forgot to filter.
 * - system scope (no tenant): the owner's full access; migrations, pipeline
 *   workers, CLI commands, retention jobs, login and session lookup.
 *
 * The scope follows the async call chain (AsyncLocalStorage), so a request
 * handler and everything it awaits stay in the scope it was started in.
 */
export type TenantScope = { kind: 'tenant'; tenantId: string } | { kind: 'system' };

const systemScope: TenantScope = Object.freeze({ kind: 'system' });
const storage = new AsyncLocalStorage<TenantScope>();

/** The scope of the code running now; outside any explicit scope that is the system scope. */
export function currentTenantScope(): TenantScope {
  return storage.getStore() ?? systemScope;
}

/** Runs fn (and everything it starts) restricted to one tenant's rows. */
export function runInTenantScope<T>(tenantId: string, fn: () => T): T {
  if (tenantId.length === 0) throw new Error('tenant scope needs a tenant id');
  return storage.run({ kind: 'tenant', tenantId }, fn);
}

/**
 * Runs fn with the owner's full access, also from inside a tenant scope: for
 * the few deliberate cross-tenant steps, which should say so where they happen.
 */
export function runInSystemScope<T>(fn: () => T): T {
  return storage.run(systemScope, fn);
}
