import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { loadSearchCorpus } from '../../../scripts/search-corpus.ts';
import { corpusLetter, type CorpusLetter } from '../../../scripts/search/corpus.letters.ts';
import { createSearchService, type SearchService } from './search.service.ts';
import type { SearchRequest, SearchResult } from './search.types.ts';

/**
 * The search service finds a text query's newest matches either by walking
 * received_at newest first or from the full-text index alone, depending on the
 * planner's estimates (walkIsCheaper; the index plan in time slices). Both plans must give the same answer:
 * the same hits in the same order, the same total and facets.
 */
const seed = 23;
const count = 260;

describe('search plans (real PostgreSQL, synthetic letters)', () => {
  let app: TestApp;
  let letters: CorpusLetter[];
  let planned: SearchService;
  let fromIndex: SearchService;
  /**
   * A rank window of 6, a walk budget of 15 and first slices sized for a third of the window: at 260
   * letters the index plan cuts several time slices per query and the walk runs out and hands over.
   */
  const tuning = { rankWindow: 6, maxWalkTests: 15, sliceHeadroom: 0.34 };
  let tunedWalk: SearchService;
  let tunedIndex: SearchService;
  let tunedOnePass: SearchService;
  let tunedPlanned: SearchService;

  beforeAll(async () => {
    app = await createTestApp();
    await loadSearchCorpus({ databaseUrl: app.config.databaseUrl as string, seed, count, batchSize: 100, connections: 1 });
    await sql`analyze documents`.execute(app.db);
    letters = Array.from({ length: count }, (_unused, index) => corpusLetter(seed, index));
    // The planner's choice for every query (at this size usually the table itself) vs. always the full-text index.
    planned = createSearchService({ db: app.db, forcePlan: 'walk' });
    fromIndex = createSearchService({ db: app.db, forcePlan: 'index' });
    tunedWalk = createSearchService({ db: app.db, forcePlan: 'walk', tuning });
    tunedIndex = createSearchService({ db: app.db, forcePlan: 'index', tuning: { ...tuning, onePass: false } });
    // The index's other way: one pass over the posting list, the filters tested on each row (never ANDed with a btree range).
    tunedOnePass = createSearchService({ db: app.db, forcePlan: 'index', tuning: { ...tuning, onePass: true } });
    tunedPlanned = createSearchService({ db: app.db, tuning });
  });

  afterAll(async () => {
    await app?.cleanup();
  });

  const comparable = (result: SearchResult) => ({ ...result, tookMs: 0 });
  const both = async (request: Omit<SearchRequest, 'tenantId'>) => {
    const [asPlanned, indexed] = await Promise.all([planned.search({ tenantId: 'default', ...request }), fromIndex.search({ tenantId: 'default', ...request })]);
    expect(comparable(indexed)).toEqual(comparable(asPlanned));
    return indexed;
  };
  /** A letter that is not a duplicate (duplicates are never found). */
  const findable = (index: number) => letters.slice(index).find((letter) => letter.status !== 'duplicate') as CorpusLetter;
  /** A findable letter with `word` in its text (and `also`). */
  const withWord = (word: string, also: (letter: CorpusLetter) => boolean = () => true) =>
    letters.find((letter) => letter.status !== 'duplicate' && letter.text.toLowerCase().includes(word) && also(letter)) as CorpusLetter;
  /** Filters on a letter's type, queue, status and a month around its receipt. */
  const filtersOf = (letter: CorpusLetter) => ({
    requestType: letter.requestType ?? undefined,
    queue: letter.queue ?? undefined,
    status: letter.status,
    receivedFrom: new Date(letter.receivedAt.getTime() - 15 * 86_400_000),
    receivedTo: new Date(letter.receivedAt.getTime() + 15 * 86_400_000),
  });
  const idOf = async (letter: CorpusLetter) => (await app.db.selectFrom('documents').select('id').where('received_at', '=', letter.receivedAt).where('source', 'like', `%/${letter.index}.%`).executeTakeFirstOrThrow()).id;

  it('gives the same hits, totals and facets with either plan', async () => {
    const requests: Array<Omit<SearchRequest, 'tenantId'>> = [
      { query: 'Kündigung' },
      { query: 'Rechnung falsch', withFacets: true },
      { query: '"mit freundlichen Grüßen"' },
      { query: 'Vertrag', requestType: 'cancellation', receivedFrom: new Date(Date.UTC(2025, 3, 1)), receivedTo: new Date(Date.UTC(2026, 2, 1)) },
      { query: 'bitte', offset: 40, withFacets: true },
      { query: findable(5).customer.lastName },
      { query: findable(40).customer.street.split(' ')[0] ?? 'Lindenallee', withFacets: true },
      // A scanned letter names its sender's city in the address block.
      { query: (letters.find((letter) => letter.channel === 'scan' && letter.status !== 'duplicate') as CorpusLetter).customer.city, channel: 'scan' },
    ];
    for (const request of requests) expect((await both(request)).hits.length, JSON.stringify(request)).toBeGreaterThan(0);
  });

  it('counts a phrase exactly: its words narrow the documents, the word order is tested on each', async () => {
    for (const phrase of ['mit freundlichen Grüßen', 'zum nächstmöglichen Termin', 'neue Bankverbindung']) {
      const result = await both({ query: `"${phrase}"` });
      const oracle = await sql<{ count: number }>`
        select count(*)::int as count from documents
        where status <> 'duplicate' and search_vector @@ phraseto_tsquery('german', pst_fold(${phrase}))`.execute(app.db);
      expect(result.total, phrase).toBe(oracle.rows[0]?.count);
      expect(result.totalCapped).toBeUndefined();
    }
  });

  it('finds a misspelt surname with either plan, the exact spelling ranked first', async () => {
    const letter = letters.find((candidate) => candidate.status !== 'duplicate' && /^[A-Z][a-zäöü]{6,}$/.test(candidate.customer.lastName)) as CorpusLetter;
    const name = letter.customer.lastName;
    // One letter dropped in the middle, as a person mistypes it.
    const misspelt = name.slice(0, 3) + name.slice(4);
    const result = await both({ query: misspelt, limit: 100 });
    expect(result.hits.map((hit) => hit.id)).toContain(await idOf(letter));
    const exact = await both({ query: name, limit: 100 });
    expect(exact.hits.map((hit) => hit.id)).toContain(await idOf(letter));
    expect(exact.hits[0]?.score).toBeGreaterThanOrEqual(1);
  });

  it('counts an empty query with filters and its facets exactly as the table does (covering index)', async () => {
    const from = new Date(Date.UTC(2025, 5, 1));
    const to = new Date(Date.UTC(2026, 5, 1));
    const result = await both({ query: '', channel: 'scan', receivedFrom: from, receivedTo: to, withFacets: true, limit: 500 });
    const expected = letters.filter((letter) => letter.channel === 'scan' && letter.status !== 'duplicate' && letter.receivedAt >= from && letter.receivedAt <= to);
    expect(result.total).toBe(expected.length);
    expect(result.hits).toHaveLength(expected.length);
    const byType: Record<string, number> = {};
    for (const letter of expected) byType[letter.requestType ?? 'none'] = (byType[letter.requestType ?? 'none'] ?? 0) + 1;
    expect(result.facets?.requestType).toEqual(byType);
    expect(Object.keys(result.facets?.channel ?? {})).toEqual(['scan']);
    // Newest first.
    const received = result.hits.map((hit) => hit.receivedAt);
    expect(received).toEqual([...received].sort().reverse());
  });

  it('gives the same answer when the index cuts time slices, passes over a posting list once or the walk runs out of budget (small window)', async () => {
    const requests: Array<Omit<SearchRequest, 'tenantId'>> = [
      { query: 'Kündigung', limit: 5 },
      { query: 'bitte', limit: 5, withFacets: true },
      { query: 'Vertrag', limit: 3, offset: 2 },
      { query: 'Rechnung falsch', limit: 5 },
      { query: '"mit freundlichen Grüßen"', limit: 5 },
      { query: '"zum nächstmöglichen Termin"', limit: 5 },
      { query: 'Vertrag', requestType: 'cancellation', limit: 5 },
      { query: 'bitte', channel: 'scan', limit: 5, withFacets: true },
      { query: findable(5).customer.lastName, limit: 5 },
      // Every filter the one pass writes in its own form, around letters that match them.
      { query: 'Vertrag', ...filtersOf(withWord('vertrag')), limit: 5 },
      { query: 'bitte', customerNumber: withWord('bitte', (letter) => letter.customerNumber !== null).customerNumber as string, limit: 5 },
    ];
    for (const request of requests) {
      const [walked, indexed, onePass, chosen] = await Promise.all(
        [tunedWalk, tunedIndex, tunedOnePass, tunedPlanned].map((service) => service.search({ tenantId: 'default', ...request })),
      );
      expect(comparable(indexed as SearchResult), JSON.stringify(request)).toEqual(comparable(walked as SearchResult));
      expect(comparable(onePass as SearchResult), JSON.stringify(request)).toEqual(comparable(walked as SearchResult));
      expect(comparable(chosen as SearchResult), JSON.stringify(request)).toEqual(comparable(walked as SearchResult));
      expect((walked as SearchResult).hits.length, JSON.stringify(request)).toBeGreaterThan(0);
    }
  });

  it('ranks the newest matches of a phrase: the page is the best of the newest window, as plain SQL finds them', async () => {
    for (const phrase of ['mit freundlichen Grüßen', 'zum nächstmöglichen Termin', 'neue Bankverbindung']) {
      const oracle = await sql<{ id: string }>`
        select id from (
          select id, received_at, search_vector from documents
          where status <> 'duplicate' and search_vector @@ phraseto_tsquery('german', pst_fold(${phrase}))
          order by received_at desc limit ${tuning.rankWindow}
        ) newest
        order by 1 + ts_rank_cd(search_vector, phraseto_tsquery('german', pst_fold(${phrase})), 1) desc, received_at desc
        limit 4`.execute(app.db);
      expect(oracle.rows.length, phrase).toBeGreaterThan(0);
      for (const service of [tunedWalk, tunedIndex, tunedOnePass]) {
        const result = await service.search({ tenantId: 'default', query: `"${phrase}"`, limit: 4 });
        expect(result.hits.map((hit) => hit.id), phrase).toEqual(oracle.rows.map((row) => row.id));
      }
    }
  });
});
