import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from './blob-store.contract.ts';
import { createFsBlobStore } from './fs-blob-store.ts';

describeBlobStoreContract('fs', async () => createFsBlobStore({ root: await fs.mkdtemp(path.join(os.tmpdir(), 'pst-blobs-')) }));

describe('fs blob store: failures', () => {
  it('fails its start-up check when the root cannot be a directory', async () => {
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'pst-blobs-')), 'keine-ablage.txt');
    await fs.writeFile(file, 'Hier liegt eine Datei, kein Verzeichnis.');
    await expect(createFsBlobStore({ root: path.join(file, 'blobs') }).check()).rejects.toMatchObject({ code: 'system.storage_unavailable' });
  });
});
