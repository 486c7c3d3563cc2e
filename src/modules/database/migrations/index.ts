import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.ts';

/** All migrations in order; listed statically so they work from any entry point. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
};
