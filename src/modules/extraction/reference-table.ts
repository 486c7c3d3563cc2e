/**
 * Reference lines laid out as a table (DIN 5008 "Bezugszeichenzeile" and similar):
 *
 *   Kundennummer      Vertragsnummer     Datum
 *   4711002345        V-123456           20.11.2026
 *
 * A label cell's value is the cell below it with the same column index (cells are
 * separated by two or more spaces). Returns the offset where each value cell starts.
 */
import type { PreparedDocument } from './text.document.ts';

const CELL_GAP = /\s{2,}/;

interface Cell {
  text: string;
  start: number;
}

function cells(text: string, lineStart: number): Cell[] {
  const out: Cell[] = [];
  let offset = 0;
  for (const part of text.split(CELL_GAP)) {
    const at = text.indexOf(part, offset);
    if (part.trim().length > 0) out.push({ text: part.trim(), start: lineStart + at + (part.length - part.trimStart().length) });
    offset = at + part.length;
  }
  return out;
}

/** Offsets of the value cells under label cells that match `label` (a non-global regex). */
export function valuesBelowLabels(doc: PreparedDocument, label: RegExp): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < doc.lines.length; i += 1) {
    const line = doc.lines[i];
    if (!line || line.blank || !CELL_GAP.test(line.text.trim())) continue;
    const head = cells(line.text, line.start);
    if (head.length < 2 || !head.some((c) => label.test(c.text))) continue;
    let j = i + 1;
    while (j < doc.lines.length && doc.lines[j]?.blank && j - i < 3) j += 1;
    const next = doc.lines[j];
    if (!next) continue;
    const values = cells(next.text, next.start);
    if (values.length !== head.length) continue;
    head.forEach((cell, k) => {
      if (label.test(cell.text) && /\d/.test(values[k]?.text ?? '')) out.push((values[k] as Cell).start);
    });
  }
  return out;
}
