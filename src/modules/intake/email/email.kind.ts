import type { EmailKind } from '../../database/database.types.ts';

/** What the classification looks at: the headers as the message carries them (lower-case names). */
export interface EmailKindSignals {
  headers: ReadonlyMap<string, string>;
  /** `multipart/report; report-type=delivery-status` at the top level. */
  contentType: string;
  reportType: string | null;
  fromAddress: string | null;
  subject: string | null;
}

const bounceSenders = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;
const bounceSubjects = [
  /\bunzustellbar\b/i,
  /\bnicht zustellbar\b/i,
  /\bundeliver(?:able|ed)\b/i,
  /\bdelivery status notification\b/i,
  /\bmail delivery (?:failed|failure|system)\b/i,
  /\breturned mail\b/i,
  /\bfailure notice\b/i,
  /\bzustellung fehlgeschlagen\b/i,
  /\bzustellungsfehler\b/i,
];
const autoReplySubjects = [
  /\babwesenheitsnotiz\b/i,
  /\babwesenheitsmeldung\b/i,
  /\bautomatische antwort\b/i,
  /\bautomatische r[üu]ckmeldung\b/i,
  /\bout of (?:the )?office\b/i,
  /\bauto(?:matic)?[- ]?reply\b/i,
  /\bautoresponse\b/i,
  /\bauto[- ]?antwort\b/i,
  /\bich bin (?:zurzeit |derzeit )?nicht im b[üu]ro\b/i,
];

/**
 * Messages written by machines get their own handling: bounces (delivery
 * reports) and auto-replies (out of office, ticket acknowledgements, mailing
 * lists) are not customer requests. Headers decide first (RFC 3834
 * Auto-Submitted, the Microsoft/Exchange X-Auto* headers, Precedence, RFC 3464
 * delivery reports), then the sender and subject patterns that mail systems
 * without those headers still use. A bounce is checked first: it is also
 * auto-submitted, but it says more.
 */
export function classifyEmailKind(signals: EmailKindSignals): EmailKind {
  const header = (name: string) => signals.headers.get(name)?.trim().toLowerCase() ?? '';
  const subject = signals.subject ?? '';

  const isReport = signals.contentType.toLowerCase() === 'multipart/report' && (signals.reportType ?? '').toLowerCase() === 'delivery-status';
  if (isReport) return 'bounce';
  if (signals.fromAddress && bounceSenders.test(signals.fromAddress)) return 'bounce';
  if (bounceSubjects.some((pattern) => pattern.test(subject)) && (header('auto-submitted') !== '' || signals.fromAddress === null || /daemon|postmaster|mailer/i.test(signals.fromAddress))) {
    return 'bounce';
  }

  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== '' && autoSubmitted !== 'no') return 'auto_reply';
  if (signals.headers.has('x-autoreply') || signals.headers.has('x-autorespond') || signals.headers.has('x-autoresponder')) return 'auto_reply';
  if (['auto_reply', 'bulk', 'junk', 'list'].includes(header('precedence'))) return 'auto_reply';
  if (autoReplySubjects.some((pattern) => pattern.test(subject))) return 'auto_reply';
  if (bounceSubjects.some((pattern) => pattern.test(subject))) return 'bounce';
  return 'request';
}
