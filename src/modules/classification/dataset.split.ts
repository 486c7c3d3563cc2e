/**
 * Stratified, grouped train / held-out split.
 *
 * Stratified: every label keeps its share in both parts, so a rare request type is not missing
 * from the held-out set by bad luck. Grouped: examples with the same normalised text (re-sent
 * letters, form letters, duplicates from a bulk export) always land on the same side — a duplicate
 * in both parts would make held-out accuracy and calibration look better than they are.
 * A label with a single group stays entirely in training: it cannot be both learned and tested.
 */
import { fnv1a32 } from './features.ts';
import { createSeededRandom } from './seeded.random.ts';
import { normaliseText } from './text.normaliser.ts';

export interface DatasetSplit {
  /** Example positions, ascending. */
  train: Int32Array;
  heldOut: Int32Array;
}

/** A key per example that is equal for texts that normalise to the same string. */
export function duplicateGroups(texts: readonly string[]): string[] {
  return texts.map((text) => {
    const normalised = normaliseText(text);
    // Two independent 32-bit hashes: a collision of both is negligible for any realistic dataset.
    return `${fnv1a32(normalised).toString(16)}:${fnv1a32(normalised, 0x01234567).toString(16)}:${normalised.length}`;
  });
}

export function stratifiedSplit(labels: ArrayLike<number>, groups: readonly string[], heldOutFraction: number, seed: number): DatasetSplit {
  const random = createSeededRandom(seed);
  // Groups in order of first appearance, each with the label of its first example.
  const groupMembers = new Map<string, number[]>();
  const groupsOfLabel = new Map<number, string[]>();
  for (let i = 0; i < labels.length; i++) {
    const group = groups[i] as string;
    const members = groupMembers.get(group);
    if (members) {
      members.push(i);
      continue;
    }
    groupMembers.set(group, [i]);
    const label = labels[i] as number;
    const list = groupsOfLabel.get(label) ?? [];
    list.push(group);
    groupsOfLabel.set(label, list);
  }
  const heldOutExamples: number[] = [];
  const labelOrder = [...groupsOfLabel.keys()].sort((a, b) => a - b);
  for (const label of labelOrder) {
    const list = groupsOfLabel.get(label) ?? [];
    if (list.length < 2 || heldOutFraction <= 0) continue;
    random.shuffle(list);
    const take = Math.min(list.length - 1, Math.max(1, Math.round(list.length * heldOutFraction)));
    for (const group of list.slice(0, take)) heldOutExamples.push(...(groupMembers.get(group) ?? []));
  }
  const isHeldOut = new Uint8Array(labels.length);
  for (const index of heldOutExamples) isHeldOut[index] = 1;
  const train: number[] = [];
  const heldOut: number[] = [];
  for (let i = 0; i < labels.length; i++) (isHeldOut[i] ? heldOut : train).push(i);
  return { train: Int32Array.from(train), heldOut: Int32Array.from(heldOut) };
}

/**
 * Stratified group k-fold: a fold number (0 … folds−1) per example. Every group lies in exactly one fold, so a
 * model trained on the other folds never saw any member of a held-out group; each label's groups are shuffled
 * and dealt round-robin, so every fold gets about 1/folds of every label's groups. With groups = the phrasing
 * a synthetic letter was built from, out-of-fold predictions measure generalisation to unseen phrasings.
 */
export function groupedFolds(labels: ArrayLike<number>, groups: readonly string[], folds: number, seed: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be an integer ≥ 2, got ${folds}`);
  const random = createSeededRandom(seed);
  const groupMembers = new Map<string, number[]>();
  const groupsOfLabel = new Map<number, string[]>();
  for (let i = 0; i < labels.length; i++) {
    const group = groups[i] as string;
    const members = groupMembers.get(group);
    if (members) {
      members.push(i);
      continue;
    }
    groupMembers.set(group, [i]);
    const label = labels[i] as number;
    const list = groupsOfLabel.get(label) ?? [];
    list.push(group);
    groupsOfLabel.set(label, list);
  }
  const foldOf = new Int32Array(labels.length);
  // Continue the round-robin across labels, so labels with few groups do not all start in fold 0.
  let next = 0;
  for (const label of [...groupsOfLabel.keys()].sort((a, b) => a - b)) {
    const list = groupsOfLabel.get(label) ?? [];
    random.shuffle(list);
    for (const group of list) {
      for (const member of groupMembers.get(group) ?? []) foldOf[member] = next;
      next = (next + 1) % folds;
    }
  }
  return foldOf;
}
