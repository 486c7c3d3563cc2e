import crypto from 'node:crypto';

export const signatureHeader = 'x-poststelle-signature';

/** `sha256=<hex HMAC-SHA256 of the raw body>`: the receiver recomputes it with the shared secret. */
export function signPayload(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Constant-time check, for receivers (and tests). */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signPayload(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
