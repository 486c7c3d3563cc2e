import crypto from 'node:crypto';
import pg from 'pg';
import { createEmbeddedDatabase, dropEmbeddedDatabase } from './embedded-postgres.ts';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A throw-away database for one test file, evaluation or benchmark run: on
 * DATABASE_URL's server when one is configured, else on the data dir's
 * embedded PostgreSQL.
 */
export async function createScratchDatabase(options: { dataDir: string; databaseUrl?: string | null; prefix: string }): Promise<ScratchDatabase> {
  const name = `${options.prefix}_${crypto.randomBytes(6).toString('hex')}`;
  if (!options.databaseUrl) {
    return { url: await createEmbeddedDatabase(options.dataDir, name), drop: () => dropEmbeddedDatabase(options.dataDir, name) };
  }
  const serverUrl = options.databaseUrl;
  const admin = new pg.Client(serverUrl);
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client(serverUrl);
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
