import type { InkAnalysis, InkComponent } from './ink.components.ts';

export interface BlankPageOptions {
  /** A blob smaller than this in both directions is a speck (dust, toner), not a character. */
  minGlyphMm: number;
  /** At most this many glyph-sized blobs may remain on a blank page (the odd hair or large dust grain). */
  maxGlyphs: number;
  /** …covering at most this much ink in total. */
  maxInkMm2: number;
}

/** Conservative: a page with a few faint lines of text has dozens of glyphs and is kept. */
export const defaultBlankPageOptions: BlankPageOptions = { minGlyphMm: 1, maxGlyphs: 8, maxInkMm2: 25 };

export interface BlankPageVerdict {
  blank: boolean;
  glyphs: number;
  inkMm2: number;
  paper: number;
}

/**
 * An empty back side: after the border crop, nothing but specks, scanner
 * streaks and cut-off edge artefacts (punch holes, shadows) remains.
 */
export function judgeBlankPage(ink: InkAnalysis, options: BlankPageOptions = defaultBlankPageOptions): BlankPageVerdict {
  const glyphs = ink.components.filter((component) => isGlyphSized(component, ink, options) && !isScannerArtefact(component, ink));
  const inkPx = glyphs.reduce((sum, component) => sum + component.area, 0);
  const inkMm2 = inkPx / (ink.pxPerMm * ink.pxPerMm);
  return {
    blank: glyphs.length <= options.maxGlyphs && inkMm2 <= options.maxInkMm2,
    glyphs: glyphs.length,
    inkMm2: Math.round(inkMm2 * 10) / 10,
    paper: ink.paper,
  };
}

function isGlyphSized(component: InkComponent, ink: InkAnalysis, options: BlankPageOptions): boolean {
  const widthMm = (component.right - component.left + 1) / ink.pxPerMm;
  const heightMm = (component.bottom - component.top + 1) / ink.pxPerMm;
  return Math.max(widthMm, heightMm) >= options.minGlyphMm;
}

/**
 * Dirt on the scanner glass draws a hair-thin line along the whole page; a
 * punch hole or a shadow that reaches past the cropped border is cut off at it.
 */
function isScannerArtefact(component: InkComponent, ink: InkAnalysis): boolean {
  const widthMm = (component.right - component.left + 1) / ink.pxPerMm;
  const heightMm = (component.bottom - component.top + 1) / ink.pxPerMm;
  if ((widthMm <= 1 && heightMm >= 60) || (heightMm <= 1 && widthMm >= 60)) return true;
  const touchesCrop =
    component.left <= ink.crop.left || component.top <= ink.crop.top || component.right >= ink.crop.right - 1 || component.bottom >= ink.crop.bottom - 1;
  return touchesCrop && Math.min(widthMm, heightMm) <= 6 && Math.max(widthMm, heightMm) <= 8;
}
