import fs from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';
import { parseBlobUrl } from '../config/blob-url.ts';
import type { PoststelleConfig } from '../config/config.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';
import { dumpDatabase } from './database.dump.ts';
import { manifestEntries, manifestFileName, type BackupManifest } from './backup.manifest.ts';

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: number;
  rows: number;
  blobs: number;
  blobBytes: number;
  files: string[];
}

/** Data-dir entries that are not data: the running cluster and its connection state (a restore gets its own). */
// `cache`: copies of published models (src/modules/recognition/model.store.ts), rebuilt from the blobs on demand.
const runtimeEntries = new Set(['postgres', 'postgres.json', 'postgres.lock', 'postgres.log', 'cache']);

async function copyDataDirFiles(dataDir: string, target: string, excluded: Set<string>, relative = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(dataDir, relative), { withFileTypes: true }).catch(() => []);
  const copied: string[] = [];
  for (const entry of entries) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    const absolute = path.join(dataDir, child);
    if (excluded.has(absolute) || (relative === '' && (runtimeEntries.has(entry.name) || entry.name.startsWith('.pst-backup-')))) continue;
    if (entry.isDirectory()) {
      copied.push(...(await copyDataDirFiles(dataDir, target, excluded, child)));
    } else if (entry.isFile()) {
      await fs.mkdir(path.dirname(path.join(target, child)), { recursive: true });
      await fs.copyFile(absolute, path.join(target, child));
      copied.push(child);
    }
  }
  return copied;
}

/**
 * One archive (tar, gzip when the name ends in .gz or .tgz) with the database
 * (a consistent logical dump), every blob of the blob store, and the other
 * files of the data dir (retrained models, retention.json), plus a manifest
 * with the sha256 of every file. Staged next to the output, then renamed into
 * place, so a failed backup never leaves a truncated archive under its name.
 */
export async function createBackup(deps: { config: PoststelleConfig; connectionString: string; blobs: BlobStore }, options: { outFile: string }): Promise<BackupSummary> {
  const outFile = path.resolve(options.outFile);
  await fs.mkdir(path.dirname(outFile), { recursive: true });
  const staging = await fs.mkdtemp(path.join(path.dirname(outFile), '.pst-backup-'));
  try {
    const database = await dumpDatabase(deps.connectionString, path.join(staging, 'database'));

    let blobCount = 0;
    let blobBytes = 0;
    await fs.mkdir(path.join(staging, 'blobs'), { recursive: true });
    for await (const key of deps.blobs.list()) {
      const bytes = await deps.blobs.get(key);
      await fs.writeFile(path.join(staging, 'blobs', key), bytes);
      blobCount += 1;
      blobBytes += bytes.length;
    }

    const location = parseBlobUrl(deps.config.blobUrl, deps.config.dataDir);
    const excluded = new Set([outFile, staging, ...(location.driver === 'fs' ? [path.resolve(location.root)] : [])]);
    const files = await copyDataDirFiles(deps.config.dataDir, path.join(staging, 'files'), excluded);

    const manifest: BackupManifest = {
      format: 'poststelle-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      source: { database: deps.config.databaseUrl ? 'external' : 'embedded', blobDriver: deps.blobs.driver },
      database,
      blobs: { count: blobCount, bytes: blobBytes },
      files,
      entries: await manifestEntries(staging),
    };
    await fs.writeFile(path.join(staging, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);

    const partial = `${outFile}.partial`;
    const roots = [manifestFileName, 'database', 'blobs', ...(files.length > 0 ? ['files'] : [])];
    await tar.c({ file: partial, cwd: staging, gzip: /\.(t?gz)$/.test(outFile), portable: true }, roots);
    await fs.rename(partial, outFile);
    return {
      file: outFile,
      bytes: (await fs.stat(outFile)).size,
      tables: database.tables.length,
      rows: database.tables.reduce((sum, table) => sum + table.rows, 0),
      blobs: blobCount,
      blobBytes,
      files,
    };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}
