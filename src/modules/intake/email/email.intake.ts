import { parseEmail, type ParsedEmail } from './email.parser.ts';

export interface EmailIntake {
  email: ParsedEmail;
  /** The legal date of receipt: the message's Date header (never in the future) unless the caller gave one. */
  receivedAt: Date;
}

// A Date header before this is a broken clock, not a receipt date.
const earliestPlausibleDate = Date.UTC(2000, 0, 1);

/**
 * What intake needs from an e-mail before the document exists: its envelope
 * (stored with the document) and its receipt date. Null when the message
 * cannot be parsed at all — the pipeline then quarantines it as usual.
 */
export async function prepareEmailIntake(bytes: Buffer, options: { receivedAt: Date; receivedAtGiven: boolean; now?: Date }): Promise<EmailIntake | null> {
  let email: ParsedEmail;
  try {
    email = await parseEmail(bytes);
  } catch {
    return null;
  }
  const now = options.now ?? new Date();
  let receivedAt = options.receivedAt;
  if (!options.receivedAtGiven && email.date && email.date.getTime() >= earliestPlausibleDate) {
    receivedAt = email.date.getTime() > now.getTime() ? now : email.date;
  }
  return { email, receivedAt };
}
