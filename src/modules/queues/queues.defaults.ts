import { triageQueue } from '../routing/routing.rules.ts';

/** A team's queue as first created: display name and SLA in business days. */
export interface QueueDefaults {
  name: string;
  slaBusinessDays: number;
}

/**
 * Starting values for the queues of the default routing rules; admins change
 * them (PUT /queues/:id). Cancellations and number porting have legal or
 * regulatory deadlines, so they are short.
 */
export const defaultQueueSettings: Record<string, QueueDefaults> = {
  cancellations: { name: 'Kündigungen', slaBusinessDays: 3 },
  contracts: { name: 'Verträge und Tarife', slaBusinessDays: 5 },
  'customer-data': { name: 'Kundendaten', slaBusinessDays: 3 },
  billing: { name: 'Rechnungen und Reklamationen', slaBusinessDays: 10 },
  'number-porting': { name: 'Rufnummernmitnahme', slaBusinessDays: 2 },
  'contract-archive': { name: 'Vertragsunterlagen', slaBusinessDays: 10 },
  general: { name: 'Allgemeine Anfragen', slaBusinessDays: 5 },
  [triageQueue]: { name: 'Triage (Anliegen unklar)', slaBusinessDays: 1 },
};

export const fallbackQueueSettings = (queueId: string): QueueDefaults => defaultQueueSettings[queueId] ?? { name: queueId, slaBusinessDays: 5 };

export const defaultHolidayState = 'NW';
