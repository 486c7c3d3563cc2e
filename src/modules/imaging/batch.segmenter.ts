import type { PageRole } from './separator.detector.ts';

/** One resulting document of a batch: the original page numbers it keeps, in order. */
export interface BatchSegment {
  batchIndex: number;
  pages: number[];
}

/**
 * Cuts a batch at its separator sheets: a separator ends the document before
 * it and is dropped, blank pages are dropped, and a cut that would leave an
 * empty document (two separators in a row, one at the very start) makes none.
 */
export function segmentBatch(roles: readonly PageRole[]): BatchSegment[] {
  const segments: BatchSegment[] = [];
  let current: number[] = [];
  const close = () => {
    if (current.length > 0) segments.push({ batchIndex: segments.length, pages: current });
    current = [];
  };
  roles.forEach((role, index) => {
    if (role === 'separator') close();
    else if (role === 'content') current.push(index + 1);
  });
  close();
  return segments;
}
