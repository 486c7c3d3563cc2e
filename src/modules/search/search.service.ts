import { sql, type Kysely } from 'kysely';
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
const facetColumns = { requestType: 'request_type', channel: 'channel', queue: 'queue', status: 'status' } as const;

interface CompiledQuery {
  /** Exact terms only: documents matching it rank above typo matches. */
  exact: string;
  /** Exact terms OR their typo alternatives. */
  tolerant: string;
}

export function createSearchService({ db }: { db: Kysely<Database> }) {
  async function stemsOf(word: string): Promise<string[]> {
    const result = await sql<{ lexeme: string }>`select lexeme from unnest(to_tsvector('german', pst_fold(${word}))) as entry(lexeme, positions, weights)`.execute(db);
    return result.rows.map((row) => row.lexeme);
  }

  async function typoAlternatives(tenantId: string, stem: string): Promise<string[]> {
    if (stem.length < 4 || !/^[a-z]+$/.test(stem)) return [];
    const known = await db.selectFrom('search_lexemes').select('lexeme').where('tenant_id', '=', tenantId).where('lexeme', '=', stem).executeTakeFirst();
    const threshold = known ? typoSimilarity.whenWordKnown : typoSimilarity.whenWordUnknown;
    const result = await sql<{ lexeme: string }>`
      select lexeme from search_lexemes
      where tenant_id = ${tenantId} and lexeme % ${stem} and lexeme <> ${stem}
        and similarity(lexeme, ${stem}) >= ${threshold}
      order by similarity(lexeme, ${stem}) desc, lexeme
      limit ${maxTypoAlternatives}`.execute(db);
    return result.rows.map((row) => row.lexeme);
  }

  async function compilePart(tenantId: string, part: QueryPart): Promise<CompiledQuery | null> {
    if (part.kind === 'identifier') {
      if (!part.token) return null;
      const quoted = quoteLexeme(part.token);
      return { exact: quoted, tolerant: quoted };
    }
    if (part.kind === 'phrase') {
      const result = await sql<{ query: string }>`select phraseto_tsquery('german', pst_fold(${part.text}))::text as query`.execute(db);
      const phrase = result.rows[0]?.query ?? '';
      return phrase ? { exact: `(${phrase})`, tolerant: `(${phrase})` } : null;
    }
    const stems = await stemsOf(part.text);
    if (stems.length === 0) return null; // a stop word
    const exactTerms: string[] = [];
    const tolerantTerms: string[] = [];
    for (const stem of stems) {
      const alternatives = await typoAlternatives(tenantId, stem);
      exactTerms.push(quoteLexeme(stem));
      tolerantTerms.push(`(${[stem, ...alternatives].map(quoteLexeme).join(' | ')})`);
    }
    return { exact: `(${exactTerms.join(' & ')})`, tolerant: `(${tolerantTerms.join(' & ')})` };
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

      let base = db
        .selectFrom('documents')
        .where('tenant_id', '=', request.tenantId)
        .where('status', '!=', 'duplicate');
      if (hasText) base = base.where(sql<boolean>`search_vector @@ to_tsquery('simple', ${tolerant})`);
      if (request.requestType) base = base.where('request_type', '=', request.requestType);
      if (request.customerNumber) base = base.where('customer_number', '=', request.customerNumber);
      if (request.receivedFrom) base = base.where('received_at', '>=', request.receivedFrom);
      if (request.receivedTo) base = base.where('received_at', '<=', request.receivedTo);
      if (request.channel) base = base.where('channel', '=', request.channel as Channel);
      if (request.queue) base = base.where('queue', '=', request.queue);
      if (request.status) base = base.where('status', '=', request.status as DocumentStatus);

      const rankExpression = hasText
        ? sql<number>`(case when search_vector @@ to_tsquery('simple', ${exact}) then 1 else 0 end) + ts_rank_cd(search_vector, to_tsquery('simple', ${tolerant}), 1)`
        : sql<number>`0`;

      const capped = base.select(['request_type', 'channel', 'queue', 'status']).limit(countCap + 1);
      const [countRow, facetRows, rows] = await Promise.all([
        db.selectFrom(capped.as('matches')).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst(),
        request.withFacets
          ? db
              .selectFrom(capped.limit(countCap).as('matches'))
              .select(['request_type', 'channel', 'queue', 'status'])
              .select((eb) => eb.fn.countAll<number>().as('count'))
              .groupBy(['request_type', 'channel', 'queue', 'status'])
              .execute()
          : Promise.resolve(null),
        db
          .selectFrom(
            base
              .select(['id', 'request_type', 'customer_number', 'received_at', 'status', 'channel', 'source', 'text'])
              .select(rankExpression.as('score'))
              .orderBy('score', 'desc')
              .orderBy('received_at', 'desc')
              .limit(limit)
              .offset(offset)
              .as('top'),
          )
          .selectAll('top')
          .select(
            hasText
              ? sql<string>`ts_headline('german', coalesce(top.text, ''), to_tsquery('simple', ${tolerant}), 'MaxFragments=2, MaxWords=20, MinWords=8, ShortWord=2, StartSel=<mark>, StopSel=</mark>, FragmentDelimiter=" … "')`.as('snippet')
              : sql<string>`left(coalesce(top.text, ''), 200)`.as('snippet'),
          )
          .orderBy('score', 'desc')
          .orderBy('received_at', 'desc')
          .execute(),
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
      const counted = Number(countRow?.total ?? 0);
      const result: SearchResult = { total: Math.min(counted, countCap), tookMs: 0, hits };
      if (counted > countCap) result.totalCapped = true;
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
