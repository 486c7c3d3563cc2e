import { CompiledQuery as RawQuery, sql, type Compilable, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Channel, Database, DocumentStatus } from '../database/database.types.ts';
import { parseSearchQuery, quoteLexeme, type QueryPart } from './query.parser.ts';
import type { SearchFacets, SearchHit, SearchRequest, SearchResult } from './search.types.ts';
import { boundaryMargin, countBudget, matchShare, maxWalkTests, onePassPostings, phraseCountWindow, probeWorthPostings, rowVisitInPostings, skipCountFactor, sliceGrowth, sliceHeadroom, vectorTestInPostings, walkBudgetFactor, walkIsCheaper, walkProbe } from './search.costs.ts';

/** Similarity a vocabulary word needs to count as a typo of the query word. */
const typoSimilarity = { whenWordUnknown: 0.4, whenWordKnown: 0.55 };
const maxTypoAlternatives = 4;
/**
 * Counting every match of a common word among a million documents costs more
 * than the search itself (a table row per match): totals and facets count up to
 * this many matches and say so; beyond it the result carries the planner's
 * estimate (`totalEstimate`, „mehr als 1 000, etwa 17 000 Treffer“).
 */
export const countCap = 1_000;
/**
 * Ranking scores every candidate; for a word in half the archive that is half a
 * million documents. Only the newest matches (of the exact and of the
 * typo-tolerant query each) are ranked: every match when there are fewer.
 */
export const rankWindow = 200;
const facetColumns = { requestType: 'request_type', channel: 'channel', queue: 'queue', status: 'status' } as const;
/** The same columns, for select and group by. */
const facetSelection = ['request_type', 'channel', 'queue', 'status'] as const;

interface CompiledQuery {
  /** Exact terms only: documents matching it rank above typo matches. */
  exact: string;
  /** Exact terms OR their typo alternatives. */
  tolerant: string;
  /** What the full-text index can answer alone: `tolerant` with phrases as all of their words. */
  candidates: string;
  /** The pieces `candidates` ANDs (a word with its alternatives, a phrase's words): estimated one by one. */
  terms: string[];
  /** The same for `exact` (a word without its alternatives). */
  exactTerms: string[];
}

/**
 * The planner's estimate of the matches of an AND of pieces (a word with its typo alternatives, a phrase's
 * words), an upper bound of them, and the rarest piece with its own estimate (for several pieces).
 */
interface AndEstimate {
  planner: number;
  bound: number;
  rarest: string | undefined;
  rarestRows?: number;
}

/** The received_at range of the filtered documents; `upTo`: only those up to `to` (the rest after a walk). */
interface ReceivedRange {
  from: Date;
  to: Date;
  upTo?: boolean;
}

/** A query on the documents table in the shape the search builds (tenant, filters). */
type DocumentsQuery = SelectQueryBuilder<Database, 'documents', object>;

export function createSearchService({
  db,
  forcePlan,
  tuning = {},
}: {
  db: Kysely<Database>;
  /** For tests: force either plan for text queries. */
  forcePlan?: 'walk' | 'index';
  /**
   * For tests: a small rank window and walk budget make small archives take the paths of large ones (slices, a
   * walk that runs out); onePass forces the index's one pass over the posting list (true) or the slices (false).
   */
  tuning?: { rankWindow?: number; maxWalkTests?: number; sliceHeadroom?: number; onePass?: boolean };
}) {
  const ranked = tuning.rankWindow ?? rankWindow;
  const walkLimit = tuning.maxWalkTests ?? maxWalkTests;
  const headroom = tuning.sliceHeadroom ?? sliceHeadroom;
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
      return { exact: quoted, tolerant: quoted, candidates: quoted, terms: [quoted], exactTerms: [quoted] };
    }
    if (part.kind === 'phrase') {
      const result = await sql<{ query: string }>`select phraseto_tsquery('german', pst_fold(${part.text}))::text as query`.execute(db);
      const phrase = result.rows[0]?.query ?? '';
      // 'a' <-> 'b' <2> 'c' → 'a' & 'b' & 'c' (lexemes are quoted and never contain '<').
      const words = phrase.split(/<\d*->|<\d+>/).map((word) => word.trim()).filter(Boolean);
      return phrase ? { exact: `(${phrase})`, tolerant: `(${phrase})`, candidates: `(${words.join(' & ')})`, terms: words, exactTerms: words } : null;
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
    return { exact: `(${exactTerms.join(' & ')})`, tolerant, candidates: tolerant, terms: tolerantTerms, exactTerms };
  }

  /**
   * Runs a text query's statements with the plan taken from the full-text index:
   * no index or sequential walk that would test documents one by one (a bitmap
   * of the matches instead), with memory for an exact bitmap (a lossy one would
   * make PostgreSQL re-test each document of a page against its vector), and
   * a table row priced as what it is at a million documents, a page in memory
   * (random_page_cost 0.3 instead of 4, which prices every row as a disk read and
   * made PostgreSQL AND a word's short posting list with a received_at range of
   * 130 000 documents: 100 ms instead of 20). Transaction-local settings: the
   * connection goes back to the pool unchanged.
   */
  async function fromFullTextIndex<T>(run: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      await sql`select set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true), set_config('work_mem', '64MB', true), set_config('random_page_cost', '0.3', true)`.execute(trx);
      return run(trx);
    });
  }

  /**
   * The opposite: walk received_at (or a filter's index) newest first and test
   * each document, never a bitmap of every candidate: for dense matches, and for
   * counting and faceting them.
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

  /** The newest and oldest received_at among the filtered documents (two index probes). */
  async function receivedRange(filtered: DocumentsQuery): Promise<ReceivedRange | null> {
    const row = await filtered.select((eb) => [eb.fn.min('received_at').as('from'), eb.fn.max('received_at').as('to')]).executeTakeFirst();
    return row?.from && row.to ? { from: new Date(row.from), to: new Date(row.to) } : null;
  }

  /**
   * The ids of the newest `window` documents of `candidates` (filtered documents
   * matching a text) from the full-text index, one slice of time after the
   * other: the first slice (the newest) is sized to hold a few times the window
   * if the matches spread evenly over the range, each further slice reaches four
   * times further back. The GIN bitmap is ANDed with the slice's received_at
   * range where the planner finds that cheaper, so the table is visited for the
   * candidates of the slice, not for all tens of thousands of them.
   *
   * `test`, when given, must also hold (the whole query, when the candidates are
   * its rarest word's documents; a phrase's word order): it needs each
   * document's vector, so it is applied to the slice's candidates newest first,
   * after sorting, and only until the window is full. The sort carries ids and
   * dates only; each tested candidate's vector is read by its id (~7 µs): the
   * vectors are in the rows now (~2 kB each), and sorting 20 000 of them took
   * 160 of a query's 240 ms.
   */
  async function newestFromIndex(
    source: { candidates: DocumentsQuery; opaque: DocumentsQuery; postings: number; filteredRows: number },
    window: number,
    expectedMatches: number,
    range: ReceivedRange | null,
    test?: RawBuilder<unknown>,
  ): Promise<string[]> {
    const newestOf = (trx: Kysely<Database>, slice: DocumentsQuery, count: number) =>
      test
        ? trx
            .selectFrom(slice.select(['id']).orderBy('received_at', 'desc').offset(0).as('candidate'))
            .select('candidate.id')
            .where(sql<boolean>`ts_match_vq((select tested.search_vector from documents tested where tested.id = candidate.id), ${test})`)
            .limit(count)
            .execute()
        : trx.executeQuery(slice.select('id').orderBy('received_at', 'desc').limit(count).compile()).then((result) => result.rows);
    const span = range ? range.to.getTime() - range.from.getTime() : 0;
    const sliced = range !== null && span > 0 && expectedMatches > headroom * window;
    const firstSlice = sliced ? Math.min(1, (headroom * window) / expectedMatches) : 1;
    // Visit every document of the posting list, or AND it with a btree range (the filters' indexes, the
    // slice's received_at)? A bitmap over a btree range costs about a posting per document in the range; the
    // table row of each posting costs rowVisitInPostings. PostgreSQL prices the rows far above the range
    // (it assumes they may come from disk) and ANDs a range of 130 000 documents with a word in 5 000 of
    // them — 90 ms instead of 20. So for a short posting list the filters are written in a form no btree
    // answers, and the newest matches come from one pass over the posting list, without slices.
    const onePassCheaper = (rangeRows: number) => tuning.onePass ?? (source.postings <= onePassPostings && source.postings * rowVisitInPostings < rangeRows);
    if (onePassCheaper(source.filteredRows * firstSlice)) {
      const bounded = range?.upTo ? source.opaque.where(opaqueReceivedAt, '<=', range.to) : source.opaque;
      return fromFullTextIndex(async (trx) => (await newestOf(trx, bounded, window)).map((row) => row.id));
    }
    const candidates = source.candidates;
    const bounded = range?.upTo ? candidates.where('received_at', '<=', range.to) : candidates;
    if (!range || !sliced) {
      return fromFullTextIndex(async (trx) => (await newestOf(trx, bounded, window)).map((row) => row.id));
    }
    return fromFullTextIndex(async (trx) => {
      const ids: string[] = [];
      const newest = range.to.getTime();
      const oldest = range.from.getTime();
      let length = span * firstSlice;
      let end: number | null = null;
      for (;;) {
        const start: number = Math.max((end ?? newest) - length, oldest);
        // A further slice whose range holds more documents than a pass over the posting list costs: the rest
        // (everything older than the slices so far) in that one pass instead.
        if (end !== null && onePassCheaper((source.filteredRows * (end - start)) / span)) {
          const rest = source.opaque.where(opaqueReceivedAt, '<', new Date(end));
          ids.push(...(await newestOf(trx, rest, window - ids.length)).map((row) => row.id));
          return ids;
        }
        let slice = bounded;
        if (start > oldest) slice = slice.where('received_at', '>=', new Date(start));
        if (end !== null) slice = slice.where('received_at', '<', new Date(end));
        ids.push(...(await newestOf(trx, slice, window - ids.length)).map((row) => row.id));
        if (ids.length >= window || start <= oldest) return ids;
        // The next slice: sized for the matches still missing at the rate found so far (a few more need a
        // short slice, not four times the last one), at most four times as long.
        const covered = newest - start;
        const rate = ids.length / Math.max(covered, 1);
        length = Math.min(length * sliceGrowth, rate > 0 ? Math.max((headroom * (window - ids.length)) / rate, length / sliceGrowth) : length * sliceGrowth);
        end = start;
      }
    });
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
      const terms = compiled.flatMap((part) => part.terms);
      const exactTerms = compiled.flatMap((part) => part.exactTerms);
      const hasPhrase = candidates !== tolerant;

      const tenantDocuments = db.selectFrom('documents').where('tenant_id', '=', request.tenantId).where('status', '!=', 'duplicate');
      const filtered = withFilters(tenantDocuments, request, false);
      const filteredOpaque = withFilters(tenantDocuments, request, true);
      const textQuery = (text: string) => sql`to_tsquery('simple', ${text})`;
      const tolerantQuery = textQuery(tolerant);
      const exactQuery = textQuery(exact);
      const candidatesQuery = textQuery(candidates);
      const matching = (query: RawBuilder<unknown>, from: DocumentsQuery = filtered) => from.where(sql<boolean>`search_vector @@ ${query}`);
      const hasFilters = filtered !== tenantDocuments;
      const window = Math.max(ranked, offset + limit);
      const asPlanned: Plan = (run) => run(db);

      if (!hasText) {
        // Filters only: the covering (tenant_id, received_at) index and the filters' own indexes answer all three.
        const capped = filtered.select([...facetSelection]).limit(countCap + 1);
        const [expected, facetRows, rows] = await Promise.all([
          estimatedRows(filtered.select('id')),
          request.withFacets ? facetsOver(capped.limit(countCap), asPlanned) : Promise.resolve(null),
          filtered
            .select([...pageColumns])
            .select([sql<number>`0`.as('score'), sql<string>`left(coalesce(text, ''), 200)`.as('snippet')])
            .orderBy('received_at', 'desc')
            .limit(limit)
            .offset(offset)
            .execute(),
        ]);
        const count = expected > skipCountFactor * countCap ? { total: countCap, capped: true } : await countOver(capped, asPlanned);
        return finish(started, rows, { ...count, estimate: Math.round(expected) }, facetRows);
      }

      // Estimates (EXPLAIN only): the matches among the filtered documents, the filtered documents, the
      // matches of the text alone (the size of the posting lists the index reads), the exact spelling's
      // matches, and the time range the slices divide. For an AND of pieces: the planner's estimate, an upper
      // bound and the rarest piece — the planner multiplies the pieces' shares as if independent (a phrase's
      // words come together far more often), so the matches are at most the rarest piece's, whose estimate is
      // good (most-common-lexeme statistics).
      const estimateAnd = async (query: RawBuilder<unknown>, pieces: string[]): Promise<AndEstimate> => {
        const [all = 0, ...each] = await Promise.all([query, ...(pieces.length > 1 ? pieces.map(textQuery) : [])].map((text) => estimatedRows(matching(text).select('id'))));
        if (each.length === 0) return { planner: all, bound: all, rarest: undefined };
        const fewest = Math.min(...each);
        return { planner: all, bound: Math.max(all, fewest), rarest: pieces[each.indexOf(fewest)], rarestRows: fewest };
      };
      const [tolerantEstimate, filteredRows, postings, exactEstimate, range] = await Promise.all([
        estimateAnd(candidatesQuery, terms),
        estimatedRows(filtered.select('id')),
        hasFilters ? estimatedRows(matching(candidatesQuery, tenantDocuments).select('id')) : Promise.resolve(null),
        exact !== tolerant ? estimateAnd(exactQuery, exactTerms) : Promise.resolve({ planner: 0, bound: 0, rarest: undefined }),
        receivedRange(filtered),
      ]);
      const expectedAnd = tolerantEstimate.planner;
      const expected = tolerantEstimate.bound;
      // The plan from the planner's own estimate (a walk priced on a too-high share would test far more
      // vectors than it expects, the index costs its posting lists whatever the share); the slices are sized
      // from the upper bound (a slice too small costs one more round, one too large visits needless rows).
      const postingsRead = postings ?? expectedAnd;
      const planFor = (needed: number) =>
        forcePlan ?? (walkIsCheaper({ window: needed, filteredRows, expectedMatches: expectedAnd, postings: postingsRead }) ? 'walk' : 'index');
      // A posting list long enough that a probe of the walk costs a small part of it: probe first. The probe
      // measures the share that matches, where the planner can only guess it for several words, a phrase or a
      // word among filters; a rarer text than the estimate hands over to the index after the probe.
      const plan = forcePlan ?? (planFor(window) === 'walk' || postingsRead >= probeWorthPostings ? 'walk' : 'index');
      const fromIndex = async (query: RawBuilder<unknown>, estimate: AndEstimate, needed: number, within: typeof range) => {
        // Several words (or a phrase): the slices take the rarest word's posting list — its estimate is good,
        // so the planner ANDs it with the slice's received_at range — and test the whole query (other words,
        // word order) only on the documents of the slice. With the whole query in the index condition the
        // planner, pricing the words as independent, would visit every candidate of the archive per slice.
        const indexQuery = estimate.rarest === undefined ? query : textQuery(estimate.rarest);
        // The posting list the index reads for it, over the whole tenant (filters and slices only narrow the rows
        // visited); without filters the estimates above were taken over the whole tenant already.
        const postingList = hasFilters ? await estimatedRows(matching(indexQuery, tenantDocuments).select('id')) : (estimate.rarestRows ?? estimate.bound);
        return newestFromIndex(
          { candidates: matching(indexQuery), opaque: matching(indexQuery, filteredOpaque), postings: postingList, filteredRows },
          needed,
          estimate.bound,
          within,
          estimate.rarest === undefined ? undefined : query,
        );
      };
      let walkHandedOver = false;
      const newest = async (query: RawBuilder<unknown>, estimate: AndEstimate): Promise<string[]> => {
        // When the exact spelling's walk had to hand over, the typo-tolerant query (its superset, about as rare
        // among these filters) goes to the index at once instead of probing again.
        if (plan === 'index' || walkHandedOver) return fromIndex(query, estimate, window, range);
        // The walk tests the newest filtered documents one by one. It first tests a probe of them and measures
        // the share that matches: the planner assumes words and filters independent, and they are not (a word
        // of cancellations is rare among bank-details letters). It goes on only while the measured share says
        // the walk is still cheaper than the posting lists, and at most a few times as far as that share says
        // it needs; whatever is left, the older rest, comes from the index.
        const walk = (tested: number) =>
          byWalk(async (trx) =>
            (
              await trx
                .selectFrom(filtered.select(['id', 'received_at', 'search_vector']).orderBy('received_at', 'desc').limit(tested).as('walked'))
                .select('walked.id')
                .where(sql<boolean>`ts_match_vq(walked.search_vector, ${query})`)
                .orderBy('walked.received_at', 'desc')
                .limit(window)
                .execute()
            ).map((row) => row.id),
          );
        const probe = Math.min(walkProbe, walkLimit);
        let budget = probe;
        let hits = await walk(probe);
        if (hits.length < window && hits.length > 0) {
          const share = hits.length / probe;
          const stillNeeded = (window - hits.length) / share;
          if (stillNeeded * vectorTestInPostings <= postingsRead) {
            budget = Math.ceil(Math.min(walkLimit, probe + walkBudgetFactor * stillNeeded));
            if (budget > probe) hits = await walk(budget);
          }
        }
        if (hits.length >= window || !range) return hits;
        // Not full: either every filtered document was tested, or the budget ran out at the budget-th one.
        const boundary = await filtered.select('received_at').orderBy('received_at', 'desc').offset(budget - 1).limit(1).executeTakeFirst();
        if (!boundary) return hits;
        walkHandedOver = true;
        // The walk measured the share that matches: a better estimate than the planner's for sizing the slices
        // (a word rare among these filters needs one pass over its posting list, not several). The index part
        // includes the boundary's own received_at (documents there may be on either side); ids are merged. A
        // probe without a single match measured nothing but „rare“: the slices then start from the planner's
        // bound (short first slices, grown by the rate they find) — sized as if 1 in the probe had matched,
        // they were up to four times too long for a phrase of common words (a received_at range of 170 000
        // documents in the bitmap: 130 ms).
        const measured = hits.length > 0 ? Math.ceil((hits.length / budget) * filteredRows) : estimate.bound;
        const rest = await fromIndex(query, { ...estimate, bound: Math.min(estimate.bound, measured) }, window - hits.length + boundaryMargin, {
          from: range.from,
          to: new Date(boundary.received_at),
          upTo: true,
        });
        return [...new Set([...hits, ...rest])].slice(0, window);
      };
      // Counting (and faceting) up to the cap costs a vector test per document the walk looks at, or the
      // posting lists plus a table row per match from the index; beyond the budget the result says „more than
      // the newest matches found, about the estimate“ and the facets are those of the newest matches.
      const countPlan = planFor(hasPhrase ? phraseCountWindow : countCap + 1);
      const unordered = countPlan === 'walk' ? byWalk : fromFullTextIndex;
      // A phrase is counted among at most phraseCountWindow candidates (each needs a vector test for the word
      // order). The count does not depend on the newest matches, so it starts now, beside their search (on the
      // other core: 25–40 ms at a million), and is used only when those are not all the matches.
      const phraseSample = hasPhrase
        ? unordered((trx) =>
            trx
              .selectFrom(matching(candidatesQuery).select('search_vector').limit(phraseCountWindow).as('candidates'))
              .select([sql<number>`count(*) filter (where search_vector @@ ${tolerantQuery})`.as('total'), sql<number>`count(*)`.as('examined')])
              .executeTakeFirst(),
          )
        : null;
      phraseSample?.catch(() => undefined); // awaited below when used; unused, its failure must not go unhandled
      // Exact matches rank above typo matches: when the exact spelling alone fills the window, the page is
      // made of them and the typo-tolerant query is not needed for it (only for the total, when counted).
      const exactIds = exact === tolerant ? [] : await newest(exactQuery, exactEstimate);
      const tolerantIds = exactIds.length >= window ? exactIds : await newest(tolerantQuery, tolerantEstimate);
      const ids = [...new Set([...tolerantIds, ...exactIds])];
      // The newest matches are all of them when the window is not full: the total is then exact for free.
      const allFound = tolerantIds.length < window;

      const share = matchShare(expectedAnd, filteredRows);
      const countCost =
        countPlan === 'walk' ? (Math.min(countCap + 1, Math.max(expected, 1)) / share) * vectorTestInPostings : postingsRead + Math.min(countCap + 1, expected) * rowVisitInPostings;
      const countable = !allFound && !hasPhrase && expected <= skipCountFactor * countCap && countCost <= countBudget;
      const capped = matching(tolerantQuery).select([...facetSelection]).limit(countCap + 1);
      const countMatches = async (): Promise<{ total: number; capped: boolean; estimate: number }> => {
        if (allFound) return { total: tolerantIds.length, capped: false, estimate: tolerantIds.length };
        if (phraseSample) {
          const row = await phraseSample;
          const total = Math.max(Number(row?.total ?? 0), tolerantIds.length);
          const examined = Number(row?.examined ?? 0);
          // Beyond the window: the phrase's share among the candidates examined, times the candidates expected.
          return { total, capped: examined >= phraseCountWindow, estimate: examined > 0 ? Math.round((expected * total) / examined) : 0 };
        }
        if (!countable) return { total: tolerantIds.length, capped: true, estimate: Math.round(expectedAnd) };
        const counted = await countOver(capped, unordered);
        return { ...counted, estimate: Math.round(expectedAnd) };
      };
      const byIds = (from: DocumentsQuery) => from.where('id', '=', sql<string>`any(${ids}::uuid[])`);
      const [count, facetRows, rows] = await Promise.all([
        countMatches(),
        !request.withFacets
          ? Promise.resolve(null)
          : countable
            ? facetsOver(capped.limit(countCap), unordered)
            : facetsOver(byIds(filtered).select([...facetSelection]), asPlanned),
        ids.length === 0
          ? Promise.resolve([])
          : // The snippet (ts_headline re-parses the text) only for the returned page.
            db
              .selectFrom(
                byIds(db.selectFrom('documents').where('tenant_id', '=', request.tenantId))
                  .select([...pageColumns])
                  .select(sql<number>`(case when search_vector @@ ${exactQuery} then 1 else 0 end) + ts_rank_cd(search_vector, ${tolerantQuery}, 1)`.as('score'))
                  .orderBy('score', 'desc')
                  .orderBy('received_at', 'desc')
                  .limit(limit)
                  .offset(offset)
                  .as('top'),
              )
              .selectAll('top')
              .select(
                sql<string>`ts_headline('german', coalesce(top.text, ''), ${tolerantQuery}, 'MaxFragments=2, MaxWords=20, MinWords=8, ShortWord=2, StartSel=<mark>, StopSel=</mark>, FragmentDelimiter=" … "')`.as('snippet'),
              )
              .orderBy('score', 'desc')
              .orderBy('received_at', 'desc')
              .execute(),
      ]);
      // Facets of the newest matches only when the count was not taken: flag them as partial.
      return finish(started, rows, { ...count, capped: count.capped || (request.withFacets === true && !countable && !allFound) }, facetRows);
    },
  };
}

/** received_at in a form no btree index answers (the one pass of newestFromIndex). */
const opaqueReceivedAt = sql<Date>`received_at + interval '0 s'`;

/**
 * The request's filters on `from`. `opaque`: the same conditions in a form no
 * btree index answers (`request_type || ''`, `received_at + interval '0 s'`), so
 * PostgreSQL tests them on the rows the full-text index yields instead of ANDing
 * the index with a range of the filter's index (see newestFromIndex).
 */
function withFilters(from: DocumentsQuery, request: SearchRequest, opaque: boolean): DocumentsQuery {
  const text = (column: 'request_type' | 'customer_number' | 'queue' | 'status') => (opaque ? sql<string>`${sql.ref(column)} || ''` : sql.ref(column));
  const receivedAt = opaque ? opaqueReceivedAt : sql.ref('received_at');
  let filtered = from;
  if (request.requestType) filtered = filtered.where(text('request_type'), '=', request.requestType);
  if (request.customerNumber) filtered = filtered.where(text('customer_number'), '=', request.customerNumber);
  if (request.receivedFrom) filtered = filtered.where(receivedAt, '>=', request.receivedFrom);
  if (request.receivedTo) filtered = filtered.where(receivedAt, '<=', request.receivedTo);
  if (request.channel) filtered = filtered.where('channel', '=', request.channel as Channel);
  if (request.queue) filtered = filtered.where(text('queue'), '=', request.queue);
  if (request.status) filtered = filtered.where(text('status'), '=', request.status as DocumentStatus);
  return filtered;
}

const pageColumns = ['id', 'request_type', 'customer_number', 'received_at', 'status', 'channel', 'source', 'text'] as const;

interface PageRow {
  id: string;
  request_type: string | null;
  customer_number: string | null;
  received_at: Date | string;
  status: string;
  channel: string;
  source: string;
  score: number | string;
  snippet: string;
}

/** Filtered documents with their facet columns selected. */
type FacetQuery = SelectQueryBuilder<Database, 'documents', { request_type: string | null; channel: Channel; queue: string | null; status: DocumentStatus }>;
/** How a statement runs: as planned, from the full-text index, or by the walk. */
type Plan = <T>(run: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

type FacetRow = { request_type: string | null; channel: string; queue: string | null; status: string; count: number };

async function countOver(
  capped: FacetQuery,
  plan: Plan,
): Promise<{ total: number; capped: boolean }> {
  const row = await plan((trx) => trx.selectFrom(capped.as('matches')).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst());
  const counted = Number(row?.total ?? 0);
  return { total: Math.min(counted, countCap), capped: counted > countCap };
}

function facetsOver(
  rows: FacetQuery,
  plan: Plan,
): Promise<FacetRow[]> {
  return plan((trx) =>
    trx
      .selectFrom(rows.as('matches'))
      .select([...facetSelection])
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .groupBy([...facetSelection])
      .execute(),
  );
}

function finish(started: number, rows: readonly PageRow[], count: { total: number; capped: boolean; estimate: number }, facetRows: readonly FacetRow[] | null): SearchResult {
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
  if (count.capped) {
    result.totalCapped = true;
    if (count.estimate > count.total) result.totalEstimate = count.estimate;
  }
  if (facetRows) result.facets = facetsOf(facetRows);
  result.tookMs = Math.round(performance.now() - started);
  return result;
}

/** Folds the grouped rows into one count table per facet; documents without a value count under "none". */
function facetsOf(rows: readonly FacetRow[]): SearchFacets {
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
