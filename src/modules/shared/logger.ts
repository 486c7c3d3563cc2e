import pino, { type Logger } from 'pino';

/**
 * Logs go to stderr so that stdout stays clean for `--json` output. Personal
 * data (letter text, names, IBANs) is never logged: only ids, codes and counts.
 */
export function createLogger(level: string, name = 'poststelle'): Logger {
  return pino({ name, level, redact: { paths: ['text', '*.text', 'iban', '*.iban', 'password', '*.password'], censor: '[redacted]' } }, pino.destination(2));
}
