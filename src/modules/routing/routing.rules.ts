import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Which team's work queue a document goes to. Default: one queue per request
 * type; a tenant can override per type, per match status and per channel in
 * `<dataDir>/routing.json`. The first matching rule wins.
 */
export const routingRuleSchema = z.object({
  name: z.string(),
  queue: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
  requestTypes: z.array(z.string()).optional(),
  matchStatuses: z.array(z.enum(['auto', 'suggested', 'none'])).optional(),
  channels: z.array(z.enum(['scan', 'fax', 'email', 'upload'])).optional(),
  customerSegments: z.array(z.string()).optional(),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export const defaultQueues: Record<string, string> = {
  cancellation: 'cancellations',
  contract_renewal: 'contracts',
  tariff_change: 'contracts',
  customer_data_change: 'customer-data',
  bank_details_change: 'customer-data',
  invoice_complaint: 'billing',
  number_porting: 'number-porting',
  contract_documents: 'contract-archive',
  general_inquiry: 'general',
  other: 'general',
};

/** Documents whose request type the classifier would not decide on. */
export const triageQueue = 'triage';

export function defaultRoutingRules(): RoutingRule[] {
  return Object.entries(defaultQueues).map(([requestType, queue]) => ({ name: `default:${requestType}`, queue, requestTypes: [requestType] }));
}

/** The tenant's own rules from `<dataDir>/routing.json` (none when the file is absent). */
export function loadTenantRoutingRules(dataDir: string): RoutingRule[] {
  const file = path.join(dataDir, 'routing.json');
  if (!fs.existsSync(file)) return [];
  return z.object({ rules: z.array(routingRuleSchema) }).parse(JSON.parse(fs.readFileSync(file, 'utf8'))).rules;
}

export function loadRoutingRules(dataDir: string): RoutingRule[] {
  // Tenant rules first, defaults as fallback for every type they do not mention.
  return [...loadTenantRoutingRules(dataDir), ...defaultRoutingRules()];
}

export interface RoutingInput {
  requestType: string | null;
  matchStatus: 'auto' | 'suggested' | 'none';
  channel: string;
  /** The matched customer's segment, when known. */
  customerSegment?: string | null;
}

export function routeDocument(rules: readonly RoutingRule[], input: RoutingInput): { queue: string; rule: string } {
  if (!input.requestType) return { queue: triageQueue, rule: 'abstained' };
  for (const rule of rules) {
    if (rule.requestTypes && !rule.requestTypes.includes(input.requestType)) continue;
    if (rule.matchStatuses && !rule.matchStatuses.includes(input.matchStatus)) continue;
    if (rule.channels && !rule.channels.includes(input.channel as 'scan')) continue;
    if (rule.customerSegments && !(input.customerSegment && rule.customerSegments.includes(input.customerSegment))) continue;
    return { queue: rule.queue, rule: rule.name };
  }
  return { queue: defaultQueues.general_inquiry ?? 'general', rule: 'fallback' };
}
