import crypto from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createError } from '../shared/errors.ts';
import { assertBlobKey, assertByteRange, blobKeyPattern, blobNotFound, sha256Hex } from './blob-key.ts';
import type { BlobStore, ByteRange, StoredBlob } from './blob-store.types.ts';

export { sha256Hex };

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function readDirectory(directory: string): Promise<string[]> {
  try {
    return await fs.readdir(directory);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/**
 * Filesystem driver: blobs/ab/cd/<sha256>. Writes go to a temp file and are
 * renamed into place, so a crash never leaves a half-written blob under its key.
 */
export function createFsBlobStore({ root }: { root: string }): BlobStore {
  const pathFor = (key: string) => path.join(root, key.slice(0, 2), key.slice(2, 4), assertBlobKey(key));

  return {
    driver: 'fs',
    async check(): Promise<void> {
      try {
        await fs.mkdir(root, { recursive: true });
        await fs.access(root, fsConstants.W_OK);
      } catch (error) {
        throw createError({ code: 'system.storage_unavailable', message: `blob store ${root} is not writable: ${(error as Error).message}`, statusCode: 503, cause: error });
      }
    },
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
        if (isMissing(error)) throw blobNotFound(key, error);
        throw error;
      }
    },
    async stream(key: string, range?: ByteRange): Promise<Readable> {
      assertByteRange(range);
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(pathFor(key), 'r');
      } catch (error) {
        if (isMissing(error)) throw blobNotFound(key, error);
        throw error;
      }
      return handle.createReadStream({ start: range?.start, end: range?.end, autoClose: true });
    },
    async has(key: string): Promise<boolean> {
      const target = pathFor(key);
      try {
        await fs.access(target);
        return true;
      } catch {
        return false;
      }
    },
    async delete(key: string): Promise<void> {
      await fs.rm(pathFor(key), { force: true });
    },
    async *list(): AsyncIterable<string> {
      // Walks ab/cd/ level by level so a store with millions of blobs is never listed into memory at once.
      const shard = /^[0-9a-f]{2}$/;
      for (const first of (await readDirectory(root)).filter((name) => shard.test(name)).sort()) {
        for (const second of (await readDirectory(path.join(root, first))).filter((name) => shard.test(name)).sort()) {
          for (const name of await readDirectory(path.join(root, first, second))) {
            if (blobKeyPattern.test(name)) yield name;
          }
        }
      }
    },
  };
}
