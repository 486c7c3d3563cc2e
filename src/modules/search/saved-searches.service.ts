import type { Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { createError } from '../shared/errors.ts';

/** What a saved search remembers: the query string and filters exactly as the search page sends them. */
export interface SavedSearchQuery {
  q?: string;
  type?: string;
  customer?: string;
  channel?: string;
  queue?: string;
  status?: string;
  from?: string;
  to?: string;
}

export interface SavedSearch {
  id: string;
  name: string;
  query: SavedSearchQuery;
  createdAt: string;
}

/** Who owns a saved search: the caller's tenant and user (or API token) id. */
export interface SavedSearchOwner {
  tenantId: string;
  userId: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = (id: string) => createError({ code: 'saved_searches.not_found', message: `no saved search ${id}`, statusCode: 404 });

/**
 * Saved searches are private to the user who saved them: every read and
 * delete is scoped to tenant and user, so another user's search is simply
 * not found (404), never forbidden (which would confirm that it exists).
 */
export function createSavedSearchesService({ db }: { db: Kysely<Database> }) {
  const toSavedSearch = (row: { id: string; name: string; query: Record<string, unknown>; created_at: Date }): SavedSearch => ({
    id: row.id,
    name: row.name,
    query: row.query as SavedSearchQuery,
    createdAt: new Date(row.created_at).toISOString(),
  });

  return {
    async list(owner: SavedSearchOwner): Promise<SavedSearch[]> {
      const rows = await db
        .selectFrom('saved_searches')
        .select(['id', 'name', 'query', 'created_at'])
        .where('tenant_id', '=', owner.tenantId)
        .where('user_id', '=', owner.userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toSavedSearch);
    },

    async create(owner: SavedSearchOwner, input: { name: string; query: SavedSearchQuery }): Promise<SavedSearch> {
      const row = await db
        .insertInto('saved_searches')
        .values({ tenant_id: owner.tenantId, user_id: owner.userId, name: input.name.trim(), query: JSON.stringify(input.query) })
        .returning(['id', 'name', 'query', 'created_at'])
        .executeTakeFirstOrThrow();
      return toSavedSearch(row);
    },

    async remove(owner: SavedSearchOwner, id: string): Promise<void> {
      if (!uuidPattern.test(id)) throw notFound(id);
      const result = await db
        .deleteFrom('saved_searches')
        .where('id', '=', id)
        .where('tenant_id', '=', owner.tenantId)
        .where('user_id', '=', owner.userId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound(id);
    },
  };
}

export type SavedSearchesService = ReturnType<typeof createSavedSearchesService>;
