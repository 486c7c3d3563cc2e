/**
 * Prints a composed letter as the plain text an OCR engine or text extractor would return: header blocks in
 * varying order, sometimes only the body, e-mails with their header lines.
 */
import type { Rng } from '../fixtures/prng.ts';
import type { ComposedLetter } from './letter.builder.ts';

function block(lines: readonly string[]): string {
  return lines.filter((l) => l.length > 0).join('\n');
}

/** The letter as one text; blocks are separated by blank lines. */
export function letterToText(letter: ComposedLetter, rng: Rng): string {
  const blocks: string[] = [];
  const bodyOnly = rng.chance(0.08);
  if (!bodyOnly) {
    if (letter.emailHeader.length > 0) {
      blocks.push(block(letter.emailHeader));
    } else {
      const layout = rng.int(0, 3);
      const sender = block(letter.senderLines);
      const returnLine = rng.chance(0.4) ? letter.returnLine : '';
      const recipient = block([returnLine, ...letter.recipientLines]);
      // DIN letter read top to bottom, sender right of the address field (read after it), or a recipient-less note.
      if (layout === 0) blocks.push(sender, recipient, letter.dateLine);
      else if (layout === 1) blocks.push(recipient, sender, letter.dateLine);
      else if (layout === 2) blocks.push(sender, letter.dateLine, recipient);
      else blocks.push(block([sender, letter.dateLine]));
      const head = block([letter.subject, ...letter.refLines]);
      if (head) blocks.push(head);
    }
  }
  if (letter.salutation) blocks.push(letter.salutation);
  blocks.push(...letter.paragraphs);
  const signOff = block([letter.closing, ...letter.signatureLines]);
  if (signOff) blocks.push(signOff);
  if (letter.postscript) blocks.push(letter.postscript);
  if (!bodyOnly && letter.footerLines.length > 0) blocks.push(block(letter.footerLines));
  return blocks.filter((b) => b.trim().length > 0).join('\n\n');
}
