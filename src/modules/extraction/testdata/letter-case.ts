/**
 * A test letter with the complete set of fields a careful clerk would take from it:
 * every field not listed must NOT be extracted (so the precision check counts spurious values).
 */
import type { ExtractedFields } from '../extraction.types.ts';

export interface LetterCase {
  name: string;
  text: string;
  /** ISO instant; default 2026-11-25T08:00:00Z. */
  receivedAt?: string;
  expected: ExtractedFields;
  flags?: string[];
}

export const DEFAULT_RECEIVED_AT = '2026-11-25T08:00:00Z';

/** Strips the common indentation of a template literal (keeps relative indentation and right columns). */
export function letter(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indents = lines.filter((l) => l.trim().length > 0).map((l) => (/^ */.exec(l)?.[0].length ?? 0));
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}
