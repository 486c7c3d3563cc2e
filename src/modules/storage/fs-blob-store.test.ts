import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeBlobStoreContract } from './blob-store.contract.ts';
import { createFsBlobStore } from './fs-blob-store.ts';

describeBlobStoreContract('fs', async () => createFsBlobStore({ root: await fs.mkdtemp(path.join(os.tmpdir(), 'pst-blobs-')) }));
