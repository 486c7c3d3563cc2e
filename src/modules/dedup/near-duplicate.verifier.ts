/**
 * Decides whether a candidate that shares LSH bands really is the same letter:
 * exact Jaccard and containment of the shingle sets above the thresholds, and no
 * disagreement in what identifies the sender (identity.agreement.ts).
 */
import { identityConflicts, type IdentifyingContent } from './identity.agreement.ts';
import { containment, jaccard, shingleSet, shingleTokens } from './text.shingles.ts';

export interface NearDuplicateThresholds {
  /** Jaccard of the 3-word shingle sets. */
  minJaccard: number;
  /** Share of the shorter text's shingles found in the other. */
  minContainment: number;
  /** Below this many shingles a text is too short to call anything a duplicate of it. */
  minShingles: number;
}

/**
 * Measured through the pipeline (near-duplicate.bench.ts): the same letter by fax and post
 * J 0.48–0.95 (containment 0.67–0.98); follow-ups of the same sender J ≤ 0.13; one form filled in
 * by other customers J 0.55–0.60 — those are told apart by identity agreement, not by similarity.
 */
export const defaultThresholds: NearDuplicateThresholds = { minJaccard: 0.4, minContainment: 0.6, minShingles: 25 };

export interface Verdict {
  duplicate: boolean;
  jaccard: number;
  containment: number;
  conflicts: string[];
}

export interface ComparableLetter extends IdentifyingContent {
  shingles?: ReadonlySet<number>;
}

export function shinglesOf(letter: ComparableLetter): ReadonlySet<number> {
  return letter.shingles ?? shingleSet(shingleTokens(letter.text));
}

export function verifyNearDuplicate(a: ComparableLetter, b: ComparableLetter, thresholds: NearDuplicateThresholds = defaultThresholds): Verdict {
  const left = shinglesOf(a);
  const right = shinglesOf(b);
  const j = jaccard(left, right);
  const c = containment(left, right);
  const similar = Math.min(left.size, right.size) >= thresholds.minShingles && j >= thresholds.minJaccard && c >= thresholds.minContainment;
  const conflicts = similar ? identityConflicts(a, b) : [];
  return { duplicate: similar && conflicts.length === 0, jaccard: round(j), containment: round(c), conflicts };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
