import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../database/database.types.ts';

/**
 * pg-boss on the same PostgreSQL as the documents, so a document row and its
 * first job are written in one transaction: either both exist or neither.
 */
export async function startJobQueue(connectionString: string, options: { maxConnections?: number } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: 'pgboss',
    max: options.maxConnections ?? 4,
    schedule: false,
    supervise: true,
    migrate: true,
    maintenanceIntervalSeconds: 60,
  });
  boss.on('error', () => undefined); // transient connection errors are retried by pg-boss itself
  await boss.start();
  return boss;
}

/** Lets pg-boss write its job rows inside one of our Kysely transactions. */
export function transactionalJobDb(trx: Transaction<Database> | Kysely<Database>) {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows };
    },
  };
}

export function queueName(step: string): string {
  return `pipeline_${step}`;
}
