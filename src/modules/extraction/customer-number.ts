/**
 * Customer numbers: after a label ("Kundennummer", "Kd.-Nr.", "KdNr", "meine Nummer bei
 * Ihnen", OCR "Kundennumrner"), grouped or not ("307 768 5297"), OCR-repaired only when
 * the result fits the configured format; without a label, a lone number of exactly that
 * format which is nothing else (phone, IBAN, date, postcode, contract or invoice number)
 * is kept with low confidence.
 */
import { candidate, type Candidate, type SpanRegistry } from './candidates.ts';
import type { IdentifierFormat } from './extraction.config.ts';
import type { LetterStructure } from './letter.structure.ts';
import { CUSTOMER_LABEL, CUSTOMER_WORD, FOREIGN_NUMBER_LABEL, PHONE_LABEL, findLabels, isFuzzyCustomerLabel } from './labels.ts';
import { readAlphanumericAt, readNumberAt, skipFiller } from './number-reader.ts';
import { valuesBelowLabels } from './reference-table.ts';
import type { PreparedDocument } from './text.document.ts';

const BLOCKING_SPANS = ['iban', 'email'] as const;

export function findLabelledCustomerNumbers(doc: PreparedDocument, structure: LetterStructure, format: IdentifierFormat, spans: SpanRegistry): Candidate[] {
  const out: Candidate[] = [];
  for (const label of findLabels(doc.text, CUSTOMER_LABEL, isFuzzyCustomerLabel, CUSTOMER_WORD)) {
    const at = skipFiller(doc.text, label.end);
    if (at < 0) continue;
    // Digits (grouped, OCR-repaired) first; a configured format with letters ("K1234567") as written.
    const read = readNumberAt(doc.text, at, format) ?? readAlphanumericAt(doc.text, at, format);
    if (!read || spans.hit(read.start, read.end, BLOCKING_SPANS)) continue;
    const fuzzy = label.fuzzy;
    let confidence = fuzzy ? 0.8 : 0.92;
    const evidence = ['label', fuzzy ? 'label_fuzzy' : 'label_exact'];
    if (read.repaired) {
      confidence -= 0.08;
      evidence.push('ocr_repaired');
    }
    if (doc.lineAt(read.start) >= structure.quotedFrom) confidence -= 0.2;
    spans.add(read.start, read.end, 'customer');
    out.push(candidate('customerNumber', read.value, read.raw, read.start, read.end, confidence, evidence));
  }
  // "Kundennummer   Datum" over "4711002345   20.11.2026".
  for (const at of valuesBelowLabels(doc, CUSTOMER_LABEL_ONE)) {
    const read = readNumberAt(doc.text, at, format) ?? readAlphanumericAt(doc.text, at, format);
    if (!read || spans.hit(read.start, read.end, [...BLOCKING_SPANS, 'customer'])) continue;
    spans.add(read.start, read.end, 'customer');
    out.push(candidate('customerNumber', read.value, read.raw, read.start, read.end, read.repaired ? 0.77 : 0.85, ['label', 'table']));
  }
  return out;
}

const CUSTOMER_LABEL_ONE = new RegExp(CUSTOMER_LABEL.source, 'i');

const NUMBER_RUN = /(?<![\p{L}\p{N}.,/+-])\d[\d .-]{4,18}\d(?![\p{N}]|[.,]\d)/gu;

export function findUnlabelledCustomerNumbers(doc: PreparedDocument, structure: LetterStructure, format: IdentifierFormat, spans: SpanRegistry): Candidate[] {
  const out: Candidate[] = [];
  NUMBER_RUN.lastIndex = 0;
  for (let m = NUMBER_RUN.exec(doc.text); m !== null; m = NUMBER_RUN.exec(doc.text)) {
    const raw = m[0].trim();
    const start = m.index;
    const end = start + raw.length;
    // Groups of 2–5 digits with single separators, or one run.
    if (!/^\d+(?:[ .-]\d{2,5}){0,4}$/.test(raw)) continue;
    const compact = raw.replace(/[ .-]/g, '');
    if (compact.length < format.minLength || compact.length > format.maxLength || !format.pattern.test(compact)) continue;
    if (compact.startsWith('0')) continue; // a phone number without its label
    if (spans.hit(start, end)) continue;
    const line = doc.lineAt(start);
    if (structure.faxHeaderLines.has(line)) continue;
    const lineStart = doc.lines[line]?.start ?? 0;
    const before = doc.text.slice(Math.max(lineStart, start - 40), start);
    if (FOREIGN_NUMBER_LABEL.test(before)) continue;
    PHONE_LABEL.lastIndex = 0;
    if (PHONE_LABEL.test(before.slice(-25))) continue;
    if (/\b(?:€|eur|euro)\b/i.test(doc.text.slice(end, end + 6))) continue;
    let confidence = 0.42;
    const evidence = ['format_only'];
    if (line < structure.headerEnd || line === structure.subjectLine) {
      confidence += 0.05;
      evidence.push(line === structure.subjectLine ? 'subject' : 'header');
    }
    if (line >= structure.quotedFrom) confidence -= 0.15;
    out.push(candidate('customerNumber', compact, raw, start, end, confidence, evidence, { validated: false }));
  }
  // Several different unlabelled numbers: none of them is convincing.
  const distinct = new Set(out.map((c) => c.value));
  if (distinct.size > 1) for (const c of out) c.confidence = Math.round(c.confidence * 0.6 * 1000) / 1000;
  return out;
}
