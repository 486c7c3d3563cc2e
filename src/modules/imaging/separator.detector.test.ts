import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBatchLetter, scanBlankBack, scanFaintPage, scanPage, scanSeparatorSheet } from '../../../scripts/fixtures/batches.ts';
import { Rng } from '../../../scripts/fixtures/prng.ts';
import { rawSharp, type GrayImage } from '../../../scripts/fixtures/raster.ts';
import { createBarcodeReader } from './barcode.reader.ts';
import { segmentBatch } from './batch.segmenter.ts';
import { createSeparatorDetector, defaultSeparatorOptions } from './separator.detector.ts';

/**
 * Page classification on generated scans (skewed, noisy, specks): separator
 * sheets of every kind, empty back sides, and pages that look almost empty
 * but carry text and must be kept.
 */
describe('separator and blank-page detection', () => {
  let workDir: string;
  const detector = createSeparatorDetector({ barcodes: createBarcodeReader() });
  const png = (image: GrayImage) => rawSharp(image).png({ compressionLevel: 1 }).toBuffer();
  const rotate = async (image: Buffer, angle: number) => sharp(image).rotate(angle).png({ compressionLevel: 1 }).toBuffer();

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-separator-'));
  });

  afterAll(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it('finds Code 128 and QR separator sheets reading PATCHT, also turned sideways and upside down', async () => {
    const code128 = await png(await scanSeparatorSheet('code128', new Rng(11), workDir));
    const qr = await png(await scanSeparatorSheet('qr', new Rng(12), workDir));
    const upright = await detector.classify(code128, 300);
    expect(upright.role).toBe('separator');
    expect(upright.detail.barcode).toEqual({ format: 'code128', text: 'PATCHT' });
    expect((await detector.classify(await rotate(code128, 90), 300)).role).toBe('separator');
    expect((await detector.classify(await rotate(code128, 180), 300)).role).toBe('separator');
    const qrResult = await detector.classify(qr, 300);
    expect(qrResult.role).toBe('separator');
    expect(qrResult.detail.barcode?.format).toBe('qr');
    expect((await detector.classify(await rotate(qr, 270), 300)).role).toBe('separator');
  });

  it('takes the separator value from the configuration: another barcode is just content', async () => {
    const sheet = await png(await scanSeparatorSheet('code128', new Rng(13), workDir, 'LIEFERSCHEIN-4711'));
    const result = await detector.classify(sheet, 300);
    expect(result.role).toBe('content');
    expect(result.detail.barcode?.text).toBe('LIEFERSCHEIN-4711');
    const custom = createSeparatorDetector({ barcodes: createBarcodeReader(), options: { ...defaultSeparatorOptions, barcodeValue: 'lieferschein-4711' } });
    expect((await custom.classify(sheet, 300)).role).toBe('separator');
  });

  it('finds patch T in both orientations and fed upside down', async () => {
    const vertical = await png(await scanSeparatorSheet('patch-t', new Rng(21), workDir));
    const horizontal = await png(await scanSeparatorSheet('patch-t-horizontal', new Rng(22), workDir));
    const first = await detector.classify(vertical, 300);
    expect(first.role).toBe('separator');
    expect(first.detail.patch).toMatchObject({ code: 'T', orientation: 'vertical' });
    const second = await detector.classify(horizontal, 300);
    expect(second.detail.patch).toMatchObject({ code: 'T', orientation: 'horizontal' });
    const flipped = await detector.classify(await rotate(vertical, 180), 300);
    expect(flipped.role).toBe('separator');
    expect(flipped.detail.patch?.code).toBe('2');
  });

  it('drops empty back sides with specks, punch holes, lid shadow, streaks and show-through', async () => {
    const letter = await renderBatchLetter(new Rng(31), 'Köhler', workDir);
    const front = letter.pages[0] as GrayImage;
    const verdicts = [];
    for (const seed of [41, 42, 43, 44, 45, 46]) {
      const back = await scanBlankBack(new Rng(seed), front, { punchHoles: seed % 2 === 0, shadow: seed % 3 === 0, streak: seed === 45, speckles: 300 + seed * 15 });
      verdicts.push(await detector.classify(await png(back), 300));
    }
    for (const verdict of verdicts) expect(verdict.role).toBe('blank');
  });

  it('keeps a near-empty page with a few faint lines, and every letter page', async () => {
    for (const [seed, name] of [
      [51, 'Süßmann'],
      [52, 'Öztürk'],
      [53, 'Weiß'],
    ] as const) {
      const faint = await scanFaintPage(new Rng(seed), name, workDir);
      const result = await detector.classify(await png(faint), 300);
      expect(result.role, `faint page ${seed}`).toBe('content');
    }
    const letter = await renderBatchLetter(new Rng(61), 'Nußbaum', workDir, 2);
    for (const page of letter.pages) {
      const result = await detector.classify(await png(await scanPage(page, new Rng(62))), 300);
      expect(result.role).toBe('content');
      expect(result.detail.glyphs).toBeGreaterThan(100);
    }
  });

  it('cuts a batch at separators and drops blank pages, never making an empty document', () => {
    expect(segmentBatch(['separator', 'blank', 'content', 'blank', 'content', 'separator', 'separator', 'content', 'blank'])).toEqual([
      { batchIndex: 0, pages: [3, 5] },
      { batchIndex: 1, pages: [8] },
    ]);
    expect(segmentBatch(['blank', 'separator'])).toEqual([]);
    expect(segmentBatch(['content', 'content'])).toEqual([{ batchIndex: 0, pages: [1, 2] }]);
  });
});
