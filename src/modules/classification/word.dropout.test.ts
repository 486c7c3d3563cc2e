import { describe, expect, it } from 'vitest';
import { withWordDropout } from './word.dropout.ts';

const letters = [
  { text: 'Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag zum 31.03.2027.\nMit freundlichen Grüßen\nAnna Weber', label: 'cancellation', group: 'c/1' },
  { text: 'Hallo,\nbitte bucht ab sofort von meinem neuen Konto bei der Sparkasse Köln ab.\nDanke, Jonas', label: 'bank_details_change', group: 'b/4' },
  { text: 'Guten Tag,\nmeine neue Anschrift lautet Lindenweg 7, 04109 Leipzig.\nViele Grüße\nPetra Schmitt', label: 'customer_data_change', group: 'd/2' },
];

describe('word dropout augmentation', () => {
  it('keeps the originals and adds shortened copies with the same label and group', () => {
    const augmented = withWordDropout(letters, { share: 1, rate: 0.3, seed: 7 });
    expect(augmented.slice(0, letters.length)).toEqual(letters);
    const copies = augmented.slice(letters.length);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const original = letters.find((letter) => letter.group === copy.group);
      expect(original?.label).toBe(copy.label);
      const originalWords = (original?.text ?? '').split(/\s+/);
      const copyWords = copy.text.split(/\s+/).filter((word) => word !== '');
      expect(copyWords.length).toBeLessThan(originalWords.length);
      // Words are only removed, never reordered.
      let position = 0;
      for (const word of copyWords) {
        position = originalWords.indexOf(word, position);
        expect(position).toBeGreaterThanOrEqual(0);
        position += 1;
      }
    }
  });

  it('copies about the requested share and is deterministic for a seed', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ ...letters[i % 3]!, group: `g/${i}` }));
    const a = withWordDropout(many, { share: 0.5, rate: 0.2, seed: 3 });
    const b = withWordDropout(many, { share: 0.5, rate: 0.2, seed: 3 });
    expect(a).toEqual(b);
    expect(a.length - many.length).toBeGreaterThan(150);
    expect(a.length - many.length).toBeLessThan(250);
    expect(withWordDropout(many, { share: 0, rate: 0.2, seed: 3 })).toHaveLength(many.length);
  });
});
