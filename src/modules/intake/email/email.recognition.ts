import type { EmailKind } from '../../database/database.types.ts';
import type { RecognitionOutcome } from '../../recognition/recognition.service.ts';

/** Where auto-replies and bounces end: routed (final), never in a team's request queue. */
export const noActionQueue = 'no-action';

/**
 * Machine-written e-mails (out of office, auto-replies, delivery failures) are
 * not requests: the request type becomes `other`, the queue `no-action`, and
 * the flag `auto_reply` / `bounce` says why (docs/decisions/0003). Customer
 * matching still stands — a bounce tells which customer's address is dead.
 */
export function applyEmailKind(outcome: RecognitionOutcome, kind: EmailKind): RecognitionOutcome {
  if (kind === 'request') return outcome;
  return {
    ...outcome,
    requestType: 'other',
    requestTypeConfidence: 1,
    secondaryRequestTypes: [],
    queue: noActionQueue,
    record: {
      ...outcome.record,
      flags: [...new Set([...outcome.record.flags, kind])],
      routingRule: `email:${kind}`,
    },
  };
}
