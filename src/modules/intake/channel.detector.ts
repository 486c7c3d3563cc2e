import type { Channel } from '../database/database.types.ts';
import { detectFormat } from '../imaging/format.sniffer.ts';
import { createSourceInspector } from '../imaging/source.inspector.ts';
import { defaultLimits } from '../imaging/imaging.types.ts';

/**
 * `--channel auto`: decided by content, not by name — an RFC 822 message is
 * e-mail, a TIFF with fax resolution or CCITT compression is a fax, anything
 * else (PDF, images) came from the scanner.
 */
export async function detectChannel(bytes: Buffer, fileName: string): Promise<Channel> {
  if (bytes.length === 0) return 'scan';
  const { format } = detectFormat(bytes);
  if (format === 'eml') return 'email';
  if (format === 'tiff') {
    try {
      const inspection = await createSourceInspector({ limits: defaultLimits }).inspect(bytes, fileName);
      if (inspection.fax) return 'fax';
    } catch {
      // A broken TIFF is quarantined by the pipeline; its channel does not matter.
    }
  }
  return 'scan';
}
