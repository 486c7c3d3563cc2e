import { describe, expect, it } from 'vitest';
import { computeRecognitionMetrics, normaliseFieldValue, type LabelledOutcome } from './recognition.metrics.ts';

const outcome = (truth: Partial<LabelledOutcome['truth']>, predicted: Partial<LabelledOutcome['predicted']>): LabelledOutcome => ({
  file: 'x.pdf',
  truth: { requestType: 'cancellation', customerNumber: null, fields: {}, ...truth },
  predicted: { requestType: null, matchStatus: 'none', customerNumber: null, suggestedCustomerNumber: null, fields: {}, status: 'routed', ...predicted },
});

describe('recognition metrics', () => {
  it('counts wrong auto-assignments, including auto-assigning a non-customer', () => {
    const metrics = computeRecognitionMetrics([
      outcome({ customerNumber: '1111111111' }, { matchStatus: 'auto', customerNumber: '1111111111', requestType: 'cancellation' }),
      outcome({ customerNumber: '2222222222' }, { matchStatus: 'auto', customerNumber: '3333333333' }),
      outcome({ customerNumber: null }, { matchStatus: 'auto', customerNumber: '4444444444' }),
      outcome({ customerNumber: '5555555555' }, { matchStatus: 'suggested', suggestedCustomerNumber: '5555555555' }),
    ]);
    expect(metrics.matching).toMatchObject({ customerLetters: 3, autoAssigned: 3, correctAuto: 1, wrongAuto: 2, wrongAutoRate: 0.5 });
    expect(metrics.matching.precision).toBeCloseTo(1 / 3);
    expect(metrics.matching.recall).toBeCloseTo(1 / 3);
    expect(metrics.matching.recallWithSuggestions).toBeCloseTo(2 / 3);
    expect(metrics.requestType.accuracy).toBe(0.25);
  });

  it('scores fields with normalised comparison', () => {
    const metrics = computeRecognitionMetrics([
      outcome({ fields: { iban: 'DE89 3704 0044 0532 0130 00', street: 'Hauptstraße 5' } }, { fields: { iban: 'DE89370400440532013000', street: 'Hauptstr. 5' } }),
      outcome({ fields: { iban: 'DE02120300000000202051' } }, { fields: { iban: 'DE89370400440532013000', city: 'Köln' } }),
      outcome({ fields: { iban: 'DE02500105170137075030' } }, { fields: {} }),
    ]);
    const iban = metrics.fields.find((field) => field.field === 'iban');
    expect(iban).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 2 });
    expect(metrics.fields.find((field) => field.field === 'street')).toMatchObject({ truePositives: 1, falsePositives: 0 });
    expect(normaliseFieldValue('phone', '+49 221 555')).toBe('+49221555');
  });
});
