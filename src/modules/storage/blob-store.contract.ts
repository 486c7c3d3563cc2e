import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store.types.ts';

const letters = [
  'Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag mit der Kundennummer 4820193745 fristgerecht zum 31.01.2027.\nMit freundlichen Grüßen\nJürgen Weißmüller, Lindenstraße 12, 50667 Köln',
  'Betreff: Änderung der Bankverbindung\nBitte buchen Sie ab sofort von DE89370400440532013000 ab.\nGrüße, Aylin Öztürk, Am Mühlbach 3a, 80331 München',
  'Rechnungsreklamation zu Rechnung 2026-118734: der Betrag von 89,90 € ist doppelt abgebucht worden.\nFrau Dr. Hannelore Schäfer-Lüdtke, Hafenstraße 7, 24103 Kiel',
];

async function collect(stream: Readable): Promise<{ bytes: Buffer; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Uint8Array));
  return { bytes: Buffer.concat(parts), chunks: parts.length };
}

async function listAll(store: BlobStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list()) keys.push(key);
  return keys;
}

/** The contract every blob driver must pass (fs and S3 run the same cases). */
export function describeBlobStoreContract(name: string, createStore: () => Promise<BlobStore>): void {
  describe(`blob store contract: ${name}`, () => {
    it('passes its start-up check when usable', async () => {
      const store = await createStore();
      await expect(store.check()).resolves.toBeUndefined();
    });

    it('stores content under its sha256 and returns it unchanged', async () => {
      const store = await createStore();
      const bytes = Buffer.from(`Kündigung ${Math.random()}`, 'utf8');
      const stored = await store.put(bytes);
      expect(stored.key).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.key).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
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

    it('keeps one blob when several workers store the same bytes at once', async () => {
      const store = await createStore();
      const letter = Buffer.from(letters[0] ?? '', 'utf8');
      const results = await Promise.all(Array.from({ length: 8 }, () => store.put(Buffer.from(letter))));
      expect(new Set(results.map((result) => result.key)).size).toBe(1);
      expect((await store.get(results[0]?.key ?? '')).equals(letter)).toBe(true);
      expect((await listAll(store)).filter((key) => key === results[0]?.key)).toHaveLength(1);
    });

    it('keeps different letters apart', async () => {
      const store = await createStore();
      const stored = await Promise.all(letters.map((letter) => store.put(Buffer.from(letter, 'utf8'))));
      expect(new Set(stored.map((blob) => blob.key)).size).toBe(letters.length);
      for (const [index, blob] of stored.entries()) expect((await store.get(blob.key)).toString('utf8')).toBe(letters[index]);
    });

    it('reports a missing blob with storage.not_found and deletes', async () => {
      const store = await createStore();
      const stored = await store.put(Buffer.from('to be deleted'));
      await store.delete(stored.key);
      expect(await store.has(stored.key)).toBe(false);
      await expect(store.get(stored.key)).rejects.toMatchObject({ code: 'storage.not_found' });
    });

    it('reports a key that was never stored as not found for get and stream, false for has, and deletes it quietly', async () => {
      const store = await createStore();
      const never = crypto.createHash('sha256').update(`nie gespeichert ${crypto.randomUUID()}`).digest('hex');
      expect(await store.has(never)).toBe(false);
      await expect(store.get(never)).rejects.toMatchObject({ code: 'storage.not_found', statusCode: 404 });
      await expect(store.stream(never)).rejects.toMatchObject({ code: 'storage.not_found', statusCode: 404 });
      await expect(store.delete(never)).resolves.toBeUndefined();
    });

    it('rejects keys that are not content hashes (no path traversal)', async () => {
      const store = await createStore();
      await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'storage.invalid_key' });
      await expect(store.stream('../../etc/passwd')).rejects.toMatchObject({ code: 'storage.invalid_key' });
      await expect(store.delete('ABC')).rejects.toMatchObject({ code: 'storage.invalid_key' });
      await expect(store.has(`${'a'.repeat(64)}/../x`)).rejects.toMatchObject({ code: 'storage.invalid_key' });
    });

    it('streams a large blob back in chunks, byte for byte', async () => {
      const store = await createStore();
      // A 24 MB scanner batch: not something to hold twice in memory on a worker.
      const large = crypto.randomBytes(24 * 1024 * 1024);
      const stored = await store.put(large);
      expect(stored.sizeBytes).toBe(large.length);
      const { bytes, chunks } = await collect(await store.stream(stored.key));
      expect(chunks).toBeGreaterThan(1);
      expect(bytes.length).toBe(large.length);
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(stored.sha256);
    });

    it('reads byte ranges (inclusive end, open end)', async () => {
      const store = await createStore();
      const letter = Buffer.from(letters[1] ?? '', 'utf8');
      const stored = await store.put(letter);
      expect((await collect(await store.stream(stored.key, { start: 0, end: 7 }))).bytes.toString('utf8')).toBe('Betreff:');
      expect((await collect(await store.stream(stored.key, { start: 10, end: 10 }))).bytes.equals(letter.subarray(10, 11))).toBe(true);
      expect((await collect(await store.stream(stored.key, { start: letter.length - 20 }))).bytes.equals(letter.subarray(letter.length - 20))).toBe(true);
      await expect(store.stream(stored.key, { start: 5, end: 2 })).rejects.toMatchObject({ code: 'storage.invalid_range' });
    });

    it('lists exactly the stored keys, and forgets deleted ones', async () => {
      const store = await createStore();
      expect(await listAll(store)).toEqual([]);
      const stored = await Promise.all(letters.map((letter) => store.put(Buffer.from(letter, 'utf8'))));
      expect((await listAll(store)).sort()).toEqual(stored.map((blob) => blob.key).sort());
      await store.delete(stored[0]?.key ?? '');
      expect((await listAll(store)).sort()).toEqual(stored.slice(1).map((blob) => blob.key).sort());
    });
  });
}
