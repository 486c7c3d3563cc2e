import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deserialiseModel, isValidModelName, listModels, loadModel, modelPath, saveModel, serialiseModel } from './classifier.model.ts';
import { trainClassifier } from './classifier.trainer.ts';

const { model } = trainClassifier([
  { text: 'Ich kündige meinen Vertrag zum Monatsende.', label: 'kuendigung' },
  { text: 'Hiermit kündige ich fristgerecht.', label: 'kuendigung' },
  { text: 'Mein Zählerstand beträgt 4711 kWh.', label: 'zaehlerstand' },
  { text: 'Anbei der abgelesene Zählerstand.', label: 'zaehlerstand' },
  { text: 'Bitte buchen Sie vom neuen Konto ab.', label: 'bankverbindung' },
  { text: 'Meine neue IBAN lautet DE12 3456.', label: 'bankverbindung' },
]);

describe('model file', () => {
  it('round-trips every field through gzip\'d JSON', async () => {
    const bytes = await serialiseModel(model);
    expect(bytes[0]).toBe(0x1f);
    expect(bytes[1]).toBe(0x8b);
    const stored = JSON.parse(zlib.gunzipSync(bytes).toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(stored)).toEqual(expect.arrayContaining(['format', 'version', 'labels', 'featureConfig', 'featureIndex', 'idf', 'weights', 'bias', 'temperature', 'thresholds', 'metrics', 'training', 'trainedAt']));
    const loaded = await deserialiseModel(bytes);
    expect(loaded.labels).toEqual(model.labels);
    expect(loaded.featureConfig).toEqual(model.featureConfig);
    expect(Array.from(loaded.vocabulary.buckets)).toEqual(Array.from(model.vocabulary.buckets));
    expect(Array.from(loaded.vocabulary.idf)).toEqual(Array.from(model.vocabulary.idf));
    expect(Array.from(loaded.weights)).toEqual(Array.from(model.weights));
    expect(Array.from(loaded.bias)).toEqual(Array.from(model.bias));
    expect(loaded.temperature).toBe(model.temperature);
    expect(loaded.trainedAt).toBe(model.trainedAt);
  });

  it('rejects foreign, outdated and inconsistent files', async () => {
    await expect(deserialiseModel(zlib.gzipSync(JSON.stringify({ format: 'other' })))).rejects.toThrow(/not a Poststelle classifier model/);
    const stored = JSON.parse(zlib.gunzipSync(await serialiseModel(model)).toString('utf8')) as Record<string, unknown>;
    await expect(deserialiseModel(zlib.gzipSync(JSON.stringify({ ...stored, version: 99 })))).rejects.toThrow(/unsupported classifier model version/);
    await expect(deserialiseModel(zlib.gzipSync(JSON.stringify({ ...stored, bias: [0] })))).rejects.toThrow(/inconsistent/);
  });

  it('saves atomically into the models directory and lists models', async () => {
    const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-model-')), 'models');
    try {
      expect(await listModels(dir)).toEqual([]);
      const file = await saveModel(dir, 'request-type', model);
      expect(file).toBe(path.join(dir, 'request-type.model.json.gz'));
      expect(await fs.readdir(dir)).toEqual(['request-type.model.json.gz']);
      expect(await listModels(dir)).toEqual(['request-type']);
      expect((await loadModel(dir, 'request-type')).labels).toEqual(model.labels);
      await expect(loadModel(dir, 'missing')).rejects.toMatchObject({ code: 'model_not_found' });
    } finally {
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it('accepts only plain model names', () => {
    expect(isValidModelName('request-type_v2.1')).toBe(true);
    for (const name of ['', '../x', 'a/b', '.hidden', 'a..b', 'x'.repeat(101)]) expect(isValidModelName(name)).toBe(false);
    expect(() => modelPath('/tmp', '../x')).toThrow(/invalid model name/);
  });
});
