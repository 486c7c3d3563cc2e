/**
 * Signature boxes on contract forms: the printed label ("Unterschrift",
 * "Unterschrift des Kunden", "Unterschrift Kunde", "Signature") with the line it
 * sits under, and whether there is ink in the region above that line. The blank
 * form has nothing there but paper (and scanner noise), so the test is ink that
 * forms strokes: dark pixels with dark neighbours, spread over a good part of the
 * line's width. Printed words in the region (e.g. "Ort, Datum" beside it) do not count.
 */

/** 8-bit greyscale pixels, row by row (0 = black). */
export interface GreyPage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** An OCR word with its box in page pixels. */
export interface BoxedWord {
  text: string;
  confidence: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface SignatureBox {
  label: string;
  /** Inspected region above the line, in page pixels. */
  region: { left: number; top: number; width: number; height: number };
  /** Whether a printed line was found between label and region. */
  lineFound: boolean;
  /** Share of region columns (in 1 mm bins) holding stroke ink. */
  inkSpread: number;
  /** Stroke pixels per region pixel. */
  inkDensity: number;
  signed: boolean;
}

const LABEL = /^(?:unterschrift|unterschritt|unterschrlft|untersch[rn]ift|signature|signatur|unterzeichner)/i;
const DARK = 128;
/** A signature spreads over at least this share of the signing line. */
const MIN_SPREAD = 0.12;
const MIN_DENSITY = 0.0025;

function darkAt(page: GreyPage, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x < page.width && y < page.height && (page.data[y * page.width + x] as number) < DARK;
}

/** A printed line: its row at x = `left` and its slope (scans are skewed by a degree or two). */
interface SigningLine {
  left: number;
  y: number;
  slope: number;
}

const SLOPES = Array.from({ length: 17 }, (_, i) => Math.tan(((i - 8) * 0.25 * Math.PI) / 180));

/**
 * The signing line just above the label, searched over rows and small slopes: the
 * straight path with dark pixels in at least 60 % of the columns between left and right.
 */
function findSigningLine(page: GreyPage, label: BoxedWord, searchHeight: number, left: number, right: number): SigningLine | null {
  const width = right - left;
  if (width <= 0) return null;
  let best: { line: SigningLine; coverage: number } | null = null;
  for (let y = label.top - 1; y >= Math.max(0, label.top - searchHeight); y -= 1) {
    for (const slope of SLOPES) {
      let covered = 0;
      for (let x = left; x < right; x += 1) {
        const row = Math.round(y + slope * (x - left));
        if (darkAt(page, x, row) || darkAt(page, x, row - 1) || darkAt(page, x, row + 1)) covered += 1;
      }
      const coverage = covered / width;
      if (coverage >= 0.6 && (!best || coverage > best.coverage + 0.02)) best = { line: { left, y, slope }, coverage };
    }
    // The first (lowest) line found is the one the label belongs to.
    if (best) return best.line;
  }
  return null;
}

function insideWord(words: readonly BoxedWord[], x: number, y: number): boolean {
  return words.some((word) => x >= word.left - 2 && x < word.left + word.width + 2 && y >= word.top - 2 && y < word.top + word.height + 2);
}

/** Finds signature labels and tells for each whether the region above holds a signature. */
export function detectSignatureBoxes(page: GreyPage, words: readonly BoxedWord[], dpi: number): SignatureBox[] {
  const mm = dpi / 25.4;
  const boxes: SignatureBox[] = [];
  // Printed text is read with good confidence; a scribble OCR'd as garbage is not "printed".
  const printed = words.filter((word) => word.confidence >= 60 && /[A-Za-zÄÖÜäöü]{3,}/.test(word.text));
  const labels: BoxedWord[] = [];
  for (const word of words) {
    if (!LABEL.test(word.text.replace(/^[^A-Za-z]+/, ''))) continue;
    // "Unterschrift / Signature" under one line is one box.
    if (labels.some((seen) => Math.abs(seen.top - word.top) < word.height && Math.abs(seen.left - word.left) < 40 * mm)) continue;
    labels.push(word);
    // A label, not running text: few words on its line (prose mentioning "Unterschrift" has many).
    const lineMates = words.filter((other) => Math.abs(other.top + other.height / 2 - (word.top + word.height / 2)) < word.height * 0.6);
    const sameField = lineMates.filter((other) => Math.abs(other.left - word.left) < 60 * mm);
    if (sameField.length > 6) continue;

    const textHeight = Math.max(word.height, 2 * mm);
    const left = Math.max(0, Math.round(word.left - 5 * mm));
    const right = Math.min(page.width, Math.round(Math.max(word.left + word.width, word.left + 55 * mm)));
    let line = findSigningLine(page, word, Math.round(textHeight * 2.5), left, right);
    let regionLeft = left;
    let regionRight = right;
    if (!line) {
      // "Unterschrift: ________": the line runs to the right of the label, on its baseline.
      regionLeft = Math.round(word.left + word.width + 1 * mm);
      regionRight = Math.min(page.width, Math.round(regionLeft + 70 * mm));
      line = findSigningLine(page, { ...word, top: Math.round(word.top + word.height + 1.5 * mm) }, Math.round(word.height + 1.5 * mm), regionLeft, Math.round(regionLeft + 30 * mm));
      if (!line) {
        regionLeft = left;
        regionRight = right;
      }
    }
    // Above the line (following its slope); without a line, above the label.
    const lineAt = (x: number): number => (line ? line.y + line.slope * (x - line.left) : word.top);
    const clearance = Math.round((line ? 0.8 : 0.5) * mm);
    const highest = Math.min(lineAt(regionLeft), lineAt(regionRight));
    const lowest = Math.max(lineAt(regionLeft), lineAt(regionRight));
    const top = Math.max(0, Math.round(highest - clearance - 14 * mm));
    const region = { left: regionLeft, top, width: regionRight - regionLeft, height: Math.max(0, Math.round(lowest - clearance - top)) };
    if (region.width <= 0 || region.height <= 0) continue;

    const binWidth = Math.max(1, Math.round(mm));
    const bins = new Set<number>();
    let strokePixels = 0;
    for (let y = region.top; y < region.top + region.height; y += 1) {
      for (let x = region.left; x < region.left + region.width; x += 1) {
        if (!darkAt(page, x, y) || y > lineAt(x) - clearance) continue;
        // Stroke ink has dark neighbours; an isolated speck does not.
        let neighbours = 0;
        for (let dy = -1; dy <= 1; dy += 1) for (let dx = -1; dx <= 1; dx += 1) if ((dx !== 0 || dy !== 0) && darkAt(page, x + dx, y + dy)) neighbours += 1;
        if (neighbours < 2) continue;
        if (insideWord(printed, x, y)) continue;
        strokePixels += 1;
        bins.add(Math.floor((x - region.left) / binWidth));
      }
    }
    const inkSpread = bins.size / Math.ceil(region.width / binWidth);
    const inkDensity = strokePixels / (region.width * region.height);
    boxes.push({ label: word.text, region, lineFound: line !== null, inkSpread: round(inkSpread), inkDensity: round(inkDensity), signed: inkSpread >= MIN_SPREAD && inkDensity >= MIN_DENSITY });
  }
  return boxes;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
