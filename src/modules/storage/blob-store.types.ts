/** The blob store port: content-addressed, so the same bytes are stored once and keys are their sha256. */
export interface StoredBlob {
  key: string;
  sha256: string;
  sizeBytes: number;
}

export interface BlobStore {
  readonly driver: string;
  put(bytes: Buffer): Promise<StoredBlob>;
  get(key: string): Promise<Buffer>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}
