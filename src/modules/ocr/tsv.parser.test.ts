import { describe, expect, it } from 'vitest';
import { meanConfidence, parseTesseractTsv, wordsToText } from './tsv.parser.ts';

const header = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
const row = (level: number, block: number, par: number, line: number, word: number, conf: number, text: string, box = [10, 20, 30, 40]) =>
  [level, 1, block, par, line, word, ...box, conf, text].join('\t');

const tsv = [
  header,
  row(1, 0, 0, 0, 0, -1, ''),
  row(2, 1, 0, 0, 0, -1, ''),
  row(3, 1, 1, 0, 0, -1, ''),
  row(4, 1, 1, 1, 0, -1, ''),
  row(5, 1, 1, 1, 1, 96.5, 'Sehr', [100, 200, 80, 30]),
  row(5, 1, 1, 1, 2, 95.25, 'geehrte'),
  row(4, 1, 1, 2, 0, -1, ''),
  row(5, 1, 1, 2, 1, 91, 'Damen'),
  row(5, 1, 1, 2, 2, 90, ' '), // tesseract emits blank "words" for noise
  row(3, 1, 2, 0, 0, -1, ''),
  row(5, 1, 2, 1, 1, 88, 'Kündigung'),
  row(2, 2, 0, 0, 0, -1, ''),
  row(5, 2, 1, 1, 1, 70, 'Grüße'),
  '',
].join('\n');

describe('parseTesseractTsv', () => {
  it('keeps word rows with text, boxes, confidences and layout numbers', () => {
    const words = parseTesseractTsv(tsv);
    expect(words.map((word) => word.text)).toEqual(['Sehr', 'geehrte', 'Damen', 'Kündigung', 'Grüße']);
    expect(words[0]).toEqual({ text: 'Sehr', confidence: 96.5, box: { left: 100, top: 200, width: 80, height: 30 }, block: 1, paragraph: 1, line: 1 });
    expect(words[4]).toMatchObject({ block: 2, paragraph: 1, line: 1, confidence: 70 });
  });

  it('finds columns by header name and rejects output without them', () => {
    const reordered = ['text\tconf\tlevel\tblock_num\tpar_num\tline_num\tleft\ttop\twidth\theight', 'Hallo\t50\t5\t1\t1\t1\t0\t0\t1\t1'].join('\n');
    expect(parseTesseractTsv(reordered)).toMatchObject([{ text: 'Hallo', confidence: 50 }]);
    expect(() => parseTesseractTsv('level\ttext\n5\tx')).toThrow(/lacks columns/);
  });

  it('handles CRLF line ends and empty output', () => {
    expect(parseTesseractTsv(tsv.replace(/\n/g, '\r\n'))).toHaveLength(5);
    expect(parseTesseractTsv(`${header}\n`)).toEqual([]);
  });
});

describe('wordsToText', () => {
  it('joins words with spaces, lines with a line break, paragraphs and blocks with a blank line', () => {
    expect(wordsToText(parseTesseractTsv(tsv))).toBe('Sehr geehrte\nDamen\n\nKündigung\n\nGrüße');
    expect(wordsToText([])).toBe('');
  });
});

describe('meanConfidence', () => {
  it('averages word confidences', () => {
    expect(meanConfidence(parseTesseractTsv(tsv))).toBeCloseTo((96.5 + 95.25 + 91 + 88 + 70) / 5, 5);
    expect(meanConfidence([])).toBe(0);
  });
});
