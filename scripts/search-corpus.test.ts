import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { formatIban } from './fixtures/iban.ts';
import { loadSearchCorpus, uuidOf } from './search-corpus.ts';
import { corpusLetter, type CorpusLetter } from './search/corpus.letters.ts';

const seed = 7;
const count = 120;

describe('search corpus generator (COPY into a real database)', () => {
  let app: TestApp;
  let letters: CorpusLetter[];

  beforeAll(async () => {
    app = await createTestApp();
    letters = Array.from({ length: count }, (_unused, index) => corpusLetter(seed, index));
    const result = await loadSearchCorpus({ databaseUrl: app.config.databaseUrl as string, seed, count, batchSize: 50, connections: 2 });
    expect(result.documents).toBe(count);
  });

  afterAll(async () => {
    await app?.cleanup();
  });

  it('writes varied, realistic German letters', () => {
    const words = letters.map((letter) => letter.text.split(/\s+/).length);
    expect(Math.min(...words)).toBeGreaterThanOrEqual(130);
    expect(Math.max(...words)).toBeLessThanOrEqual(520);
    expect(new Set(letters.map((letter) => letter.requestType)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(letters.map((letter) => letter.channel))).toEqual(new Set(['scan', 'fax', 'email', 'upload']));
    expect(new Set(letters.map((letter) => letter.customer.lastName)).size).toBeGreaterThan(40);
    expect(new Set(letters.map((letter) => letter.text.slice(0, 200))).size).toBe(count);
    expect(letters.filter((letter) => /[äöüß]/i.test(letter.text)).length).toBe(count);
    // Deterministic: the same seed and index give the same letter.
    expect(corpusLetter(seed, 17).text).toBe(letters[17]?.text);
  });

  it('loads every letter with its columns, a search vector and the typo vocabulary', async () => {
    const rows = await app.db.selectFrom('documents').select(['id', 'channel', 'request_type', 'queue', 'customer_number', 'received_at']).where('search_vector', 'is not', null).execute();
    expect(rows).toHaveLength(count);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const sample = letters[41] as CorpusLetter;
    expect(byId.get(uuidOf(seed, 41))).toMatchObject({ channel: sample.channel, request_type: sample.requestType, queue: sample.queue, customer_number: sample.customerNumber, received_at: sample.receivedAt });
    const vocabulary = await app.db.selectFrom('search_lexemes').select('lexeme').where('tenant_id', '=', 'default').execute();
    expect(vocabulary.length).toBeGreaterThan(300);
    expect(vocabulary.every((row) => /^[a-z]{3,40}$/.test(row.lexeme))).toBe(true);
  });

  it('indexes exactly like the pipeline: a generated customer number, IBAN and stemmed word are found', async () => {
    const withIban = letters.find((letter) => letter.identifiers.includes(letter.customer.iban.toLowerCase())) as CorpusLetter;
    expect(withIban).toBeDefined();
    for (const query of [withIban.customer.iban, formatIban(withIban.customer.iban)]) {
      const result = await app.search.search({ tenantId: 'default', query });
      expect(result.hits.map((hit) => hit.id)).toContain(uuidOf(seed, withIban.index));
    }

    const numbered = letters[3] as CorpusLetter;
    const byNumber = await app.search.search({ tenantId: 'default', query: numbered.customer.customerNumber });
    expect(byNumber.hits.map((hit) => hit.id)).toContain(uuidOf(seed, numbered.index));

    // "Kündigungen" shares its stem with "Kündigung", "kündige" and "kündigen".
    const cancellations = letters.filter((letter) => /\b(kündigung|kündige|kündigen)\b/i.test(letter.text)).map((letter) => uuidOf(seed, letter.index));
    expect(cancellations.length).toBeGreaterThan(5);
    const stemmed = await app.search.search({ tenantId: 'default', query: 'Kündigungen', limit: 500 });
    expect(stemmed.hits.map((hit) => hit.id)).toEqual(expect.arrayContaining(cancellations));

    // Umlaut-insensitive and filtered: the surname written with "ue"/"oe", restricted to the letter's type.
    const named = letters.find((letter) => /[äöü]/.test(letter.customer.lastName) && letter.requestType) as CorpusLetter;
    const folded = named.customer.lastName.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue');
    const byName = await app.search.search({ tenantId: 'default', query: folded, requestType: named.requestType ?? undefined, limit: 500 });
    expect(byName.hits.map((hit) => hit.id)).toContain(uuidOf(seed, named.index));
    expect(byName.hits.every((hit) => hit.requestType === named.requestType)).toBe(true);
  });
});
