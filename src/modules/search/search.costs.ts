/**
 * What the search plans cost, in the units the plan decisions compare (entries
 * of a GIN posting list), and the bounds derived from those costs. Measured with
 * EXPLAIN ANALYZE on the 1 M benchmark database (docs/decisions/0005-search-at-scale.md);
 * search.service.ts decides with them.
 */

/**
 * When the planner expects this many times the cap (countCap, search.service.ts), counting is skipped: the
 * total is reported as capped without checking the rows one by one (the
 * planner's estimate for a word comes from the most-common-lexeme statistics,
 * which are good exactly for the frequent words where this matters).
 */
export const skipCountFactor = 2;
/**
 * What testing one document against its search vector costs, in matches of a
 * GIN bitmap index scan (~0.9 µs per match for one word or an AND of words:
 * building the bitmap). The vector is stored in the row (migration
 * 0015_search_vector_inline), so a test is the visit of the row: 3–4 µs when the
 * row is in shared buffers, ~20 µs when it must be read first. Measured with
 * EXPLAIN ANALYZE on the 1 M benchmark database, docs/decisions/0005-search-at-scale.md
 * („Vectors in the row“; it was ~40–95 µs, 70 matches, while the vector lay in TOAST).
 */
export const vectorTestInPostings = 8;
/**
 * The first time slice is sized to hold this many times the matches the page needs
 * (each further slice reads the posting lists again, ~25 ms for a word in 3 % of a
 * million letters; each document of the slice's received_at range costs ~0.8 µs in
 * the bitmap: a slice twice too long costs about as much as one more). Was 3 while
 * table rows cost 13–17 µs.
 */
export const sliceHeadroom = 2;
/** A further slice reaches at most this many times as far back as the one before. */
export const sliceGrowth = 4;
/** The walk first tests this many documents to measure the share that matches. */
export const walkProbe = 300;
/** The walk is tried (its probe first) whenever the index would read at least this many postings: the probe costs a quarter of them at most. */
export const probeWorthPostings = 4 * walkProbe * vectorTestInPostings;
/** After the probe it tests at most this many times the documents the measured share says it needs, never more than maxWalkTests in all. */
export const walkBudgetFactor = 2;
export const maxWalkTests = 20_000;
/** Extra matches asked of the index after a walk: those at the boundary's received_at may already be among the walk's. */
export const boundaryMargin = 5;
/** A table row visited for a match from a bitmap (~5 µs when in shared buffers at a million), in posting-list entries. */
export const rowVisitInPostings = 6;
/**
 * A posting list this short may be visited whole (one table row per posting, the
 * filters tested on the row) instead of ANDed with a btree range (~100 ms here).
 */
export const onePassPostings = 50_000;
/**
 * Counting and faceting up to the cap are skipped when they would cost more than
 * this many posting-list entries (~50–80 ms on the 2-core benchmark machine).
 */
export const countBudget = 120_000;
/**
 * How a text query finds its newest matches (docs/decisions/0005-search-at-scale.md,
 * „Plans at a million“ and „Slices“). Two ways:
 *
 * - the walk: along received_at (or the filter's index) newest first, testing
 *   each document's vector, until the window is full — it tests window / share
 *   vectors, where share is the part of the filtered documents that match;
 * - the index: the GIN posting lists of the query's words (GIN skips through a
 *   long list by the short one's entries for AND), ANDed with a received_at
 *   range of the newest slice of time, so only the matches of that slice are
 *   visited in the table (a wide row each).
 *
 * The walk wins when the words are so common that reading their posting lists
 * costs more than testing window / share vectors: a common word fills the
 * window after a few hundred letters. Everything rarer takes the index.
 */
export function walkIsCheaper({ window, filteredRows, expectedMatches, postings }: { window: number; filteredRows: number; expectedMatches: number; postings: number }): boolean {
  return (window / matchShare(expectedMatches, filteredRows)) * vectorTestInPostings < postings;
}

/** The part of the filtered documents expected to match (never 0, never above 1). */
export function matchShare(expectedMatches: number, filteredRows: number): number {
  return Math.min(Math.max(expectedMatches, 1) / Math.max(filteredRows, 1), 1);
}
/**
 * A phrase is found through its words: the index yields every document with all
 * of them, and each must be re-tested for the word order against its vector.
 * The planner's own estimate for a phrase is far too low (it prices the word
 * order as rare), so the plan is chosen from the estimate for its words, and
 * the total counts the phrase among at most this many candidates (a lower
 * bound beyond).
 */
export const phraseCountWindow = 500;
