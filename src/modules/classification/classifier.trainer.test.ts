import { describe, expect, it } from 'vitest';
import { abstentionCurve, trainClassifier } from './classifier.trainer.ts';

const TEMPLATES: Record<string, string[]> = {
  kuendigung: ['ich kündige meinen Vertrag {n}', 'bitte beenden Sie den Vertrag {n}', 'Kündigung zum Monatsende {n}', 'Vertrag {n} fristgerecht kündigen'],
  umzug: ['ich ziehe um, neue Adresse Straße {n}', 'neue Anschrift ab Mai: Weg {n}', 'Umzug nach Hamburg, Hausnummer {n}', 'wir sind umgezogen in Gasse {n}'],
};

describe('trainClassifier with grouped k-fold validation', () => {
  const examples = Object.entries(TEMPLATES).flatMap(([label, templates]) =>
    templates.flatMap((template, t) => Array.from({ length: 10 }, (_, n) => ({ text: template.replace('{n}', String(n * 7 + t)), label, group: `${label}/${t}` }))),
  );

  it('measures out-of-fold on every example and refits on all', () => {
    const { model, report } = trainClassifier(examples, { folds: 4, seed: 3 });
    expect(report.validation).toEqual({ kind: 'group-k-fold', folds: 4, groups: 8 });
    expect(report.heldOut?.examples).toBe(examples.length);
    expect(report.heldOut?.abstention[0]).toMatchObject({ threshold: 0, coverage: 1 });
    expect(model.training.folds).toBe(4);
    expect(model.training.refit).toBe(true);
  });

  it('keeps the single split without folds', () => {
    const { report } = trainClassifier(examples, { seed: 3 });
    expect(report.validation.kind).toBe('split');
  });
});

describe('abstentionCurve', () => {
  it('gives coverage and accuracy of the decided examples per threshold', () => {
    const curve = abstentionCurve([0.9, 0.8, 0.4, 0.3], [true, true, false, true], [0, 0.5, 0.95]);
    expect(curve).toEqual([
      { threshold: 0, coverage: 1, accuracy: 0.75 },
      { threshold: 0.5, coverage: 0.5, accuracy: 1 },
      { threshold: 0.95, coverage: 0, accuracy: 0 },
    ]);
  });
});
