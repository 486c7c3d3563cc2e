import type { Readable } from 'node:stream';

/** The blob store port: content-addressed, so the same bytes are stored once and keys are their sha256. */
export interface StoredBlob {
  key: string;
  sha256: string;
  sizeBytes: number;
}

/** Inclusive byte range, like HTTP `Range: bytes=start-end`; `end` omitted = to the end. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface BlobStore {
  readonly driver: string;
  /** Fails with `system.storage_unavailable` when the store cannot be used now (bucket missing, no access, endpoint down); for start-up and /healthz. */
  check(): Promise<void>;
  /** Stores the bytes under their sha256; storing the same bytes again (even concurrently) is a no-op. */
  put(bytes: Buffer): Promise<StoredBlob>;
  /** The whole blob in memory; `storage.not_found` when absent. */
  get(key: string): Promise<Buffer>;
  /** The blob (or a byte range of it) as a stream, for large originals; `storage.not_found` is raised before the stream is returned. */
  stream(key: string, range?: ByteRange): Promise<Readable>;
  has(key: string): Promise<boolean>;
  /** Removing an absent blob is not an error. */
  delete(key: string): Promise<void>;
  /** Every stored key (order unspecified), for backup, restore checks and garbage collection. */
  list(): AsyncIterable<string>;
}
