import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import type PgBoss from 'pg-boss';
import type { PoststelleConfig } from '../config/config.ts';
import { connectDatabase, migrateToLatest, resolveConnectionString } from '../database/database.ts';
import { migrations } from '../database/migrations/index.ts';
import { startJobQueue } from '../pipeline/job-queue.ts';
import { createError } from '../shared/errors.ts';
import { createBlobStore } from '../storage/blob-store.ts';
import { manifestFileName, verifyEntries, type BackupManifest } from './backup.manifest.ts';
import { databaseHasData, loadDatabase, loadJobs } from './database.dump.ts';

export interface RestoreSummary {
  dataDir: string;
  rows: number;
  blobs: number;
  files: string[];
  jobs: number;
  verifiedEntries: number;
}

async function isEmptyDir(dir: string): Promise<boolean> {
  const entries = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.length === 0;
}

function queueFromRow(row: Record<string, unknown>): PgBoss.Queue {
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const options = {
    policy: typeof row.policy === 'string' ? (row.policy as PgBoss.QueuePolicy) : undefined,
    retryLimit: number(row.retry_limit),
    retryDelay: number(row.retry_delay),
    retryBackoff: typeof row.retry_backoff === 'boolean' ? row.retry_backoff : undefined,
    expireInSeconds: number(row.expire_seconds),
    retentionMinutes: number(row.retention_minutes),
    deadLetter: typeof row.dead_letter === 'string' ? row.dead_letter : undefined,
  };
  // pg-boss checks the type of every key it is given: leave unset ones out.
  return { name: String(row.name), ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) };
}

/**
 * Restores a backup into an empty data dir (its own embedded PostgreSQL, or
 * DATABASE_URL's database when the target config has one) and its blob
 * store. Every file is checked against the manifest's sha256 before anything
 * is written; the schema comes from this version's migrations, which must
 * include every migration the backup was taken at.
 */
export async function restoreBackup(options: { file: string; target: PoststelleConfig; force: boolean }): Promise<RestoreSummary> {
  const { target } = options;
  const dataDir = path.resolve(target.dataDir);
  if (!options.force && !(await isEmptyDir(dataDir))) {
    throw createError({ code: 'backup.target_not_empty', message: `${dataDir} is not empty: restore into an empty data dir (or pass --force)`, statusCode: 400 });
  }
  const staging = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-restore-'));
  try {
    await tar.x({ file: path.resolve(options.file), cwd: staging, strict: true });
    const manifest = JSON.parse(await fs.readFile(path.join(staging, manifestFileName), 'utf8').catch(() => '{}')) as BackupManifest;
    if (manifest.format !== 'poststelle-backup' || manifest.version !== 1) {
      throw createError({ code: 'backup.invalid', message: `${options.file} is not a Poststelle backup (no manifest)`, statusCode: 400 });
    }
    const problems = await verifyEntries(staging, manifest);
    if (problems.length > 0) {
      throw createError({ code: 'backup.checksum_mismatch', message: `the backup is damaged: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`, statusCode: 400 });
    }
    const unknown = manifest.database.migrations.filter((name) => !(name in migrations));
    if (unknown.length > 0) {
      throw createError({ code: 'backup.newer_than_code', message: `the backup was taken by a newer version (migrations ${unknown.join(', ')}); update Poststelle first`, statusCode: 400 });
    }

    await fs.mkdir(dataDir, { recursive: true });
    const connectionString = await resolveConnectionString(target);
    if (!options.force && (await databaseHasData(connectionString))) {
      throw createError({ code: 'backup.target_not_empty', message: 'the target database already holds documents (pass --force to replace them)', statusCode: 400 });
    }
    const handle = connectDatabase(connectionString, { maxConnections: 2 });
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
    const databaseDir = path.join(staging, 'database');
    await loadDatabase(connectionString, databaseDir, manifest.database);

    let jobs = 0;
    if (manifest.database.jobQueues.length > 0) {
      const boss = await startJobQueue(connectionString, { maxConnections: 2 });
      try {
        const queues = manifest.database.jobQueues.map(queueFromRow).sort((a, b) => Number(Boolean(a.deadLetter)) - Number(Boolean(b.deadLetter)));
        for (const queue of queues) {
          if (!(await boss.getQueue(queue.name))) await boss.createQueue(queue.name, queue);
        }
      } finally {
        await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      }
      jobs = await loadJobs(connectionString, databaseDir, manifest.database);
    }

    const blobs = createBlobStore(target);
    let restoredBlobs = 0;
    for (const entry of manifest.entries.filter((item) => item.path.startsWith('blobs/'))) {
      const key = entry.path.slice('blobs/'.length);
      const stored = await blobs.put(await fs.readFile(path.join(staging, entry.path)));
      if (stored.key !== key) throw createError({ code: 'backup.checksum_mismatch', message: `blob ${key} is stored under ${stored.key}` });
      restoredBlobs += 1;
    }

    for (const file of manifest.files) {
      const destination = path.join(dataDir, file);
      if (!destination.startsWith(`${dataDir}${path.sep}`)) continue;
      await fs.mkdir(path.dirname(destination), { recursive: true });
      await fs.copyFile(path.join(staging, 'files', file), destination);
    }
    return {
      dataDir,
      rows: manifest.database.tables.reduce((sum, table) => sum + table.rows, 0),
      blobs: restoredBlobs,
      files: manifest.files,
      jobs,
      verifiedEntries: manifest.entries.length,
    };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}
