import type { GreyRaster } from './grey.raster.ts';

/**
 * Patch codes (Kodak): four parallel bars, two wide (0.20 in) and two narrow
 * (0.08 in), separated by narrow spaces (0.08 in), at least 2 in long. They
 * carry no data: the order of wide and narrow bars is the code. Patch T reads
 * narrow-wide-narrow-wide; a sheet fed upside down reads it backwards
 * (wide-narrow-wide-narrow, which is also Patch 2, the other customary
 * document separator), so both count.
 */
export type PatchCode = '1' | '2' | '3' | '4' | '6' | 'T';

const patterns: Record<string, PatchCode> = { WNNW: '1', WNWN: '2', WWNN: '3', NWWN: '4', NNWW: '6', NWNW: 'T' };

export interface PatchCodeHit {
  code: PatchCode;
  /** 'vertical': bars run top to bottom of the page image; 'horizontal': along its width. */
  orientation: 'vertical' | 'horizontal';
  lengthMm: number;
}

export interface PatchCodeOptions {
  /** Tolerance on the nominal 0.08 in module (printing, scaling to fit, scanner). */
  moduleTolerance: number;
  /** Bars must be found over at least this length (the standard is 2 in or more). */
  minLengthMm: number;
}

export const defaultPatchCodeOptions: PatchCodeOptions = { moduleTolerance: 0.35, minLengthMm: 38 };

interface RowHit {
  y: number;
  centre: number;
  code: PatchCode;
}

/** Finds a patch code in either orientation; null when there is none. */
export function detectPatchCode(raster: GreyRaster, paper: number, options: PatchCodeOptions = defaultPatchCodeOptions): PatchCodeHit | null {
  const threshold = Math.round(paper / 2);
  const vertical = scanRows(raster, rowsOf(raster), threshold, options);
  if (vertical) return { ...vertical, orientation: 'vertical' };
  // Bars along the width: the same scan down the columns (as on the page turned by 90°, without turning it).
  const horizontal = scanRows(raster, columnsOf(raster), threshold, options);
  return horizontal ? { ...horizontal, orientation: 'horizontal' } : null;
}

/** Lines of pixels to scan: `count` lines of `length` pixels; pixel i of line n is data[n * lineStep + i * pixelStep]. */
interface ScanLines {
  count: number;
  length: number;
  lineStep: number;
  pixelStep: number;
}

const rowsOf = (raster: GreyRaster): ScanLines => ({ count: raster.height, length: raster.width, lineStep: raster.width, pixelStep: 1 });
const columnsOf = (raster: GreyRaster): ScanLines => ({ count: raster.width, length: raster.height, lineStep: 1, pixelStep: raster.width });

/** Looks for the bar pattern across the lines and keeps it only when it continues over the minimum length. */
function scanRows(raster: GreyRaster, lines: ScanLines, threshold: number, options: PatchCodeOptions): { code: PatchCode; lengthMm: number } | null {
  const pxPerMm = raster.dpi / 25.4;
  const nominalModule = 0.08 * raster.dpi;
  const minModule = nominalModule * (1 - options.moduleTolerance);
  const maxModule = nominalModule * (1 + options.moduleTolerance);
  const step = Math.max(1, Math.round(pxPerMm));
  const hits: RowHit[] = [];
  const runs = new Int32Array(lines.length + 1);
  const { data } = raster;
  for (let y = 0; y < lines.count; y += step) {
    const row = y * lines.lineStep;
    // Alternating run lengths, starting with a white run (possibly of length 0).
    let count = 0;
    let black = false;
    let length = 0;
    for (let x = 0; x < lines.length; x += 1) {
      const isBlack = (data[row + x * lines.pixelStep] as number) < threshold;
      if (isBlack === black) {
        length += 1;
      } else {
        runs[count++] = length;
        black = isBlack;
        length = 1;
      }
    }
    runs[count++] = length;
    // runs[i] with odd i are black.
    let x = runs[0] as number;
    for (let i = 1; i + 7 < count; i += 2) {
      const hit = matchPatch(runs, i, minModule, maxModule);
      if (hit) hits.push({ y, centre: x + hit.width / 2, code: hit.code });
      x += (runs[i] as number) + (runs[i + 1] as number);
    }
  }
  return longestTrack(hits, pxPerMm, step, options.minLengthMm);
}

/** runs[i..i+6] = bar space bar space bar space bar, framed by quiet zones at runs[i-1] and runs[i+7]. */
function matchPatch(runs: Int32Array, i: number, minModule: number, maxModule: number): { code: PatchCode; width: number } | null {
  const spaces = [runs[i + 1] as number, runs[i + 3] as number, runs[i + 5] as number];
  const unit = spaces.reduce((sum, value) => sum + value, 0) / 3;
  if (unit < minModule || unit > maxModule) return null;
  for (const space of spaces) if (space < unit * 0.6 || space > unit * 1.5) return null;
  const quietBefore = runs[i - 1] as number;
  const quietAfter = runs[i + 7] as number;
  if (quietBefore < unit * 1.5 || quietAfter < unit * 1.5) return null;
  let key = '';
  let width = 0;
  for (let bar = 0; bar < 4; bar += 1) {
    const barWidth = runs[i + bar * 2] as number;
    const ratio = barWidth / unit;
    if (ratio >= 0.55 && ratio <= 1.6) key += 'N';
    else if (ratio >= 1.9 && ratio <= 3.4) key += 'W';
    else return null;
    width += barWidth + (bar < 3 ? (spaces[bar] as number) : 0);
  }
  const code = patterns[key];
  return code ? { code, width } : null;
}

/** Hits on consecutive rows at (nearly) the same place form a track; skew moves it slowly sideways. */
function longestTrack(hits: RowHit[], pxPerMm: number, step: number, minLengthMm: number): { code: PatchCode; lengthMm: number } | null {
  interface Track {
    centre: number;
    firstY: number;
    lastY: number;
    rows: number;
    codes: Map<PatchCode, number>;
  }
  const tracks: Track[] = [];
  const maxGap = step * 4;
  const maxDrift = Math.max(3, pxPerMm * 1.5);
  for (const hit of hits) {
    const track = tracks.find((candidate) => hit.y - candidate.lastY <= maxGap && hit.y > candidate.lastY && Math.abs(candidate.centre - hit.centre) <= maxDrift);
    if (track) {
      track.centre = hit.centre;
      track.lastY = hit.y;
      track.rows += 1;
      track.codes.set(hit.code, (track.codes.get(hit.code) ?? 0) + 1);
    } else {
      tracks.push({ centre: hit.centre, firstY: hit.y, lastY: hit.y, rows: 1, codes: new Map([[hit.code, 1]]) });
    }
  }
  let best: { code: PatchCode; lengthMm: number } | null = null;
  for (const track of tracks) {
    const lengthMm = (track.lastY - track.firstY + step) / pxPerMm;
    const expectedRows = (track.lastY - track.firstY) / step + 1;
    if (lengthMm < minLengthMm || track.rows < expectedRows * 0.6) continue;
    const [code] = [...track.codes.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (code && (!best || lengthMm > best.lengthMm)) best = { code, lengthMm: Math.round(lengthMm) };
  }
  return best;
}

/** Patch T, or Patch T read backwards (= Patch 2): the document separators. */
export function isSeparatorPatch(code: PatchCode): boolean {
  return code === 'T' || code === '2';
}
