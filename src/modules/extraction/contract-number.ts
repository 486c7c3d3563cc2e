/**
 * Contract numbers: only after a label ("Vertragsnummer", "Vertrags-Nr.", "Vertrag Nr.",
 * "Auftragsnummer", "VN-Nr."), liberal in the value ("V123456789", "VN 2024-0815",
 * "FW-12345678", "4711-123456"); after a bare "Vertrag" only values that clearly look
 * like a contract number (letter prefix or dash groups).
 */
import { candidate, type Candidate, type SpanRegistry } from './candidates.ts';
import type { IdentifierFormat } from './extraction.config.ts';
import type { LetterStructure } from './letter.structure.ts';
import { CONTRACT_LABEL, CONTRACT_WORD, findLabels, isFuzzyContractLabel, WEAK_CONTRACT_LABEL } from './labels.ts';
import { readAlphanumericAt, skipFiller } from './number-reader.ts';
import { valuesBelowLabels } from './reference-table.ts';
import type { PreparedDocument } from './text.document.ts';

const BLOCKING = ['iban', 'email', 'customer', 'date'] as const;
const CONTRACT_LABEL_ONE = new RegExp(CONTRACT_LABEL.source, 'i');
const DATE_LIKE = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^\d{4}-\d{2}-\d{2}$/;

export function findContractNumbers(doc: PreparedDocument, structure: LetterStructure, format: IdentifierFormat, spans: SpanRegistry): Candidate[] {
  const out: Candidate[] = [];
  const strong = findLabels(doc.text, CONTRACT_LABEL, isFuzzyContractLabel, CONTRACT_WORD);
  const read = (labelEnd: number, confidence: number, evidence: string[], requireShape: boolean): void => {
    const at = skipFiller(doc.text, labelEnd);
    if (at < 0) return;
    const value = readAlphanumericAt(doc.text, at, format);
    if (!value || DATE_LIKE.test(value.raw) || spans.hit(value.start, value.end, BLOCKING)) return;
    if (requireShape && !(/^[A-Z]{1,4}-?\d/.test(value.value) || /\d-\d/.test(value.value))) return;
    let c = confidence;
    const ev = [...evidence];
    if (value.repaired) {
      c -= 0.08;
      ev.push('ocr_repaired');
    }
    if (doc.lineAt(value.start) >= structure.quotedFrom) c -= 0.2;
    spans.add(value.start, value.end, 'contract');
    out.push(candidate('contractNumber', value.value, value.raw, value.start, value.end, c, ev));
  };
  for (const label of strong) read(label.end, label.fuzzy ? 0.75 : 0.88, ['label', label.fuzzy ? 'label_fuzzy' : 'label_exact'], false);
  // "Vertragsnummer   Datum" over "V-123456   20.11.2026".
  for (const at of valuesBelowLabels(doc, CONTRACT_LABEL_ONE)) read(at, 0.82, ['label', 'table'], false);
  WEAK_CONTRACT_LABEL.lastIndex = 0;
  for (let m = WEAK_CONTRACT_LABEL.exec(doc.text); m !== null; m = WEAK_CONTRACT_LABEL.exec(doc.text)) {
    const labelStart = m.index;
    const end = labelStart + m[0].length;
    if (strong.some((l) => l.start <= labelStart && l.end >= labelStart)) continue;
    read(end, 0.55, ['weak_label'], true);
  }
  return out;
}
