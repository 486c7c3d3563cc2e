import { describe, expect, it } from 'vitest';
import { detectSignatureBoxes, type BoxedWord, type GreyPage } from './signature-box.ts';

const dpi = 300;

/** A blank A5-wide strip of paper with a signing line (optionally skewed) and its label under it. */
function formStrip(options: { skewDegrees?: number; speckles?: number; seed?: number } = {}): { page: GreyPage; label: BoxedWord; lineY: number; lineLeft: number; lineRight: number } {
  const width = 1800;
  const height = 700;
  const data = new Uint8Array(width * height).fill(245);
  const lineLeft = 900;
  const lineRight = 1700;
  const lineY = 500;
  const slope = Math.tan(((options.skewDegrees ?? 0) * Math.PI) / 180);
  for (let x = lineLeft; x < lineRight; x += 1) {
    const y = Math.round(lineY + slope * (x - lineLeft));
    for (let t = 0; t < 3; t += 1) data[(y + t) * width + x] = 20;
  }
  let state = options.seed ?? 7;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let i = 0; i < (options.speckles ?? 0); i += 1) data[Math.floor(random() * height) * width + Math.floor(random() * width)] = 0;
  const label: BoxedWord = { text: 'Unterschrift', confidence: 93, left: lineLeft, top: Math.round(lineY + 12 + slope * 0), width: 240, height: 30 };
  return { page: { width, height, data }, label, lineY, lineLeft, lineRight };
}

/** A pen stroke: a sine-like scribble of the given length above the line. */
function scribble(page: GreyPage, fromX: number, baseY: number, length: number, thickness = 4): void {
  for (let x = fromX; x < fromX + length; x += 1) {
    const y = Math.round(baseY - 40 - 35 * Math.sin((x - fromX) / 18) * Math.cos((x - fromX) / 53));
    for (let t = 0; t < thickness; t += 1) for (let u = 0; u < 2; u += 1) page.data[(y + t) * page.width + x + u] = 30;
  }
}

describe('signature boxes', () => {
  it('an empty box is reported unsigned, with the line found', () => {
    const { page, label } = formStrip();
    const [box] = detectSignatureBoxes(page, [label, { text: 'Kunde', confidence: 91, left: label.left + 260, top: label.top, width: 110, height: 30 }], dpi);
    expect(box).toMatchObject({ lineFound: true, signed: false });
  });

  it('a pen stroke above the line is a signature', () => {
    const { page, label, lineLeft, lineY } = formStrip();
    scribble(page, lineLeft + 60, lineY, 420);
    const [box] = detectSignatureBoxes(page, [label], dpi);
    expect(box?.signed).toBe(true);
    expect(box?.inkSpread).toBeGreaterThan(0.4);
  });

  it('follows a skewed scan', () => {
    for (const skewDegrees of [-1.5, -0.7, 0.8, 1.6]) {
      const blank = formStrip({ skewDegrees });
      expect(detectSignatureBoxes(blank.page, [blank.label], dpi)[0]).toMatchObject({ lineFound: true, signed: false });
      const signed = formStrip({ skewDegrees });
      scribble(signed.page, signed.lineLeft + 100, signed.lineY, 300);
      expect(detectSignatureBoxes(signed.page, [signed.label], dpi)[0]?.signed).toBe(true);
    }
  });

  it('scanner speckles are not ink', () => {
    const { page, label } = formStrip({ speckles: 4000, seed: 3 });
    expect(detectSignatureBoxes(page, [label], dpi)[0]?.signed).toBe(false);
  });

  it('a tiny tick mark is not a signature', () => {
    const { page, label, lineLeft, lineY } = formStrip();
    scribble(page, lineLeft + 300, lineY, 25);
    expect(detectSignatureBoxes(page, [label], dpi)[0]?.signed).toBe(false);
  });

  it('printed words in the region (a pre-filled place and date) are not a signature', () => {
    const { page, label, lineLeft, lineY } = formStrip();
    const printed: BoxedWord = { text: 'Musterstadt', confidence: 90, left: lineLeft + 20, top: lineY - 60, width: 500, height: 40 };
    for (let y = printed.top + 5; y < printed.top + printed.height - 5; y += 2) for (let x = printed.left + 5; x < printed.left + printed.width - 5; x += 3) page.data[y * page.width + x] = 10;
    expect(detectSignatureBoxes(page, [label, printed], dpi)[0]?.signed).toBe(false);
  });

  it('"Unterschrift" in running text is no signature box', () => {
    const { page } = formStrip();
    const sentence = 'Mit meiner Unterschrift bestätige ich die Richtigkeit der Angaben und erteile den Auftrag'.split(' ');
    const words = sentence.map((text, i) => ({ text, confidence: 92, left: 100 + i * 110, top: 200, width: 100, height: 30 }));
    expect(detectSignatureBoxes(page, words, dpi)).toEqual([]);
  });

  it('an inline line to the right of the label ("Unterschrift: ______")', () => {
    const width = 1800;
    const height = 500;
    const data = new Uint8Array(width * height).fill(250);
    const label: BoxedWord = { text: 'Unterschrift:', confidence: 90, left: 200, top: 300, width: 260, height: 32 };
    for (let x = 480; x < 1300; x += 1) for (let t = 0; t < 3; t += 1) data[(332 + t) * width + x] = 15;
    const page = { width, height, data };
    expect(detectSignatureBoxes(page, [label], dpi)[0]).toMatchObject({ lineFound: true, signed: false });
    scribble(page, 600, 332, 400);
    expect(detectSignatureBoxes(page, [label], dpi)[0]?.signed).toBe(true);
  });
});
