import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseDump } from './database.dump.ts';

/** manifest.json at the root of a backup archive: what is inside and the sha256 of every file. */
export interface BackupManifest {
  format: 'poststelle-backup';
  version: 1;
  createdAt: string;
  source: { database: 'embedded' | 'external'; blobDriver: string };
  database: DatabaseDump;
  blobs: { count: number; bytes: number };
  files: string[];
  entries: BackupEntry[];
}

export interface BackupEntry {
  /** Relative to the archive root, with forward slashes. */
  path: string;
  sha256: string;
  size: number;
}

export const manifestFileName = 'manifest.json';

export async function sha256OfFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Every regular file below `root`, relative, sorted. */
export async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await fsp.readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, child)));
    else if (entry.isFile()) files.push(child);
  }
  return files.sort();
}

export async function manifestEntries(root: string): Promise<BackupEntry[]> {
  const entries: BackupEntry[] = [];
  for (const file of await listFiles(root)) {
    if (file === manifestFileName) continue;
    entries.push({ path: file, ...(await sha256OfFile(path.join(root, file))) });
  }
  return entries;
}

/** The entries whose content differs from the manifest, and files the manifest does not list. */
export async function verifyEntries(root: string, manifest: BackupManifest): Promise<string[]> {
  const problems: string[] = [];
  const listed = new Set(manifest.entries.map((entry) => entry.path));
  for (const entry of manifest.entries) {
    const actual = await sha256OfFile(path.join(root, entry.path)).catch(() => null);
    if (!actual) problems.push(`${entry.path}: missing`);
    else if (actual.sha256 !== entry.sha256 || actual.size !== entry.size) problems.push(`${entry.path}: sha256 differs from the manifest`);
  }
  for (const file of await listFiles(root)) {
    if (file !== manifestFileName && !listed.has(file)) problems.push(`${file}: not in the manifest`);
  }
  return problems;
}
