import type { OcrWord } from './ocr.types.ts';

/**
 * Parses tesseract's TSV renderer output: one row per layout element, level
 * 1 = page, 2 = block, 3 = paragraph, 4 = line, 5 = word. Only word rows carry
 * text and a confidence; the hierarchy numbers on each word are enough to
 * rebuild lines and paragraphs, so the other rows are skipped.
 */

const requiredColumns = ['level', 'block_num', 'par_num', 'line_num', 'left', 'top', 'width', 'height', 'conf', 'text'] as const;

export function parseTesseractTsv(tsv: string): OcrWord[] {
  const lines = tsv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const column = Object.fromEntries(requiredColumns.map((name) => [name, header.indexOf(name)])) as Record<(typeof requiredColumns)[number], number>;
  const missing = requiredColumns.filter((name) => column[name] < 0);
  if (missing.length > 0) throw new Error(`tesseract TSV lacks columns: ${missing.join(', ')}`);

  const words: OcrWord[] = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const cells = line.split('\t');
    const numberAt = (index: number): number => Number(cells[index] ?? Number.NaN);
    if (numberAt(column.level) !== 5) continue;
    // Text is normally the last column; should a stray tab ever appear in it, keep the rest.
    const text = (column.text === header.length - 1 ? cells.slice(column.text).join('\t') : (cells[column.text] ?? '')).trim();
    if (text === '') continue;
    const confidence = numberAt(column.conf);
    words.push({
      text,
      // -1 marks "no recognition result"; word rows should not have it, but clamp anyway.
      confidence: Number.isFinite(confidence) ? Math.max(0, Math.min(100, confidence)) : 0,
      box: { left: numberAt(column.left), top: numberAt(column.top), width: numberAt(column.width), height: numberAt(column.height) },
      // We run tesseract on one page at a time, so page_num is always 1 and not kept.
      block: numberAt(column.block_num),
      paragraph: numberAt(column.par_num),
      line: numberAt(column.line_num),
    });
  }
  return words;
}

/**
 * Words back to text in reading order as tesseract emitted them: spaces
 * between words, a line break per line, a blank line between paragraphs and
 * between blocks (address block, subject, body, signature stay apart).
 */
export function wordsToText(words: readonly OcrWord[]): string {
  let text = '';
  let previous: OcrWord | undefined;
  for (const word of words) {
    if (previous === undefined) {
      text += word.text;
    } else if (word.block !== previous.block || word.paragraph !== previous.paragraph) {
      text += `\n\n${word.text}`;
    } else if (word.line !== previous.line) {
      text += `\n${word.text}`;
    } else {
      text += ` ${word.text}`;
    }
    previous = word;
  }
  return text;
}

/** Mean word confidence (0..100), 0 when nothing was recognised. */
export function meanConfidence(words: readonly OcrWord[]): number {
  if (words.length === 0) return 0;
  return words.reduce((sum, word) => sum + word.confidence, 0) / words.length;
}
