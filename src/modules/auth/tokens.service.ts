import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { authErrors } from './auth.errors.ts';
import type { Principal, Role } from './auth.types.ts';
import { digestSecret, newSecret } from './secrets.ts';

/** Every token starts with this, so leaked tokens are easy to recognise (secret scanners, logs). */
export const tokenPrefix = 'pst_';

export interface ApiToken {
  id: string;
  tenantId: string;
  name: string;
  role: Role;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface TokensService {
  /** The secret is returned here once and never again. */
  create(input: { tenantId: string; name: string; role: Role; createdBy: string | null }): Promise<{ token: ApiToken; secret: string }>;
  list(tenantId: string): Promise<ApiToken[]>;
  revoke(tenantId: string, id: string): Promise<ApiToken>;
  /** The token's principal, or null when unknown or revoked. */
  resolve(secret: string): Promise<Principal | null>;
}

const lastUsedIntervalMs = 60_000;

export function createTokensService({ db }: { db: Kysely<Database> }): TokensService {
  const toToken = (row: { id: string; tenant_id: string; name: string; role: Role; created_by: string | null; created_at: Date | string; last_used_at: Date | string | null; revoked_at: Date | string | null }): ApiToken => ({
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    role: row.role,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  });

  return {
    async create({ tenantId, name, role, createdBy }) {
      const secret = `${tokenPrefix}${newSecret()}`;
      const row = await db
        .insertInto('api_tokens')
        .values({ tenant_id: tenantId, name: name.trim(), role, created_by: createdBy, token_hash: digestSecret(secret) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { token: toToken(row), secret };
    },

    async list(tenantId) {
      const rows = await db.selectFrom('api_tokens').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
      return rows.map(toToken);
    },

    async revoke(tenantId, id) {
      const row = await db
        .updateTable('api_tokens')
        .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw authErrors.tokenNotFound();
      return toToken(row);
    },

    async resolve(secret) {
      if (!secret.startsWith(tokenPrefix)) return null;
      const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', digestSecret(secret)).where('revoked_at', 'is', null).executeTakeFirst();
      if (!row) return null;
      if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > lastUsedIntervalMs) {
        await db.updateTable('api_tokens').set({ last_used_at: sql<Date>`now()` }).where('id', '=', row.id).execute();
      }
      return { kind: 'token', id: row.id, username: `token:${row.name}`, displayName: row.name, role: row.role, tenantId: row.tenant_id };
    },
  };
}
