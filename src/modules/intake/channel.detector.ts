import type { Channel } from '../database/database.types.ts';
import { detectFormat } from '../imaging/format.sniffer.ts';
import { createSourceInspector } from '../imaging/source.inspector.ts';
import { defaultLimits } from '../imaging/imaging.types.ts';
import { detectFaxServerPdf } from '../imaging/pdf.fax.ts';

/**
 * `--channel auto`: decided by content, not by name — an RFC 822 message is
 * e-mail, a TIFF with fax resolution or CCITT compression is a fax, so is a fax
 * server's PDF (every page one bilevel CCITT image at 204×98/196 dpi, pdf.fax.ts);
 * anything else (PDF, images) came from the scanner.
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
  if (format === 'pdf') {
    // An unreadable PDF is quarantined by the pipeline; here it is simply not a fax.
    const fax = await detectFaxServerPdf(bytes, { timeoutMs: defaultLimits.processTimeoutMs }).catch(() => null);
    if (fax) return 'fax';
  }
  return 'scan';
}
