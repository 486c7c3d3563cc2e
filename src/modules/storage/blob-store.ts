import path from 'node:path';
import type { PoststelleConfig } from '../config/config.ts';
import { createError } from '../shared/errors.ts';
import type { BlobStore } from './blob-store.types.ts';
import { createFsBlobStore } from './fs-blob-store.ts';

/** Picks the blob driver from the configuration: the data dir by default. */
export function createBlobStore(config: Pick<PoststelleConfig, 'blobUrl' | 'dataDir'>): BlobStore {
  if (!config.blobUrl) return createFsBlobStore({ root: path.join(config.dataDir, 'blobs') });
  const url = new URL(config.blobUrl);
  if (url.protocol === 'file:') return createFsBlobStore({ root: url.pathname });
  throw createError({ code: 'system.unsupported_blob_url', message: `blob store ${url.protocol} is not supported yet (use file:// or leave POSTSTELLE_BLOB_URL unset)` });
}
