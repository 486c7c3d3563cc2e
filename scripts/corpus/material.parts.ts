/**
 * Parts of the phrasing material, for a validation that sees nothing twice.
 *
 * A grouped validation that keeps each core phrasing in one fold still shares the rest of a letter between
 * folds: the class's subject lines ("Vertragsverlängerung"), its add-on sentences and the frame sentences
 * around the core. A fold model then scores its held-out letters on subjects and sentences it was trained on,
 * so the out-of-fold accuracy is optimistic and the temperature fitted on those logits makes the shipped model
 * over-confident on mail written by other people.
 *
 * With parts, every sentence of the material (cores, subjects, add-ons, frame sentences) belongs to exactly one
 * of `of` parts, by a hash of its text, and a letter of part k is built from part k's material only. Letters
 * grouped by part (one part per fold) then share no core, subject, add-on or frame sentence with the other
 * folds. Formulae everybody writes (salutations, closings, our address) stay shared: they carry no class.
 */

export interface MaterialPart {
  /** 0 … of − 1. */
  index: number;
  of: number;
}

/** FNV-1a over the text, lower-cased with single spaces: the same sentence is in the same part wherever it is listed. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text.toLowerCase().replace(/\s+/g, ' ').trim()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The part a sentence of the material belongs to. */
export function partOf(text: string, of: number): number {
  return hashOf(text) % of;
}

/** Does the sentence belong to the part? Without a part every sentence does. */
export function inPart(part: MaterialPart | undefined, text: string): boolean {
  return part === undefined || partOf(text, part.of) === part.index;
}

/** The items of a list in the part (the list itself without a part, so that its random draws stay as they were). */
export function onlyPart<T>(part: MaterialPart | undefined, items: readonly T[], textOf: (item: T) => string = String): readonly T[] {
  return part === undefined ? items : items.filter((item) => inPart(part, textOf(item)));
}
