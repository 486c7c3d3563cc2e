import type { PipelineStep, StepDefinition } from './pipeline.types.ts';
import { finalizeStep } from './steps/finalize.step.ts';
import { indexTextStep } from './steps/index-text.step.ts';
import { nearDuplicateStep } from './steps/near-duplicate.step.ts';
import { recognizeTextStep } from './steps/recognize-text.step.ts';
import { recognizeStep } from './steps/recognize.step.ts';
import { searchablePdfStep } from './steps/searchable-pdf.step.ts';
import { splitPagesStep } from './steps/split-pages.step.ts';

/**
 * The one place where the pipeline is chained. Each step is a durable,
 * idempotent job; finishing a step and sending the next one is one transaction.
 *
 *   stored original → split (pages) → ocr (text) → pdf (searchable) → index
 *   → recognize (request type, fields, customer account, queue)
 *   → dedup (near-duplicate of an earlier copy from another channel?) → finalize (status)
 */
export const pipelineChain: readonly StepDefinition[] = [splitPagesStep, recognizeTextStep, searchablePdfStep, indexTextStep, recognizeStep, nearDuplicateStep, finalizeStep];

export function nextStepAfter(step: PipelineStep): PipelineStep | null {
  const index = pipelineChain.findIndex((definition) => definition.step === step);
  return pipelineChain[index + 1]?.step ?? null;
}
