/** All test letters, and the per-field right/wrong/missed count of an extraction over them. */
import type { ExtractedFields, FieldName } from '../extraction.types.ts';
import { BEHALF_LETTERS } from './letters.behalf.ts';
import { EMAIL_LETTERS } from './letters.email.ts';
import { EXTRA_LETTERS } from './letters.extra.ts';
import { FORMAL_LETTERS_MORE } from './letters.formal-more.ts';
import { FORMAL_LETTERS } from './letters.formal.ts';
import { LAYOUT_LETTERS } from './letters.layouts.ts';
import { MISC_LETTERS } from './letters.misc.ts';
import { NOISY_LETTERS } from './letters.noisy.ts';
import { RECALL_LETTERS } from './letters.recall.ts';
import type { LetterCase } from './letter-case.ts';

export const ALL_LETTERS: LetterCase[] = [...FORMAL_LETTERS, ...FORMAL_LETTERS_MORE, ...EMAIL_LETTERS, ...NOISY_LETTERS, ...BEHALF_LETTERS, ...MISC_LETTERS, ...EXTRA_LETTERS, ...LAYOUT_LETTERS, ...RECALL_LETTERS];

export interface FieldScore {
  right: number;
  /** A value that differs from the expected one, or a value where none was expected. */
  wrong: number;
  missed: number;
}

export function scoreFields(expected: ExtractedFields, actual: ExtractedFields, into: Map<FieldName, FieldScore>): string[] {
  const problems: string[] = [];
  const names = new Set<FieldName>([...(Object.keys(expected) as FieldName[]), ...(Object.keys(actual) as FieldName[])]);
  for (const field of names) {
    const want = expected[field];
    const got = actual[field];
    const score = into.get(field) ?? { right: 0, wrong: 0, missed: 0 };
    if (want !== undefined && got === want) score.right += 1;
    else if (got === undefined) {
      score.missed += 1;
      problems.push(`${field}: missed (expected ${want})`);
    } else {
      score.wrong += 1;
      problems.push(`${field}: got ${got}, expected ${want ?? '(none)'}`);
    }
    into.set(field, score);
  }
  return problems;
}
