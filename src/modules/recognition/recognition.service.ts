import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { createClassifierService, type ClassifierService } from '../classification/classifier.service.ts';
import type { Database, RecognitionRecord } from '../database/database.types.ts';
import { createFieldExtractor } from '../extraction/field.extractor.ts';
import type { ExtractedFields } from '../extraction/extraction.types.ts';
import { createCustomerMatcher } from '../matching/customer.matcher.ts';
import { loadRoutingRules, routeDocument, type RoutingRule } from '../routing/routing.rules.ts';
import type { RoutingRulesStore } from '../routing/routing.store.ts';
import type { ModelStore } from './model.store.ts';
import { requestTypeModelName, shippedModelsDir } from './shipped-models.ts';

export { requestTypeModelName, shippedModelsDir };

/** The contract's `fields` object: only these keys leave the recognition. */
const contractFieldNames = [
  'customerNumber', 'contractNumber', 'iban', 'phone', 'firstName', 'lastName', 'company',
  'street', 'postalCode', 'city', 'newStreet', 'newPostalCode', 'newCity', 'desiredDate',
] as const satisfies ReadonlyArray<keyof ExtractedFields>;

export interface RecognitionOutcome {
  requestType: string | null;
  requestTypeConfidence: number | null;
  secondaryRequestTypes: string[];
  fields: Partial<Record<(typeof contractFieldNames)[number], string>>;
  matchStatus: 'auto' | 'suggested' | 'none';
  matchConfidence: number;
  /** Set only for `auto`: a suggestion is not an assignment. */
  customerNumber: string | null;
  suggestedCustomerNumber: string | null;
  queue: string;
  record: RecognitionRecord;
}

export interface RecognitionInput {
  tenantId: string;
  text: string;
  receivedAt: Date;
  channel: string;
  /** The e-mail's From address: a matching signal of its own (not written on behalf). */
  senderEmail?: string | null;
  /** The sending number of a fax header (E.164): a weak matching signal (shared company machines). */
  faxNumber?: string | null;
}

/**
 * Request type (calibrated, abstains when unsure) → key fields → customer
 * account → queue. Cheap enough to run as one pipeline step (≈ milliseconds).
 */
export function createRecognitionService({
  db,
  dataDir,
  modelName = requestTypeModelName,
  routingRules,
  models,
}: {
  db: Kysely<Database>;
  dataDir: string;
  modelName?: string;
  /** Tenants' published models (retrained from their agents' corrections), shared by all workers; they win over the files. */
  models?: Pick<ModelStore, 'resolve'>;
  /** The tenant's rules from the database (routing.store.ts); without it, `<dataDir>/routing.json`. */
  routingRules?: Pick<RoutingRulesStore, 'route'>;
}) {
  const tenantModels = createClassifierService({ modelsDir: path.join(dataDir, 'models') });
  const shippedModels = createClassifierService({ modelsDir: shippedModelsDir });
  const extractor = createFieldExtractor();
  const matcher = createCustomerMatcher({ db });
  let rules: RoutingRule[] | null = null;

  async function classifierFor(tenantId: string): Promise<{ classifier: ClassifierService; source: string } | null> {
    const published = models ? await models.resolve(tenantId, modelName) : null;
    if (published) return { classifier: published.classifier, source: `tenant v${published.version}` };
    if (fs.existsSync(tenantModels.pathOf(modelName))) return { classifier: tenantModels, source: 'data dir' };
    if (fs.existsSync(shippedModels.pathOf(modelName))) return { classifier: shippedModels, source: 'shipped' };
    return null;
  }

  return {
    async recognize(input: RecognitionInput): Promise<RecognitionOutcome> {
      const started = performance.now();
      const chosen = await classifierFor(input.tenantId);
      const [prediction] = chosen && input.text.trim() ? await chosen.classifier.predict(modelName, [input.text]) : [];
      const requestType = prediction?.label ?? null;

      const extraction = extractor.extract({ text: input.text, receivedAt: input.receivedAt });
      const match = await matcher.match({ tenantId: input.tenantId, fields: extraction.fields, flags: extraction.flags, ...(input.senderEmail ? { senderEmail: input.senderEmail } : {}), ...(input.faxNumber ? { faxNumber: input.faxNumber } : {}) });

      const routingInput = { requestType, matchStatus: match.status, channel: input.channel, customerNumber: match.status === 'auto' ? match.customerNumber : null };
      const route = routingRules ? await routingRules.route(input.tenantId, routingInput) : routeDocument((rules ??= loadRoutingRules(dataDir)), routingInput);

      const fields: RecognitionOutcome['fields'] = {};
      for (const name of contractFieldNames) {
        const value = extraction.fields[name];
        if (value) fields[name] = value;
      }
      return {
        requestType,
        requestTypeConfidence: prediction ? round(prediction.confidence) : null,
        secondaryRequestTypes: prediction ? prediction.secondary.map((entry) => entry.label).filter((label) => label !== requestType) : [],
        fields,
        matchStatus: match.status,
        matchConfidence: round(match.confidence),
        customerNumber: match.status === 'auto' ? match.customerNumber : null,
        suggestedCustomerNumber: match.status === 'suggested' ? match.customerNumber ?? match.candidates[0]?.customerNumber ?? null : null,
        queue: route.queue,
        record: {
          model: chosen ? modelName : null,
          modelSource: chosen?.source ?? null,
          candidateType: prediction?.candidate ?? null,
          probabilities: Object.fromEntries(Object.entries(prediction?.probabilities ?? {}).map(([label, value]) => [label, round(value)])),
          flags: extraction.flags,
          match: {
            status: match.status,
            explanation: match.explanation,
            candidates: match.candidates.slice(0, 5).map((candidate) => ({
              customerNumber: candidate.customerNumber,
              score: round(candidate.score),
              probability: round(candidate.probability),
              agreements: candidate.agreements,
              conflicts: candidate.conflicts,
            })),
          },
          routingRule: route.rule,
          durationMs: Math.round((performance.now() - started) * 100) / 100,
        },
      };
    },
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export type RecognitionService = ReturnType<typeof createRecognitionService>;
