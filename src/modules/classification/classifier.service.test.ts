import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedCalibrationError } from './calibration.ts';
import type { ClassifierModel } from './classifier.model.ts';
import { createClassifierService } from './classifier.service.ts';
import type { TrainingReport } from './classifier.trainer.ts';
import { evaluate } from './evaluation.ts';
import { generateSyntheticLetters, SYNTHETIC_LABELS } from './synthetic.letters.ts';

/**
 * End-to-end on synthetic German letters: 6 request types, several phrasings each, OCR noise.
 * The test set uses phrasings that never occur in training, so it measures generalisation to new
 * wordings rather than recall of templates.
 */
const training = generateSyntheticLetters({ seed: 1, perLabel: 60, phrasings: 'train', noise: 0.01 });
const unseenPhrasings = generateSyntheticLetters({ seed: 2, perLabel: 30, phrasings: 'heldOut', noise: 0.01 });
const chance = 1 / SYNTHETIC_LABELS.length;

describe('classifier service', () => {
  let modelsDir: string;
  let model: ClassifierModel;
  let report: TrainingReport;

  beforeAll(async () => {
    modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-classifier-'));
    ({ model, report } = createClassifierService({ modelsDir }).train(training, { abstainBelow: 0.4, secondaryAbove: 0.2 }));
  });

  afterAll(async () => {
    await fs.rm(modelsDir, { recursive: true, force: true });
  });

  it('reports held-out metrics from a stratified split and a calibrated temperature', () => {
    expect(report.examples).toBe(360);
    expect(report.labels).toEqual([...SYNTHETIC_LABELS].sort());
    expect(report.heldOut?.examples).toBe(54);
    expect(report.heldOut?.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.heldOut?.macroF1).toBeGreaterThanOrEqual(0.95);
    expect(report.heldOut?.ece).toBeLessThan(0.1);
    expect(report.temperature).toBeGreaterThan(0);
    expect(model.metrics.heldOutAccuracy).toBe(report.heldOut?.accuracy);
    expect(model.training.refit).toBe(true);
    expect(model.thresholds).toEqual({ abstainBelow: 0.4, secondaryAbove: 0.2 });
  });

  it('generalises to phrasings it never saw, with calibrated confidences in [0, 1]', async () => {
    const service = createClassifierService({ modelsDir });
    await service.save('requests', model);
    const predictions = await service.predict(
      'requests',
      unseenPhrasings.map((letter) => letter.text),
      { abstainBelow: 0 },
    );
    const result = evaluate(
      unseenPhrasings.map((letter) => letter.label),
      predictions.map((prediction) => prediction.label),
      model.labels,
    );
    const ece = expectedCalibrationError(
      predictions.map((prediction) => prediction.confidence),
      predictions.map((prediction, i) => prediction.label === unseenPhrasings[i]?.label),
    );
    console.log(`unseen phrasings: accuracy ${result.accuracy.toFixed(3)}, macro-F1 ${result.macroF1.toFixed(3)}, ECE ${ece.toFixed(3)} (held-out split: accuracy ${report.heldOut?.accuracy.toFixed(3)}, ECE ${report.heldOut?.ece.toFixed(3)}, T ${report.temperature.toFixed(3)}; training ${report.timings.totalMs} ms)`);
    expect(result.accuracy).toBeGreaterThan(Math.max(0.75, 4 * chance));
    expect(result.macroF1).toBeGreaterThan(0.7);
    for (const prediction of predictions) {
      expect(prediction.confidence).toBeGreaterThanOrEqual(0);
      expect(prediction.confidence).toBeLessThanOrEqual(1);
      const total = Object.values(prediction.probabilities).reduce((sum, p) => sum + p, 0);
      expect(total).toBeCloseTo(1, 5);
      expect(prediction.confidence).toBe(Math.max(...Object.values(prediction.probabilities)));
    }
  });

  it('abstains below the threshold and names the candidate', async () => {
    const service = createClassifierService({ modelsDir });
    await service.save('requests', model);
    const texts = unseenPhrasings.map((letter) => letter.text);
    const threshold = 0.8;
    const predictions = await service.predict('requests', texts, { abstainBelow: threshold });
    const abstained = predictions.filter((prediction) => prediction.label === null);
    expect(abstained.length).toBeGreaterThan(0);
    expect(abstained.length).toBeLessThan(predictions.length);
    for (const prediction of predictions) {
      if (prediction.label === null) expect(prediction.confidence).toBeLessThan(threshold);
      else expect(prediction.confidence).toBeGreaterThanOrEqual(threshold);
      expect(model.labels).toContain(prediction.candidate);
    }
    // Without an explicit threshold the model's stored one (0.4) applies.
    const byModelDefault = await service.predict('requests', texts);
    expect(byModelDefault.every((prediction) => prediction.label !== null || prediction.confidence < 0.4)).toBe(true);
  });

  it('reports a second intent as secondary label', async () => {
    const service = createClassifierService({ modelsDir });
    await service.save('requests', model);
    const [prediction] = await service.predict(
      'requests',
      ['Sehr geehrte Damen und Herren, hiermit kündige ich meinen Stromvertrag fristgerecht. Außerdem hat sich meine Bankverbindung geändert, die neue IBAN lautet DE12345678901234567890. Mit freundlichen Grüßen'],
      { secondaryAbove: 0.1 },
    );
    const topTwo = [prediction?.candidate, ...(prediction?.secondary.map((entry) => entry.label) ?? [])].slice(0, 2).sort();
    expect(topTwo).toEqual(['bankverbindung', 'kuendigung']);
    for (const entry of prediction?.secondary ?? []) expect(entry.confidence).toBeGreaterThanOrEqual(0.1);
  });

  it('saves and loads a model that predicts identically', async () => {
    const writer = createClassifierService({ modelsDir });
    const file = await writer.save('roundtrip', model);
    expect(file).toBe(path.join(modelsDir, 'roundtrip.model.json.gz'));
    expect(await writer.list()).toContain('roundtrip');
    const texts = unseenPhrasings.slice(0, 40).map((letter) => letter.text);
    const before = await writer.predict('roundtrip', texts);
    // A fresh service has an empty cache and reads the file.
    const reader = createClassifierService({ modelsDir });
    const loaded = await reader.load('roundtrip');
    expect(loaded.labels).toEqual(model.labels);
    expect(loaded.temperature).toBe(model.temperature);
    expect(Array.from(loaded.weights)).toEqual(Array.from(model.weights));
    expect(Array.from(loaded.vocabulary.buckets)).toEqual(Array.from(model.vocabulary.buckets));
    expect(loaded.metrics).toEqual(model.metrics);
    expect(await reader.predict('roundtrip', texts)).toEqual(before);
  });

  it('fails clearly for an unknown or invalid model name', async () => {
    const service = createClassifierService({ modelsDir });
    await expect(service.predict('does-not-exist', ['Hallo'])).rejects.toMatchObject({ code: 'model_not_found', statusCode: 404 });
    await expect(service.load('../escape')).rejects.toMatchObject({ code: 'invalid_model_name' });
  });

  it('trains deterministically for a seed', () => {
    const service = createClassifierService({ modelsDir });
    const small = training.slice(0, 120);
    const a = service.train(small, { seed: 7 }).model;
    const b = service.train(small, { seed: 7 }).model;
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(a.temperature).toBe(b.temperature);
  });

  it('trains without a held-out set when every label has a single example', () => {
    const { model: tiny, report: tinyReport } = createClassifierService({ modelsDir }).train([
      { text: 'Ich kündige meinen Vertrag.', label: 'kuendigung' },
      { text: 'Mein Zählerstand ist 4711.', label: 'zaehlerstand' },
    ]);
    expect(tinyReport.heldOut).toBeNull();
    expect(tiny.temperature).toBe(1);
    expect(tiny.metrics.heldOutAccuracy).toBeNull();
    expect(tinyReport.trainingAccuracy).toBe(1);
  });

  it('rejects unusable training data', () => {
    const service = createClassifierService({ modelsDir });
    expect(() => service.train([{ text: 'a', label: 'x' }])).toThrow(/at least 2 examples/);
    expect(() => service.train([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }])).toThrow(/at least 2 different labels/);
  });

  it('predicts a 2-page letter the same way every time (its speed is measured by npm run bench:recognition, not here)', async () => {
    const service = createClassifierService({ modelsDir });
    await service.save('requests', model);
    const predictor = await service.predictor('requests');
    // ~600 words, about two printed pages.
    const letter = unseenPhrasings.slice(0, 12).map((entry) => entry.text).join('\n\n');
    expect(letter.split(/\s+/).length).toBeGreaterThan(500);
    const first = predictor.predict(letter);
    for (let i = 0; i < 5; i++) expect(predictor.predict(letter)).toEqual(first);
  });
});
