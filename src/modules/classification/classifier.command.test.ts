import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/cli.errors.ts';
import { formatTrainSummary, modelsDirOf, predictFromFile, readJsonlRecords, trainFromFile } from '../../cli/commands/classifier.command.ts';
import { generateSyntheticLetters } from './synthetic.letters.ts';

/** The core of `poststelle classifier train|predict`, driven directly (the command is registered by main.ts). */
describe('classifier command', () => {
  let dir: string;
  let modelsDir: string;
  const write = async (name: string, lines: unknown[]): Promise<string> => {
    const file = path.join(dir, name);
    await fs.writeFile(file, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n');
    return file;
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-classifier-cli-'));
    modelsDir = modelsDirOf(path.join(dir, 'data'));
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('trains from JSON lines, saves under <dataDir>/models and predicts one line per input line in order', async () => {
    const training = generateSyntheticLetters({ seed: 5, perLabel: 25, phrasings: 'train' });
    const trainFile = await write('train.jsonl', training);
    const summary = await trainFromFile({ input: trainFile, model: 'requests', modelsDir });
    expect(summary.path).toBe(path.join(dir, 'data', 'models', 'requests.model.json.gz'));
    expect(summary.examples).toBe(150);
    expect(summary.labels).toHaveLength(6);
    expect(summary.heldOutExamples).toBeGreaterThan(0);
    expect(summary.accuracy).toBeGreaterThan(0.8);
    expect(summary.macroF1).toBeGreaterThan(0.8);
    expect(summary.ece).toBeGreaterThanOrEqual(0);
    expect(summary.trainingMs).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    const text = formatTrainSummary(summary);
    expect(text).toContain('held-out');
    expect(text).toContain('macro-F1');

    const test = generateSyntheticLetters({ seed: 6, perLabel: 5, phrasings: 'train' });
    // Only "text" is needed; a blank line is skipped.
    const predictFile = await write('predict.jsonl', [...test.slice(0, 10).map(({ text }) => ({ text })), '', ...test.slice(10).map(({ text }) => ({ text }))]);
    const result = await predictFromFile({ input: predictFile, model: 'requests', modelsDir });
    expect(result.predictions).toHaveLength(test.length);
    expect(result.accuracy).toBeNull();
    const correct = result.predictions.filter((prediction, i) => prediction.label === test[i]?.label).length;
    expect(correct / test.length).toBeGreaterThan(0.9);
    for (const prediction of result.predictions) {
      expect(Object.keys(prediction)).toEqual(expect.arrayContaining(['label', 'confidence']));
      expect(prediction.confidence).toBeGreaterThanOrEqual(0);
      expect(prediction.confidence).toBeLessThanOrEqual(1);
    }

    const labelledFile = await write('labelled.jsonl', test);
    expect((await predictFromFile({ input: labelledFile, model: 'requests', modelsDir })).accuracy).toBeCloseTo(correct / test.length, 10);
    const strict = await predictFromFile({ input: labelledFile, model: 'requests', modelsDir, abstainBelow: 1 });
    expect(strict.predictions.every((prediction) => prediction.label === null || prediction.confidence === 1)).toBe(true);
  });

  it('accepts numeric labels as label strings', async () => {
    const file = await write('numeric.jsonl', [
      { text: 'gut', label: 1 },
      { text: 'schlecht', label: 0 },
    ]);
    const records = await readJsonlRecords(file, { requireLabel: true });
    expect(records.map((record) => record.label)).toEqual(['1', '0']);
  });

  it('rejects bad input with a usage error', async () => {
    const usage = async (promise: Promise<unknown>, message: RegExp) => {
      const error = await promise.then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
    };
    const empty = await write('empty.jsonl', ['', '  ']);
    const badJson = await write('bad.jsonl', [{ text: 'ok', label: 'a' }, '{not json']);
    const noText = await write('notext.jsonl', [{ label: 'a' }]);
    const noLabel = await write('nolabel.jsonl', [{ text: 'a', label: 'x' }, { text: 'b' }]);
    const oneLabel = await write('onelabel.jsonl', [{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }]);
    const ok = await write('ok.jsonl', [{ text: 'a' }]);
    await usage(trainFromFile({ input: path.join(dir, 'missing.jsonl'), model: 'm', modelsDir }), /cannot read/);
    await usage(trainFromFile({ input: empty, model: 'm', modelsDir }), /no records/);
    await usage(trainFromFile({ input: badJson, model: 'm', modelsDir }), /bad\.jsonl:2: not valid JSON/);
    await usage(trainFromFile({ input: noText, model: 'm', modelsDir }), /"text" must be a string/);
    await usage(trainFromFile({ input: noLabel, model: 'm', modelsDir }), /nolabel\.jsonl:2: "label"/);
    await usage(trainFromFile({ input: oneLabel, model: 'm', modelsDir }), /at least 2 different labels/);
    await usage(trainFromFile({ input: ok, model: '../evil', modelsDir }), /invalid model name/);
    await usage(predictFromFile({ input: ok, model: 'never-trained', modelsDir }), /no model "never-trained"/);
    await usage(predictFromFile({ input: empty, model: 'requests', modelsDir }), /no records/);
  });
});
