import { isPoststelleError } from '../modules/shared/errors.ts';

export class UsageError extends Error {}

/** Exit codes of the contract: 1 bad usage or arguments, 2 system failure. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return 1;
  if (isPoststelleError(error) && error.statusCode >= 400 && error.statusCode < 500) return 1;
  return 2;
}

export function reportError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const code = isPoststelleError(error) ? ` [${error.code}]` : '';
  process.stderr.write(`poststelle: ${message}${code}\n`);
}
