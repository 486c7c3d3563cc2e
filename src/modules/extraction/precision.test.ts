/**
 * Precision and recall per field over all test letters, clean and with OCR noise.
 * right = extracted and equal to the expected value; wrong = extracted but different, or
 * extracted where nothing was expected; missed = expected but not extracted.
 * precision = right / (right + wrong), recall = right / (right + missed).
 */
import { describe, expect, it } from 'vitest';
import type { ExtractedFields, FieldName } from './extraction.types.ts';
import { createFieldExtractor } from './field.extractor.ts';
import { ALL_LETTERS, type FieldScore, scoreFields } from './testdata/corpus.ts';
import { DEFAULT_RECEIVED_AT } from './testdata/letter-case.ts';
import { degrade } from './testdata/ocr-noise.ts';

const extractor = createFieldExtractor();

function run(transform: (text: string, index: number) => string): Map<FieldName, FieldScore> {
  const scores = new Map<FieldName, FieldScore>();
  for (const [index, c] of ALL_LETTERS.entries()) {
    const result = extractor.extract({ text: transform(c.text, index), receivedAt: new Date(c.receivedAt ?? DEFAULT_RECEIVED_AT) });
    scoreFields(c.expected, result.fields as ExtractedFields, scores);
  }
  return scores;
}

function totals(scores: Map<FieldName, FieldScore>): FieldScore {
  const t = { right: 0, wrong: 0, missed: 0 };
  for (const s of scores.values()) {
    t.right += s.right;
    t.wrong += s.wrong;
    t.missed += s.missed;
  }
  return t;
}

const ratio = (a: number, b: number): string => (b === 0 ? '   -' : (a / b).toFixed(2));

function report(title: string, scores: Map<FieldName, FieldScore>): string {
  const lines = [`${title} (${ALL_LETTERS.length} letters)`, 'field           right wrong missed precision recall'];
  for (const [field, s] of [...scores.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(
      `${field.padEnd(15)} ${String(s.right).padStart(5)} ${String(s.wrong).padStart(5)} ${String(s.missed).padStart(6)} ${ratio(s.right, s.right + s.wrong).padStart(9)} ${ratio(s.right, s.right + s.missed).padStart(6)}`,
    );
  }
  const t = totals(scores);
  lines.push(`${'TOTAL'.padEnd(15)} ${String(t.right).padStart(5)} ${String(t.wrong).padStart(5)} ${String(t.missed).padStart(6)} ${ratio(t.right, t.right + t.wrong).padStart(9)} ${ratio(t.right, t.right + t.missed).padStart(6)}`);
  return lines.join('\n');
}

describe('precision check over the test letters', () => {
  it('clean text: every field right', () => {
    const scores = run((text) => text);
    console.log(report('clean', scores));
    const t = totals(scores);
    expect(t.wrong).toBe(0);
    expect(t.missed).toBe(0);
  });

  it('with OCR noise (O/0, l/1, S/5, B/8, stray spaces in numbers, lost umlauts, rn for m): identifiers survive', () => {
    const all = new Map<FieldName, FieldScore>();
    for (let seed = 1; seed <= 3; seed += 1) {
      for (const [field, s] of run((text, index) => degrade(text, seed * 1000 + index))) {
        const acc = all.get(field) ?? { right: 0, wrong: 0, missed: 0 };
        acc.right += s.right;
        acc.wrong += s.wrong;
        acc.missed += s.missed;
        all.set(field, acc);
      }
    }
    console.log(report('OCR noise, 3 seeds', all));
    const t = totals(all);
    expect(t.right / (t.right + t.wrong)).toBeGreaterThan(0.95);
    expect(t.right / (t.right + t.missed)).toBeGreaterThan(0.95);
    for (const field of ['customerNumber', 'contractNumber', 'iban', 'postalCode'] as const) {
      const s = all.get(field) as FieldScore;
      expect(s.right / (s.right + s.wrong + s.missed)).toBeGreaterThan(0.95);
    }
  });
});
