import { describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store.types.ts';

/** The contract every blob driver must pass. */
export function describeBlobStoreContract(name: string, createStore: () => Promise<BlobStore>): void {
  describe(`blob store contract: ${name}`, () => {
    it('stores content under its sha256 and returns it unchanged', async () => {
      const store = await createStore();
      const bytes = Buffer.from(`Kündigung ${Math.random()}`, 'utf8');
      const stored = await store.put(bytes);
      expect(stored.key).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.sizeBytes).toBe(bytes.length);
      expect(await store.has(stored.key)).toBe(true);
      expect((await store.get(stored.key)).equals(bytes)).toBe(true);
    });

    it('is idempotent for the same content', async () => {
      const store = await createStore();
      const bytes = Buffer.from('same bytes twice');
      const first = await store.put(bytes);
      const second = await store.put(Buffer.from(bytes));
      expect(second.key).toBe(first.key);
    });

    it('reports a missing blob with storage.not_found and deletes', async () => {
      const store = await createStore();
      const stored = await store.put(Buffer.from('to be deleted'));
      await store.delete(stored.key);
      expect(await store.has(stored.key)).toBe(false);
      await expect(store.get(stored.key)).rejects.toMatchObject({ code: 'storage.not_found' });
    });

    it('rejects keys that are not content hashes (no path traversal)', async () => {
      const store = await createStore();
      await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'storage.invalid_key' });
    });
  });
}
