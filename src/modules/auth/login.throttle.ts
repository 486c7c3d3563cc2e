import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { authErrors } from './auth.errors.ts';
import { digestSecret } from './secrets.ts';

export interface LoginThrottleLimits {
  /** failed logins of one username from one address per window */
  perAccount: number;
  /** failed logins from one address, any username, per window (password spraying) */
  perAddress: number;
  windowMs: number;
}

export const defaultLoginLimits: LoginThrottleLimits = { perAccount: 10, perAddress: 50, windowMs: 15 * 60_000 };

export interface LoginAttempt {
  tenantId: string;
  address: string;
  username: string;
}

/**
 * Counts failed logins in PostgreSQL, so every server process sees the same
 * count. Keys are hashed: the table holds neither addresses nor usernames.
 */
export interface LoginThrottle {
  /** Throws auth.rate_limited (429) while either limit is reached; checked before the password. */
  assertAllowed(attempt: LoginAttempt): Promise<void>;
  recordFailure(attempt: LoginAttempt): Promise<void>;
  /** A successful login clears the account's count (not the address's). */
  recordSuccess(attempt: LoginAttempt): Promise<void>;
  /** Deletes counts whose window has passed; returns how many. */
  purgeStale(): Promise<number>;
}

function keysOf({ tenantId, address, username }: LoginAttempt): { account: string; address: string } {
  return {
    account: digestSecret(`account\n${tenantId}\n${address}\n${username.trim().toLowerCase()}`),
    address: digestSecret(`address\n${tenantId}\n${address}`),
  };
}

export function createLoginThrottle({ db, limits = defaultLoginLimits }: { db: Kysely<Database>; limits?: LoginThrottleLimits }): LoginThrottle {
  const windowSeconds = limits.windowMs / 1000;
  const windowStart = sql<Date>`now() - make_interval(secs => ${windowSeconds})`;

  return {
    async assertAllowed(attempt) {
      const keys = keysOf(attempt);
      const rows = await db.selectFrom('login_throttle').select(['key', 'failures']).where('key', 'in', [keys.account, keys.address]).where('window_started_at', '>', windowStart).execute();
      for (const row of rows) {
        const limit = row.key === keys.account ? limits.perAccount : limits.perAddress;
        if (row.failures >= limit) throw authErrors.rateLimited();
      }
    },

    async recordFailure(attempt) {
      const keys = keysOf(attempt);
      for (const key of [keys.account, keys.address]) {
        await db
          .insertInto('login_throttle')
          .values({ key, tenant_id: attempt.tenantId, failures: 1 })
          .onConflict((conflict) =>
            conflict.column('key').doUpdateSet({
              failures: sql<number>`case when login_throttle.window_started_at <= ${windowStart} then 1 else login_throttle.failures + 1 end`,
              window_started_at: sql<Date>`case when login_throttle.window_started_at <= ${windowStart} then now() else login_throttle.window_started_at end`,
            }),
          )
          .execute();
      }
    },

    async recordSuccess(attempt) {
      await db.deleteFrom('login_throttle').where('key', '=', keysOf(attempt).account).execute();
    },

    async purgeStale() {
      const result = await db.deleteFrom('login_throttle').where('window_started_at', '<=', windowStart).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
