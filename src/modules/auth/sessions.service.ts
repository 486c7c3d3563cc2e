import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import type { Principal } from './auth.types.ts';
import { digestSecret, newSecret } from './secrets.ts';
import { toAccount, type Account } from './users.service.ts';

export interface SessionTimeouts {
  /** a session unused for this long ends */
  idleMs: number;
  /** a session ends this long after login, however active */
  absoluteMs: number;
}

/** A working day with breaks: idle 2 h, at most 12 h after login. */
export const defaultSessionTimeouts: SessionTimeouts = { idleMs: 2 * 3_600_000, absoluteMs: 12 * 3_600_000 };

/** last_seen_at is written at most this often per session, not on every request. */
const touchIntervalMs = 60_000;

export interface OpenedSession {
  /** goes into the cookie, never into the database */
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ResolvedSession {
  principal: Principal;
  account: Account;
  csrfToken: string;
}

export interface SessionsService {
  open(account: Account): Promise<OpenedSession>;
  /** The session's user, or null when unknown, expired, idle too long or the account is disabled. */
  resolve(secret: string): Promise<ResolvedSession | null>;
  close(secret: string): Promise<void>;
  /** Deletes expired sessions; returns how many. */
  purgeExpired(): Promise<number>;
  timeouts: SessionTimeouts;
}

export function createSessionsService({ db, timeouts = defaultSessionTimeouts }: { db: Kysely<Database>; timeouts?: SessionTimeouts }): SessionsService {
  return {
    timeouts,

    async open(account) {
      const secret = newSecret();
      const csrfToken = newSecret();
      const expiresAt = new Date(Date.now() + timeouts.absoluteMs);
      await db.insertInto('sessions').values({ id: digestSecret(secret), tenant_id: account.tenantId, user_id: account.id, csrf_token: csrfToken, expires_at: expiresAt }).execute();
      return { secret, csrfToken, expiresAt };
    },

    async resolve(secret) {
      const id = digestSecret(secret);
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(['sessions.csrf_token', 'sessions.last_seen_at'])
        .where('sessions.id', '=', id)
        .where('sessions.expires_at', '>', sql<Date>`now()`)
        .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(secs => ${timeouts.idleMs / 1000})`)
        .where('users.disabled', '=', false)
        .whereRef('users.tenant_id', '=', 'sessions.tenant_id')
        .executeTakeFirst();
      if (!row) return null;
      if (Date.now() - new Date(row.last_seen_at).getTime() > touchIntervalMs) {
        await db.updateTable('sessions').set({ last_seen_at: sql<Date>`now()` }).where('id', '=', id).execute();
      }
      const account = toAccount(row);
      return {
        account,
        csrfToken: row.csrf_token,
        principal: { kind: 'user', id: account.id, username: account.username, displayName: account.displayName, role: account.role, tenantId: account.tenantId },
      };
    },

    async close(secret) {
      await db.deleteFrom('sessions').where('id', '=', digestSecret(secret)).execute();
    },

    async purgeExpired() {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', sql<Date>`now()`), eb('last_seen_at', '<=', sql<Date>`now() - make_interval(secs => ${timeouts.idleMs / 1000})`)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
