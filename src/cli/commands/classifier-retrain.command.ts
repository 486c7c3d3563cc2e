import type { Command } from 'commander';
import { openDatabase } from '../../modules/database/database.ts';
import { createFeedbackService } from '../../modules/recognition/feedback.service.ts';
import { createModelStore, modelCacheDirOf } from '../../modules/recognition/model.store.ts';
import { createBlobStore } from '../../modules/storage/blob-store.ts';
import { requestTypeModelName } from '../../modules/recognition/shipped-models.ts';
import { configFrom } from '../cli.options.ts';
import { modelsDirOf } from './classifier.command.ts';

/**
 * `classifier retrain`: the request-type model again, from the generated
 * corpus plus the agents' corrections of this tenant. Published as the
 * tenant's next model version (blob store + database), which every worker of
 * the installation picks up within half a minute, on this machine or another;
 * also saved in the data dir, as before.
 */
export function registerClassifierRetrainCommand(program: Command): void {
  const classifier = program.commands.find((command) => command.name() === 'classifier');
  if (!classifier) throw new Error('register the classifier command first');
  classifier
    .command('retrain')
    .description("retrain the request-type model from the generated corpus plus agents' corrections (training feedback)")
    .option('--tenant <tenant>', 'client company whose corrections to learn from')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; json?: boolean }, command: Command) => {
      const config = configFrom(command, { tenant: options.tenant });
      const database = await openDatabase(config, { maxConnections: 2 });
      try {
        const feedback = await createFeedbackService({ db: database.db }).requestTypeExamples(config.tenantId);
        const { requestTypeTrainingExamples, requestTypeTrainOptions } = await import('../../../scripts/request-type.training.ts');
        const { createClassifierService } = await import('../../modules/classification/classifier.service.ts');
        const service = createClassifierService({ modelsDir: modelsDirOf(config.dataDir) });
        const started = performance.now();
        const { model, report } = service.train(requestTypeTrainingExamples({ feedback }), requestTypeTrainOptions);
        const file = await service.save(requestTypeModelName, model);
        const published = await createModelStore({ db: database.db, blobs: createBlobStore(config), cacheDir: modelCacheDirOf(config.dataDir) }).publish({
          tenantId: config.tenantId,
          name: requestTypeModelName,
          file,
          examples: report.examples,
          corrections: feedback.length,
          metrics: { validationAccuracy: report.heldOut?.accuracy ?? null, validationMacroF1: report.heldOut?.macroF1 ?? null },
          trainedBy: 'classifier retrain',
        });
        const summary = {
          model: file,
          tenant: config.tenantId,
          version: published.version,
          corrections: feedback.length,
          examples: report.examples,
          validationAccuracy: report.heldOut?.accuracy ?? null,
          validationMacroF1: report.heldOut?.macroF1 ?? null,
          trainingMs: Math.round(performance.now() - started),
        };
        process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `retrained ${file} with ${feedback.length} correction(s) and ${report.examples} examples in ${summary.trainingMs} ms; published as version ${published.version} of tenant ${config.tenantId}\n`);
      } finally {
        await database.close();
      }
    });
}
