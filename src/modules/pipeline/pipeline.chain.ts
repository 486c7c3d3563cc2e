import type { PipelineStep, StepDefinition } from './pipeline.types.ts';
import { finalizeStep } from './steps/finalize.step.ts';
import { indexTextStep } from './steps/index-text.step.ts';
import { nearDuplicateStep } from './steps/near-duplicate.step.ts';
import { recognizeTextStep } from './steps/recognize-text.step.ts';
import { recognizeStep } from './steps/recognize.step.ts';
import { searchablePdfStep } from './steps/searchable-pdf.step.ts';
import { splitPagesStep } from './steps/split-pages.step.ts';

/**
 * The one place where the pipeline is chained. Each step is idempotent and
 * records its result and timestamps; finishing a stage and sending the next
 * stage's job is one transaction.
 *
 *   stored original → split (pages) → ocr (text) → pdf (searchable) → index
 *   → recognize (request type, fields, customer account, queue)
 *   → dedup (near-duplicate of an earlier copy from another channel?) → finalize (status)
 *
 * Steps are grouped into stages, one durable job each: the expensive steps
 * (split, OCR) have a stage of their own so that they spread over workers and
 * machines; the cheap steps after OCR (a few to tens of milliseconds each) run
 * one after the other in one job, which saves four job round trips per
 * document (send, fetch, complete: ~25 % of the pipeline's queries). A stage
 * job that fails or dies is retried and skips the steps already done.
 */
export const pipelineStages: ReadonlyArray<readonly StepDefinition[]> = [
  [splitPagesStep],
  [recognizeTextStep],
  [searchablePdfStep, indexTextStep, recognizeStep, nearDuplicateStep, finalizeStep],
];

export const pipelineChain: readonly StepDefinition[] = pipelineStages.flat();

export function nextStepAfter(step: PipelineStep): PipelineStep | null {
  const index = pipelineChain.findIndex((definition) => definition.step === step);
  return pipelineChain[index + 1]?.step ?? null;
}

/** The stage a step belongs to, and the steps of that stage from this one on. */
export function stageFrom(step: PipelineStep): { stage: readonly StepDefinition[]; rest: readonly StepDefinition[] } {
  const stage = pipelineStages.find((candidate) => candidate.some((definition) => definition.step === step));
  if (!stage) throw new Error(`unknown pipeline step ${step}`);
  return { stage, rest: stage.slice(stage.findIndex((definition) => definition.step === step)) };
}

/** A stage's job: the longest time it may run, and how often it may be retried (its steps' own limits still apply). */
export function stageJobOptions(stage: readonly StepDefinition[]): { expireInSeconds: number; retryLimit: number } {
  return {
    expireInSeconds: stage.reduce((sum, definition) => sum + definition.expireInSeconds, 0),
    retryLimit: Math.max(...stage.map((definition) => definition.retryLimit)),
  };
}
