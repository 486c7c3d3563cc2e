import { CompiledQuery as RawQuery, sql, type Compilable, type Kysely } from 'kysely';
import type { Channel, Database, DocumentStatus } from '../database/database.types.ts';
import { parseSearchQuery, quoteLexeme, type QueryPart } from './query.parser.ts';
import type { SearchFacets, SearchHit, SearchRequest, SearchResult } from './search.types.ts';

/** Similarity a vocabulary word needs to count as a typo of the query word. */
const typoSimilarity = { whenWordUnknown: 0.4, whenWordKnown: 0.55 };
const maxTypoAlternatives = 4;
/**
 * Counting every match of a common word among a million documents costs more
 * than the search itself; totals and facets count up to this many and say so.
 */
export const countCap = 10_000;
/**
 * Ranking scores every candidate; for a word in half the archive that is half a
 * million documents. Only the newest matches (of the exact and of the
 * typo-tolerant query each) are ranked: every match when there are fewer.
 */
export const rankWindow = 200;
/**
 * When the planner expects this many times the cap, counting is skipped: the
 * total is reported as capped without checking ten thousand rows one by one
 * (the planner's estimate for a word comes from the most-common-lexeme
 * statistics, which are good exactly for the frequent words where this matters).
 */
const skipCountFactor = 2;
/** A vector test (TOAST lookup + decompression) in row visits; see orderedScanAbove. */
const vectorTestCost = 3;
/**
 * How a text query finds its newest matches, chosen from the planner's estimate
 * of the matches (docs/decisions/0005-search-at-scale.md, "Plans at a million").
 * Walking received_at newest first and testing each document costs a detoasted
 * search vector per document looked at: cheap when matches are dense (a common
 * word fills the window after a few hundred documents), ruinous for a surname
 * or street found in one letter of a thousand (the walk reads hundreds of
 * thousands of vectors, the whole table for a word that is rarer than the
 * planner thinks). Taking every match from the full-text index and sorting them
 * costs a table row per match, no vector at all (a vector test costs about three
 * row visits when neither is in shared buffers — measured at a million). With M
 * matches among the N documents the filters leave, the walk tests
 * ~rankWindow × N / M vectors, the index visits M rows: the same at
 * M = sqrt(3 × rankWindow × N) — 24 500 at a million documents, 7 700 at 100 000. Below that many expected matches the index is used; above it (dense
 * matches) the planner's own plan is kept. The total and the facets, which need
 * no order, always come from the index.
 */
export function orderedScanAbove(documents: number): number {
  return Math.sqrt(vectorTestCost * rankWindow * Math.max(documents, 1));
}
/**
 * A phrase is found through its words: the index yields every document with all
 * of them, and each must be re-tested for the word order against its vector —
 * the same cost per document as the walk. The planner's own estimate for a
 * phrase is far too low (it prices the word order as rare), so the plan is
 * chosen from the estimate for its words, with a lower bar (the index only wins
 * while the candidates are fewer than the walk would look at), and the total
 * counts the phrase among at most this many candidates (a lower bound beyond).
 */
const phraseCountWindow = 2_000;
const phraseOrderedScanShare = 0.2;
const facetColumns = { requestType: 'request_type', channel: 'channel', queue: 'queue', status: 'status' } as const;

interface CompiledQuery {
  /** Exact terms only: documents matching it rank above typo matches. */
  exact: string;
  /** Exact terms OR their typo alternatives. */
  tolerant: string;
  /** What the full-text index can answer alone: `tolerant` with phrases as all of their words. */
  candidates: string;
}

export function createSearchService({ db, orderedScanAbove: fixedOrderedAbove }: { db: Kysely<Database>; /** For tests: force either plan. */ orderedScanAbove?: number }) {
  /**
   * Stems of one query word and, per stem, its typo alternatives from the
   * tenant's vocabulary, in a single round trip: a similar word counts when the
   * stem itself is unknown (likely a typo) at a lower bar than when it is known.
   */
  async function stemsWithAlternatives(tenantId: string, word: string): Promise<Array<{ stem: string; alternatives: string[] }>> {
    const result = await sql<{ stem: string; alternatives: string[] | null }>`
      select entry.lexeme as stem,
        case when length(entry.lexeme) >= 4 and entry.lexeme ~ '^[a-z]+$' then array(
          select candidate.lexeme from search_lexemes candidate
          where candidate.tenant_id = ${tenantId} and candidate.lexeme % entry.lexeme and candidate.lexeme <> entry.lexeme
            and similarity(candidate.lexeme, entry.lexeme) >= case
              when exists (select 1 from search_lexemes known where known.tenant_id = ${tenantId} and known.lexeme = entry.lexeme)
              then ${typoSimilarity.whenWordKnown}::real else ${typoSimilarity.whenWordUnknown}::real end
          order by similarity(candidate.lexeme, entry.lexeme) desc, candidate.lexeme
          limit ${maxTypoAlternatives}) end as alternatives
      from unnest(to_tsvector('german', pst_fold(${word}))) as entry(lexeme, positions, weights)`.execute(db);
    return result.rows.map((row) => ({ stem: row.stem, alternatives: row.alternatives ?? [] }));
  }

  async function compilePart(tenantId: string, part: QueryPart): Promise<CompiledQuery | null> {
    if (part.kind === 'identifier') {
      if (!part.token) return null;
      const quoted = quoteLexeme(part.token);
      return { exact: quoted, tolerant: quoted, candidates: quoted };
    }
    if (part.kind === 'phrase') {
      const result = await sql<{ query: string }>`select phraseto_tsquery('german', pst_fold(${part.text}))::text as query`.execute(db);
      const phrase = result.rows[0]?.query ?? '';
      // 'a' <-> 'b' <2> 'c' → 'a' & 'b' & 'c' (lexemes are quoted and never contain '<').
      return phrase ? { exact: `(${phrase})`, tolerant: `(${phrase})`, candidates: `(${phrase.replace(/<\d*->|<\d+>/g, '&')})` } : null;
    }
    const stems = await stemsWithAlternatives(tenantId, part.text);
    if (stems.length === 0) return null; // a stop word
    const exactTerms: string[] = [];
    const tolerantTerms: string[] = [];
    for (const { stem, alternatives } of stems) {
      exactTerms.push(quoteLexeme(stem));
      tolerantTerms.push(`(${[stem, ...alternatives].map(quoteLexeme).join(' | ')})`);
    }
    const tolerant = `(${tolerantTerms.join(' & ')})`;
    return { exact: `(${exactTerms.join(' & ')})`, tolerant, candidates: tolerant };
  }

  /**
   * Runs a text query's statements with the plan taken from the full-text index:
   * no index or sequential walk that would test documents one by one (a bitmap
   * of the matches instead), with memory for an exact bitmap (a lossy one would
   * make PostgreSQL re-test each document of a page against its vector).
   * Transaction-local settings: the connection goes back to the pool unchanged.
   */
  async function fromFullTextIndex<T>(run: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      await sql`select set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx);
      return run(trx);
    });
  }

  /**
   * The opposite: walk received_at newest first and test each document, never a
   * bitmap of every candidate. For dense matches, and for phrases the planner
   * thinks rare (it would re-test every document holding the words).
   */
  async function byWalk<T>(run: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      await sql`select set_config('enable_bitmapscan', 'off', true)`.execute(trx);
      return run(trx);
    });
  }

  /** The planner's row estimate for a query (EXPLAIN only, nothing is executed). */
  async function estimatedRows(query: Compilable): Promise<number> {
    const compiled = query.compile();
    const result = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan?: { 'Plan Rows'?: number } }> }>(RawQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]));
    return Number(result.rows[0]?.['QUERY PLAN'][0]?.Plan?.['Plan Rows'] ?? 0);
  }

  return {
    async search(request: SearchRequest): Promise<SearchResult> {
      const started = performance.now();
      const limit = Math.min(Math.max(request.limit ?? 20, 1), 500);
      const offset = Math.max(request.offset ?? 0, 0);
      const compiled = (await Promise.all(parseSearchQuery(request.query).map((part) => compilePart(request.tenantId, part)))).filter(
        (part): part is CompiledQuery => part !== null,
      );
      const hasText = compiled.length > 0;
      if (!hasText && request.query.trim() !== '') {
        const empty = { requestType: {}, channel: {}, queue: {}, status: {} };
        return { total: 0, tookMs: Math.round(performance.now() - started), hits: [], ...(request.withFacets ? { facets: empty } : {}) };
      }
      const exact = compiled.map((part) => part.exact).join(' & ');
      const tolerant = compiled.map((part) => part.tolerant).join(' & ');
      const candidates = compiled.map((part) => part.candidates).join(' & ');
      const hasPhrase = candidates !== tolerant;

      let filtered = db
        .selectFrom('documents')
        .where('tenant_id', '=', request.tenantId)
        .where('status', '!=', 'duplicate');
      if (request.requestType) filtered = filtered.where('request_type', '=', request.requestType);
      if (request.customerNumber) filtered = filtered.where('customer_number', '=', request.customerNumber);
      if (request.receivedFrom) filtered = filtered.where('received_at', '>=', request.receivedFrom);
      if (request.receivedTo) filtered = filtered.where('received_at', '<=', request.receivedTo);
      if (request.channel) filtered = filtered.where('channel', '=', request.channel as Channel);
      if (request.queue) filtered = filtered.where('queue', '=', request.queue);
      if (request.status) filtered = filtered.where('status', '=', request.status as DocumentStatus);
      const tolerantQuery = sql`to_tsquery('simple', ${tolerant})`;
      const exactQuery = sql`to_tsquery('simple', ${exact})`;
      const base = hasText ? filtered.where(sql<boolean>`search_vector @@ ${tolerantQuery}`) : filtered;

      const capped = base.select(['request_type', 'channel', 'queue', 'status']).limit(countCap + 1);
      const window = Math.max(rankWindow, offset + limit);
      const newestMatching = (query: typeof tolerantQuery) =>
        db.selectFrom(filtered.where(sql<boolean>`search_vector @@ ${query}`).select('id').orderBy('received_at', 'desc').limit(window).as('newest')).select('newest.id');
      const page = hasText
        ? db
            .selectFrom('documents')
            .where('tenant_id', '=', request.tenantId)
            .where('id', 'in', exact === tolerant ? newestMatching(tolerantQuery) : newestMatching(tolerantQuery).union(newestMatching(exactQuery)))
            .select(['id', 'request_type', 'customer_number', 'received_at', 'status', 'channel', 'source', 'text'])
            .select(sql<number>`(case when search_vector @@ ${exactQuery} then 1 else 0 end) + ts_rank_cd(search_vector, ${tolerantQuery}, 1)`.as('score'))
            .orderBy('score', 'desc')
            .orderBy('received_at', 'desc')
            .limit(limit)
            .offset(offset)
        : base
            .select(['id', 'request_type', 'customer_number', 'received_at', 'status', 'channel', 'source', 'text'])
            .select(sql<number>`0`.as('score'))
            .orderBy('received_at', 'desc')
            .limit(limit)
            .offset(offset);
      const candidatesQuery = sql`to_tsquery('simple', ${candidates})`;
      const [expected, orderedAbove] = await Promise.all([
        estimatedRows((hasPhrase ? filtered.where(sql<boolean>`search_vector @@ ${candidatesQuery}`) : base).select('id')),
        hasText && fixedOrderedAbove === undefined ? estimatedRows(filtered.select('id')).then(orderedScanAbove) : Promise.resolve(fixedOrderedAbove ?? 0),
      ]);
      const asPlanned = <T>(run: (trx: Kysely<Database>) => Promise<T>) => run(db);
      // The page: from the index for selective text; dense matches (a common word) are found early by the walk.
      // The walk is forced only without typo alternatives: else the page also asks for the newest exact matches,
      // which may be few or none (a misspelt word) — a walk for them would read the whole archive.
      const dense = expected > (hasPhrase ? phraseOrderedScanShare * orderedAbove : orderedAbove);
      const plan = !hasText ? asPlanned : !dense ? fromFullTextIndex : exact === tolerant ? byWalk : asPlanned;
      // Total and facets need no order, only the first matches: a posting list costs far less than testing vectors one by one.
      const unordered = hasText ? fromFullTextIndex : asPlanned;
      const countMatches = async (): Promise<{ total: number; capped: boolean }> => {
        if (hasPhrase) {
          const row = await fromFullTextIndex((trx) =>
            trx
              .selectFrom(filtered.where(sql<boolean>`search_vector @@ ${candidatesQuery}`).select('search_vector').limit(phraseCountWindow).as('candidates'))
              .select([sql<number>`count(*) filter (where search_vector @@ ${tolerantQuery})`.as('total'), sql<number>`count(*)`.as('examined')])
              .executeTakeFirst(),
          );
          return { total: Number(row?.total ?? 0), capped: Number(row?.examined ?? 0) >= phraseCountWindow };
        }
        if (expected > skipCountFactor * countCap) return { total: countCap, capped: true };
        const row = await unordered((trx) => trx.selectFrom(capped.as('matches')).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst());
        const counted = Number(row?.total ?? 0);
        return { total: Math.min(counted, countCap), capped: counted > countCap };
      };
      const [count, facetRows, rows] = await Promise.all([
        countMatches(),
        request.withFacets
          ? unordered((trx) =>
              trx
                .selectFrom(capped.limit(countCap).as('matches'))
                .select(['request_type', 'channel', 'queue', 'status'])
                .select((eb) => eb.fn.countAll<number>().as('count'))
                .groupBy(['request_type', 'channel', 'queue', 'status'])
                .execute(),
            )
          : Promise.resolve(null),
        // The snippet (ts_headline re-parses the text) only for the returned page.
        plan((trx) =>
          trx
            .selectFrom(page.as('top'))
            .selectAll('top')
            .select(
              hasText
                ? sql<string>`ts_headline('german', coalesce(top.text, ''), ${tolerantQuery}, 'MaxFragments=2, MaxWords=20, MinWords=8, ShortWord=2, StartSel=<mark>, StopSel=</mark>, FragmentDelimiter=" … "')`.as('snippet')
                : sql<string>`left(coalesce(top.text, ''), 200)`.as('snippet'),
            )
            .orderBy('score', 'desc')
            .orderBy('received_at', 'desc')
            .execute(),
        ),
      ]);

      const hits: SearchHit[] = rows.map((row) => ({
        id: row.id,
        score: Math.round(Number(row.score) * 10_000) / 10_000,
        requestType: row.request_type,
        customerNumber: row.customer_number,
        receivedAt: new Date(row.received_at).toISOString(),
        snippet: row.snippet.replace(/\s+/g, ' ').trim(),
        status: row.status,
        channel: row.channel,
        source: row.source,
      }));
      const result: SearchResult = { total: count.total, tookMs: 0, hits };
      if (count.capped) result.totalCapped = true;
      if (facetRows) result.facets = facetsOf(facetRows);
      result.tookMs = Math.round(performance.now() - started);
      return result;
    },
  };
}

/** Folds the grouped rows into one count table per facet; documents without a value count under "none". */
function facetsOf(rows: ReadonlyArray<{ request_type: string | null; channel: string; queue: string | null; status: string; count: number }>): SearchFacets {
  const facets: SearchFacets = { requestType: {}, channel: {}, queue: {}, status: {} };
  for (const row of rows) {
    for (const [facet, column] of Object.entries(facetColumns) as Array<[keyof SearchFacets, keyof typeof row]>) {
      const value = String(row[column] ?? 'none');
      facets[facet][value] = (facets[facet][value] ?? 0) + Number(row.count);
    }
  }
  return facets;
}

export type SearchService = ReturnType<typeof createSearchService>;
