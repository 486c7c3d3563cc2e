/**
 * The sender's e-mail address: from the e-mail header ("Von: Hans Müller <h.mueller@web.de>"),
 * an "E-Mail:" label or the letterhead/signature; never ours, never the "An:" recipient.
 */
import { candidate, type Candidate, type SpanRegistry } from './candidates.ts';
import type { LetterStructure } from './letter.structure.ts';
import type { CompiledOwnIdentity } from './own-identity.ts';
import type { PreparedDocument } from './text.document.ts';

const EMAIL = /(?<![\w.+-])[A-Za-z0-9](?:[\w.+-]*[A-Za-z0-9_])?\s?@\s?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\s?\.\s?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,12}\b/g;
const EMAIL_LABEL = /\b(?:e-?\s?mail|mail|email-adresse|e-mail-adresse|mailadresse)\s*(?:adresse)?\s*:?\s*$/i;

export function findEmails(doc: PreparedDocument, structure: LetterStructure, own: CompiledOwnIdentity, spans: SpanRegistry): Candidate[] {
  const out: Candidate[] = [];
  const take = (index: number, raw: string): void => {
    const value = raw.replace(/\s+/g, '').toLowerCase();
    spans.add(index, index + raw.length, 'email');
    if (own.isOwnEmail(value)) return;
    const line = doc.lineAt(index);
    if (structure.emailToLines.has(line)) return;
    const lineText = doc.lines[line]?.text ?? '';
    const before = doc.text.slice(Math.max(doc.lines[line]?.start ?? 0, index - 40), index);
    const evidence: string[] = [];
    let confidence = 0.55;
    if (structure.emailFromLines.has(line)) {
      confidence = 0.9;
      evidence.push('email_header');
    } else if (EMAIL_LABEL.test(before)) {
      confidence = 0.8;
      evidence.push('label');
    } else {
      evidence.push('format_only');
    }
    if (line < structure.headerEnd || (line >= structure.signatureStart && line < structure.signatureEnd)) {
      confidence += 0.05;
      evidence.push(line < structure.headerEnd ? 'sender_block' : 'signature');
    }
    if (line >= structure.quotedFrom) confidence -= 0.3;
    if (/\b(?:ihre|eure|an\s+die\s+adresse)\b/i.test(before) || /^\s*(?:an|to|cc)\s*:/i.test(lineText)) confidence -= 0.3;
    out.push(candidate('email', value, raw, index, index + raw.length, confidence, evidence));
  };
  // The pattern is tried only around each "@" (scanning the whole text with it is slow).
  let searchedTo = 0;
  for (let at = doc.text.indexOf('@'); at >= 0; at = doc.text.indexOf('@', at + 1)) {
    if (at < searchedTo) continue;
    const from = Math.max(searchedTo, at - 64);
    const window = doc.text.slice(from, at + 128);
    EMAIL.lastIndex = 0;
    for (let m = EMAIL.exec(window); m !== null; m = EMAIL.exec(window)) {
      searchedTo = Math.max(searchedTo, from + m.index + m[0].length);
      take(from + m.index, m[0]);
    }
  }
  return out;
}
