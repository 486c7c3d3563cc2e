import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, UsersTable } from '../database/database.types.ts';
import { isUniqueViolation } from '../database/pg-errors.ts';
import { authErrors } from './auth.errors.ts';
import type { Role } from './auth.types.ts';
import { hashPassword, unmatchableHash, verifyPassword } from './password.hasher.ts';

export type Locale = 'de' | 'en';

export interface Account {
  id: string;
  tenantId: string;
  username: string;
  displayName: string;
  role: Role;
  locale: Locale;
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export interface NewAccount {
  tenantId: string;
  username: string;
  displayName: string;
  password: string;
  role: Role;
  locale?: Locale;
}

export interface AccountChange {
  displayName?: string;
  role?: Role;
  password?: string;
  disabled?: boolean;
  locale?: Locale;
}

export interface UsersService {
  create(account: NewAccount): Promise<Account>;
  /** Creates the account unless the username exists in the tenant; returns whether it was created. */
  ensure(account: NewAccount): Promise<{ account: Account; created: boolean }>;
  list(tenantId: string): Promise<Account[]>;
  get(tenantId: string, id: string): Promise<Account>;
  /** Changing the password or disabling the account ends all its sessions. */
  update(tenantId: string, id: string, change: AccountChange): Promise<{ account: Account; changedFields: string[] }>;
  /**
   * A user's own password change: needs the current password; ends every other session of the
   * account (the one given by its id stays). Throws auth.wrong_password.
   */
  changeOwnPassword(input: { tenantId: string; id: string; currentPassword: string; newPassword: string; keepSessionId: string | null }): Promise<void>;
  /** The account when username and password match an enabled account, else null (same work either way). */
  verifyCredentials(tenantId: string, username: string, password: string): Promise<Account | null>;
}

export function toAccount(row: Selectable<UsersTable>): Account {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    locale: row.locale,
    disabled: row.disabled,
    createdAt: new Date(row.created_at),
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at) : null,
  };
}

export function createUsersService({ db }: { db: Kysely<Database> }): UsersService {
  const byUsername = (tenantId: string, username: string) =>
    db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where(sql<string>`lower(username)`, '=', username.trim().toLowerCase())
      .executeTakeFirst();

  const get = async (tenantId: string, id: string): Promise<Account> => {
    const row = await db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw authErrors.userNotFound();
    return toAccount(row);
  };

  const create = async (account: NewAccount): Promise<Account> => {
    const passwordHash = await hashPassword(account.password);
    try {
      const row = await db
        .insertInto('users')
        .values({
          tenant_id: account.tenantId,
          username: account.username.trim(),
          display_name: account.displayName.trim(),
          role: account.role,
          password_hash: passwordHash,
          locale: account.locale ?? 'de',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAccount(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw authErrors.usernameTaken();
      throw error;
    }
  };

  return {
    create,
    get,

    async ensure(account) {
      const existing = await byUsername(account.tenantId, account.username);
      if (existing) return { account: toAccount(existing), created: false };
      try {
        return { account: await create(account), created: true };
      } catch (error) {
        // Another process created it in between: that is what we wanted.
        const raced = await byUsername(account.tenantId, account.username);
        if (raced) return { account: toAccount(raced), created: false };
        throw error;
      }
    },

    async list(tenantId) {
      const rows = await db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).orderBy(sql`lower(username)`).execute();
      return rows.map(toAccount);
    },

    async update(tenantId, id, change) {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!row) throw authErrors.userNotFound();
        const losesAdmin = row.role === 'admin' && !row.disabled && ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
        if (losesAdmin) {
          // Lock the tenant's admins so two concurrent demotions cannot both pass the check.
          const admins = await trx.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('role', '=', 'admin').where('disabled', '=', false).forUpdate().execute();
          if (admins.length <= 1) throw authErrors.lastAdmin();
        }
        const changedFields: string[] = [];
        const values: Partial<{ display_name: string; role: Role; password_hash: string; disabled: boolean; locale: Locale }> = {};
        if (change.displayName !== undefined && change.displayName.trim() !== row.display_name) {
          values.display_name = change.displayName.trim();
          changedFields.push('displayName');
        }
        if (change.role !== undefined && change.role !== row.role) {
          values.role = change.role;
          changedFields.push('role');
        }
        if (change.locale !== undefined && change.locale !== row.locale) {
          values.locale = change.locale;
          changedFields.push('locale');
        }
        if (change.disabled !== undefined && change.disabled !== row.disabled) {
          values.disabled = change.disabled;
          changedFields.push('disabled');
        }
        if (change.password !== undefined) {
          values.password_hash = await hashPassword(change.password);
          changedFields.push('password');
        }
        if (changedFields.length === 0) return { account: toAccount(row), changedFields };
        const updated = await trx
          .updateTable('users')
          .set({ ...values, updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (values.password_hash || values.disabled === true) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        return { account: toAccount(updated), changedFields };
      });
    },

    async changeOwnPassword({ tenantId, id, currentPassword, newPassword, keepSessionId }) {
      const row = await db.selectFrom('users').select(['password_hash', 'disabled']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (!row || row.disabled) throw authErrors.userNotFound();
      if (!(await verifyPassword(currentPassword, row.password_hash)).valid) throw authErrors.wrongPassword();
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
        let others = trx.deleteFrom('sessions').where('user_id', '=', id);
        if (keepSessionId) others = others.where('id', '<>', keepSessionId);
        await others.execute();
      });
    },

    async verifyCredentials(tenantId, username, password) {
      const row = await byUsername(tenantId, username);
      const check = await verifyPassword(password, row?.password_hash ?? unmatchableHash);
      if (!row || !check.valid || row.disabled) return null;
      const rehash = check.needsRehash ? await hashPassword(password) : null;
      const updated = await db
        .updateTable('users')
        .set({ last_login_at: sql<Date>`now()`, ...(rehash ? { password_hash: rehash } : {}) })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAccount(updated);
    },
  };
}
