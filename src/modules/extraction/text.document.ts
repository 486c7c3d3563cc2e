/**
 * The document as the extractors see it: a cleaned copy of the text (typographic
 * dashes, odd spaces, decomposed umlauts, ligatures, CR/LF unified) with a map back
 * to offsets in the original text, split into lines, and the lines into column
 * segments (a run of three or more spaces or a tab separates two columns, as OCR of
 * a letterhead with a right-hand date or sender block produces).
 */

export interface TextLine {
  index: number;
  /** Offsets in the prepared text; `text` is the whole line without its newline. */
  start: number;
  end: number;
  text: string;
  blank: boolean;
}

/** A piece of a line between column gaps. */
export interface Segment {
  line: number;
  /** 0 = left column, 1 = right column. */
  col: 0 | 1;
  start: number;
  end: number;
  text: string;
}

export interface PreparedDocument {
  /** The cleaned text; all offsets of the extractors refer to it. */
  text: string;
  lines: TextLine[];
  /** Segments per line (a line has one segment unless it has column gaps; blank lines none). */
  segments: Segment[][];
  /** Maps an offset in `text` back to the original input. */
  toOriginal(offset: number): number;
  /** Index of the line that contains the offset. */
  lineAt(offset: number): number;
}

const SINGLE_REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u00b4': "'",
  '\u0060': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\f': '\n',
  '\v': '\n',
  '\u2028': '\n',
  '\u2029': '\n',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb00': 'ff',
  '\t': '   ',
};

const UMLAUT_COMPOSE: Readonly<Record<string, string>> = {
  a: 'ä',
  o: 'ö',
  u: 'ü',
  A: 'Ä',
  O: 'Ö',
  U: 'Ü',
};

const COMBINING_MARK = /\p{M}/u;
const COLUMN_GAP = /\s{3,}/g;
/** A segment starting this far right of the line start belongs to the right column. */
const RIGHT_COLUMN_OFFSET = 24;

/** Characters whose replacement changes the length (or that are dropped): these need the offset map. */
const LENGTH_CHANGING = /[\r\u00ad\u200b\ufeff\ufb00-\ufb02\t]/;
const COMBINING_MARK_ANY = /\p{M}/u;
/** Characters replaced one by one (offsets unchanged). */
const ONE_TO_ONE = /[\u00a0\u2007\u2009\u202f\u2002\u2003\u2010-\u2015\u2212\u2018\u2019\u201a\u00b4\u0060\u201c\u201d\u201e\u00ab\u00bb\f\v\u2028\u2029]/g;

/** Cleans the text (offset-mapped) and splits it into lines and column segments. */
export function prepareDocument(input: string): PreparedDocument {
  if (!LENGTH_CHANGING.test(input) && !COMBINING_MARK_ANY.test(input)) {
    // Fast path (most texts): only one-to-one replacements, offsets stay the same.
    const text = input.replace(ONE_TO_ONE, (ch) => SINGLE_REPLACEMENTS[ch] ?? ch);
    return build(text, (offset) => Math.max(0, Math.min(offset, input.length)));
  }
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < input.length; i += 1) {
    const ch = input[i] as string;
    const next = input[i + 1];
    if (ch === '\r') {
      if (next !== '\n') {
        text += '\n';
        map.push(i);
      }
      continue;
    }
    if (ch === '\u00ad' || ch === '\u200b' || ch === '\ufeff') continue;
    if (next === '\u0308' && UMLAUT_COMPOSE[ch] !== undefined) {
      text += UMLAUT_COMPOSE[ch];
      map.push(i);
      i += 1;
      continue;
    }
    if (COMBINING_MARK.test(ch)) continue;
    const replacement = SINGLE_REPLACEMENTS[ch];
    if (replacement !== undefined) {
      for (let k = 0; k < replacement.length; k += 1) {
        text += replacement[k];
        map.push(i);
      }
      continue;
    }
    text += ch;
    map.push(i);
  }
  map.push(input.length);
  return build(text, (offset) => map[Math.max(0, Math.min(offset, map.length - 1))] ?? input.length);
}

function build(text: string, toOriginal: (offset: number) => number): PreparedDocument {
  const lines: TextLine[] = [];
  const lineStarts: number[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const lineText = text.slice(start, end);
    lines.push({ index: lines.length, start, end, text: lineText, blank: lineText.trim() === '' });
    lineStarts.push(start);
    if (nl === -1) break;
    start = nl + 1;
  }

  const segments = lines.map(splitSegments);

  return {
    text,
    lines,
    segments,
    toOriginal,
    lineAt: (offset) => {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((lineStarts[mid] as number) <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
  };
}

function splitSegments(line: TextLine): Segment[] {
  if (line.blank) return [];
  if (!line.text.includes('   ')) {
    const lead = line.text.length - line.text.trimStart().length;
    const trimmed = line.text.trim();
    return [{ line: line.index, col: lead >= RIGHT_COLUMN_OFFSET ? 1 : 0, start: line.start + lead, end: line.start + lead + trimmed.length, text: trimmed }];
  }
  const out: Segment[] = [];
  let cursor = 0;
  const push = (from: number, to: number): void => {
    const raw = line.text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const segStart = from + lead;
    const col: 0 | 1 = out.length > 0 || segStart >= RIGHT_COLUMN_OFFSET ? 1 : 0;
    out.push({ line: line.index, col, start: line.start + segStart, end: line.start + segStart + trimmed.length, text: trimmed });
  };
  COLUMN_GAP.lastIndex = 0;
  for (let m = COLUMN_GAP.exec(line.text); m !== null; m = COLUMN_GAP.exec(line.text)) {
    if (m.index === 0) {
      cursor = m[0].length;
      continue;
    }
    push(cursor, m.index);
    cursor = m.index + m[0].length;
  }
  push(cursor, line.text.length);
  // More than two columns: everything right of the first gap is the right column.
  if (out.length > 2) {
    const [first, ...rest] = out as [Segment, ...Segment[]];
    const last = rest[rest.length - 1] as Segment;
    return [first, { line: line.index, col: 1, start: rest[0]?.start ?? last.start, end: last.end, text: line.text.slice((rest[0]?.start ?? last.start) - line.start, last.end - line.start) }];
  }
  return out;
}
