import { createQuarantineError } from '../shared/errors.ts';

/** File systems allow 255 bytes per name: a longer one never came from a disk. */
export const maxFileNameBytes = 255;

// C0/C1 controls, bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make
// `Rechnung‮fdp.exe` look like `Rechnungexe.pdf`, and U+FFFD: intake stores a NUL as U+FFFD, and
// a name with undecodable bytes carries it too.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const hostileCharacters = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\uFFFD]/u;

/**
 * The name a file arrived under is only ever stored and shown, never used as a path. Names built to
 * trick a person or a tool still go to quarantine (`suspicious_file_name`): path traversal, control
 * characters, bidi overrides, over-long names. Umlauts, accents and other scripts pass.
 */
export function assertSafeFileName(name: string | null | undefined): void {
  if (!name) return;
  const problem =
    /(^|[\\/])\.\.([\\/]|$)/.test(name) || /[\\/]/.test(name)
      ? 'contains a path'
      : hostileCharacters.test(name)
        ? 'contains control or text-direction characters'
        : Buffer.byteLength(name, 'utf8') > maxFileNameBytes
          ? `is longer than ${maxFileNameBytes} bytes`
          : null;
  if (problem) throw createQuarantineError('suspicious_file_name', `The file name ${JSON.stringify(name.slice(0, 120))} ${problem}`);
}
