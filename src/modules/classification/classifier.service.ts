/**
 * The classification module's entry point: train, save, load and predict with named models.
 *
 * Models live as files in `modelsDir` (`<dataDir>/models/<name>.model.json.gz`); loaded models are
 * cached in memory with their ready-to-use predictor, because building the feature lookup table and
 * parsing a large model file costs far more than a prediction. `save` replaces the cached entry, so a
 * process that retrains uses the new model at once; `forget` drops one (e.g. after another process
 * retrained it). Needs no database.
 */
import type { ClassifierModel } from './classifier.model.ts';
import { listModels, loadModel, modelPath, saveModel } from './classifier.model.ts';
import { createPredictor, type PredictOptions, type Prediction, type Predictor } from './classifier.predictor.ts';
import { trainClassifier, type TrainingExample, type TrainingReport, type TrainOptions } from './classifier.trainer.ts';

export interface ClassifierService {
  train(examples: readonly TrainingExample[], options?: TrainOptions): { model: ClassifierModel; report: TrainingReport };
  /** Writes the model and makes it the cached one for `name`; returns the file path. */
  save(name: string, model: ClassifierModel): Promise<string>;
  load(name: string): Promise<ClassifierModel>;
  predictor(name: string): Promise<Predictor>;
  /** One prediction per text, same order. */
  predict(name: string, texts: readonly string[], options?: PredictOptions): Promise<Prediction[]>;
  list(): Promise<string[]>;
  pathOf(name: string): string;
  forget(name: string): void;
}

export function createClassifierService(options: { modelsDir: string }): ClassifierService {
  const { modelsDir } = options;
  // Promises, so concurrent first requests for a model share one load.
  const cache = new Map<string, Promise<Predictor>>();

  const predictor = (name: string): Promise<Predictor> => {
    let cached = cache.get(name);
    if (!cached) {
      cached = loadModel(modelsDir, name).then(createPredictor);
      cache.set(name, cached);
      cached.catch(() => cache.delete(name));
    }
    return cached;
  };

  return {
    train: (examples, trainOptions) => trainClassifier(examples, trainOptions),
    async save(name, model) {
      const file = await saveModel(modelsDir, name, model);
      cache.set(name, Promise.resolve(createPredictor(model)));
      return file;
    },
    load: async (name) => (await predictor(name)).model,
    predictor,
    predict: async (name, texts, predictOptions) => (await predictor(name)).predictMany(texts, predictOptions),
    list: () => listModels(modelsDir),
    pathOf: (name) => modelPath(modelsDir, name),
    forget: (name) => {
      cache.delete(name);
    },
  };
}
