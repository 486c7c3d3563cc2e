import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Logs go to stderr so that stdout stays clean for `--json` output. Personal
 * data (letter text, names, IBANs) is never logged: only ids, codes and counts.
 */
export function createLogger(level: string, name = 'poststelle', destination: DestinationStream = pino.destination(2)): Logger {
  const redactedFields = ['text', 'iban', 'password', 'password_hash', 'token', 'secret', 'csrfToken'];
  // Credentials in HTTP headers, should a request or response ever be logged with them.
  const redactedHeaders = ['req.headers', 'request.headers', 'headers'].flatMap((at) => [`${at}.authorization`, `${at}.cookie`, `${at}["x-csrf-token"]`]);
  const paths = [...redactedFields.flatMap((field) => [field, `*.${field}`]), ...redactedHeaders, 'res.headers["set-cookie"]', 'reply.headers["set-cookie"]'];
  return pino({ name, level, redact: { paths, censor: '[redacted]' } }, destination);
}
