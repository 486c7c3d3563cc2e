import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createError } from '../shared/errors.ts';
import type { BlobStore, StoredBlob } from './blob-store.types.ts';

const keyPattern = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * Filesystem driver: blobs/ab/cd/<sha256>. Writes go to a temp file and are
 * renamed into place, so a crash never leaves a half-written blob under its key.
 */
export function createFsBlobStore({ root }: { root: string }): BlobStore {
  const pathFor = (key: string) => {
    if (!keyPattern.test(key)) throw createError({ code: 'storage.invalid_key', message: `invalid blob key ${JSON.stringify(key)}`, statusCode: 400 });
    return path.join(root, key.slice(0, 2), key.slice(2, 4), key);
  };

  return {
    driver: 'fs',
    async put(bytes: Buffer): Promise<StoredBlob> {
      const sha256 = sha256Hex(bytes);
      const target = pathFor(sha256);
      try {
        const stat = await fs.stat(target);
        if (stat.size === bytes.length) return { key: sha256, sha256, sizeBytes: bytes.length };
      } catch {
        // not stored yet
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      const handle = await fs.open(temp, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
      return { key: sha256, sha256, sizeBytes: bytes.length };
    },
    async get(key: string): Promise<Buffer> {
      try {
        return await fs.readFile(pathFor(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw createError({ code: 'storage.not_found', message: `blob ${key} not found`, statusCode: 404 });
        }
        throw error;
      }
    },
    async has(key: string): Promise<boolean> {
      try {
        await fs.access(pathFor(key));
        return true;
      } catch {
        return false;
      }
    },
    async delete(key: string): Promise<void> {
      await fs.rm(pathFor(key), { force: true });
    },
  };
}
