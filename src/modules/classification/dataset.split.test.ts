import { describe, expect, it } from 'vitest';
import { duplicateGroups, stratifiedSplit } from './dataset.split.ts';

describe('stratified grouped split', () => {
  const labels = Int32Array.from([...Array(20).fill(0), ...Array(40).fill(1), ...Array(3).fill(2), 3]);
  const groups = Array.from(labels, (_, i) => `text ${i}`);

  it('holds out about the requested share of every label and keeps single examples in training', () => {
    const split = stratifiedSplit(labels, groups, 0.15, 1);
    const heldOutOf = (label: number) => Array.from(split.heldOut).filter((i) => labels[i] === label).length;
    expect(heldOutOf(0)).toBe(3);
    expect(heldOutOf(1)).toBe(6);
    expect(heldOutOf(2)).toBe(1);
    expect(heldOutOf(3)).toBe(0);
    expect(split.train.length + split.heldOut.length).toBe(labels.length);
    expect(new Set([...split.train, ...split.heldOut]).size).toBe(labels.length);
  });

  it('is deterministic for a seed and varies with it', () => {
    const a = stratifiedSplit(labels, groups, 0.15, 1);
    const b = stratifiedSplit(labels, groups, 0.15, 1);
    const c = stratifiedSplit(labels, groups, 0.15, 2);
    expect(Array.from(a.heldOut)).toEqual(Array.from(b.heldOut));
    expect(Array.from(a.heldOut)).not.toEqual(Array.from(c.heldOut));
  });

  it('keeps texts that normalise alike on the same side', () => {
    const texts = ['Kündigung!', 'KUENDIGUNG', 'kündigung', 'Umzug', 'Neue Adresse', 'Umzug.', 'Ich ziehe um', 'Kündige', 'Vertrag beenden'];
    const textLabels = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 0, 0]);
    const textGroups = duplicateGroups(texts);
    expect(textGroups[0]).toBe(textGroups[1]);
    expect(textGroups[0]).toBe(textGroups[2]);
    expect(textGroups[3]).toBe(textGroups[5]);
    for (let seed = 1; seed <= 20; seed++) {
      const split = stratifiedSplit(textLabels, textGroups, 0.5, seed);
      const heldOut = new Set(split.heldOut);
      expect(heldOut.has(0)).toBe(heldOut.has(1));
      expect(heldOut.has(0)).toBe(heldOut.has(2));
      expect(heldOut.has(3)).toBe(heldOut.has(5));
    }
  });
});

describe('groupedFolds', () => {
  it('keeps every group in one fold and spreads each label over all folds', async () => {
    const { groupedFolds } = await import('./dataset.split.ts');
    const labels = Array.from({ length: 200 }, (_, i) => i % 2);
    const groups = labels.map((label, i) => `${label}/${Math.floor(i / 4) % 10}`);
    const foldOf = groupedFolds(labels, groups, 5, 3);
    const foldOfGroup = new Map<string, number>();
    groups.forEach((group, i) => {
      const fold = foldOf[i] as number;
      expect(foldOfGroup.get(group) ?? fold).toBe(fold);
      foldOfGroup.set(group, fold);
    });
    for (const label of [0, 1]) expect(new Set(labels.flatMap((l, i) => (l === label ? [foldOf[i]] : []))).size).toBe(5);
    expect(() => groupedFolds(labels, groups, 1, 3)).toThrow(/folds/);
  });
});
