import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPoststelleError } from '../shared/errors.ts';
import { makeFaxTiff, makePdf, sampleLetter, textPng } from './imaging.fixtures.ts';
import { defaultLimits } from './imaging.types.ts';
import type { PageImage } from './imaging.types.ts';
import { createPageRenderer } from './page.renderer.ts';
import { createSourceInspector } from './source.inspector.ts';

const inspector = createSourceInspector({ limits: defaultLimits });
let workDir: string;

beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-renderer-test-'));
});
afterAll(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
});

async function expectGreyPng(page: PageImage): Promise<void> {
  const metadata = await sharp(page.image).metadata();
  expect(metadata.format).toBe('png');
  expect(metadata.channels).toBe(1);
  expect(metadata.depth).toBe('uchar');
  expect(metadata.bitsPerSample).toBe(8);
  expect(metadata.width).toBe(page.width);
  expect(metadata.height).toBe(page.height);
  expect(metadata.density).toBe(Math.round(page.dpi));
}

async function quarantineCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isPoststelleError(error) && error.quarantine) return error.code;
    throw error;
  }
  throw new Error('expected a quarantine error');
}

describe('fax TIFF', () => {
  it('makes pixels square: a 204×98 G4 page comes out with about twice the rows', async () => {
    const fax = await makeFaxTiff([sampleLetter, ['Seite zwei'], ['Seite drei']], { yDpi: 98 });
    const inspection = await inspector.inspect(fax, 'fax.tif');
    const rawRows = Math.round((Math.round(1728 * 1.414) * 98) / 204);

    const native = createPageRenderer({ upscaleBilevelBelowDpi: 0 });
    const pages = await native.render(fax, inspection);
    expect(pages.map((page) => page.pageNo)).toEqual([1, 2, 3]);
    for (const page of pages) {
      expect(page.width).toBe(1728);
      expect(page.height / rawRows).toBeCloseTo(204 / 98, 2);
      expect(page.dpi).toBe(204);
      expect(page.textLayer).toBeNull();
      await expectGreyPng(page);
    }
  });

  it('upscales normal-mode faxes to 300 dpi, keeps fine mode at 204 dpi, and renders single pages on demand', async () => {
    const normal = await makeFaxTiff([['Seite eins'], ['Seite zwei']], { yDpi: 98 });
    const normalInspection = await inspector.inspect(normal, 'fax.tif');
    const page = await createPageRenderer().renderPage(normal, normalInspection, 2);
    expect(page.pageNo).toBe(2);
    expect(page.dpi).toBe(300);
    expect(page.width).toBe(Math.round((1728 * 300) / 204));
    await expectGreyPng(page);
    await expect(createPageRenderer().renderPage(normal, normalInspection, 3)).rejects.toThrow(RangeError);

    const fine = await makeFaxTiff([['Seite eins']], { yDpi: 196 });
    const finePage = await createPageRenderer().renderPage(fine, await inspector.inspect(fine, 'fein.tif'), 1);
    expect(finePage).toMatchObject({ dpi: 204, width: 1728 });
    await expectGreyPng(finePage);
  });
});

describe('PDF', () => {
  it('keeps the text layer of born-digital pages (150 dpi) and renders scanned pages at 300 dpi', async () => {
    const scan = await textPng(sampleLetter, { width: 1700, height: 2400, fontSize: 40 });
    const pdf = await makePdf([{ text: sampleLetter }, { image: scan }]);
    const inspection = await inspector.inspect(pdf, 'gemischt.pdf');
    const renderer = createPageRenderer({ workDir });
    const [digital, scanned] = await renderer.render(pdf, inspection);

    expect(digital?.textLayer).toContain('nächstmöglichen Termin');
    expect(digital?.dpi).toBe(150);
    expect(digital?.width).toBe(Math.ceil((595.28 / 72) * 150));
    await expectGreyPng(digital!);

    expect(scanned?.textLayer).toBeNull();
    expect(scanned?.dpi).toBe(300);
    expect(scanned?.width).toBe(Math.ceil((595.28 / 72) * 300));
    await expectGreyPng(scanned!);
    // Temp copies of the original are gone.
    expect(await fs.readdir(workDir)).toEqual([]);
  });

  it('renders page by page and cleans up when the consumer stops early', async () => {
    const pdf = await makePdf([{ text: ['eins'] }, { text: ['zwei'] }, { text: ['drei'] }]);
    const inspection = await inspector.inspect(pdf, 'drei.pdf');
    const renderer = createPageRenderer({ workDir });
    const seen: number[] = [];
    for await (const page of renderer.pages(pdf, inspection)) {
      seen.push(page.pageNo);
      expect(await fs.readdir(workDir)).toHaveLength(1);
      if (page.pageNo === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect(await fs.readdir(workDir)).toEqual([]);
  });

  it('renders pages within one session without rewriting the original', async () => {
    const pdf = await makePdf([{ text: ['eins'] }, { text: ['zwei'] }]);
    const inspection = await inspector.inspect(pdf, 'zwei.pdf');
    const session = await createPageRenderer({ workDir }).open(pdf, inspection);
    try {
      expect((await session.renderPage(2)).pageNo).toBe(2);
      expect((await session.renderPage(1)).pageNo).toBe(1);
    } finally {
      await session.close();
    }
    expect(await fs.readdir(workDir)).toEqual([]);
  });

  it('works with inspections that carry no page geometry', async () => {
    const pdf = await makePdf([{ text: ['eins'] }]);
    const page = await createPageRenderer().renderPage(pdf, { format: 'pdf', mimeType: 'application/pdf', pageCount: 1, fax: null }, 1);
    expect(page.dpi).toBe(300); // "eins" alone is not real text
    expect(page.height).toBe(Math.ceil((841.89 / 72) * 300));
  });
});

describe('PNG and JPEG', () => {
  it('converts to grey, flattens transparency on white and keeps the stored resolution', async () => {
    const rgba = await sharp({ create: { width: 600, height: 400, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .withDensity(300)
      .png()
      .toBuffer();
    const inspection = await inspector.inspect(rgba, 'transparent.png');
    const page = await createPageRenderer().renderPage(rgba, inspection, 1);
    expect(page).toMatchObject({ width: 600, height: 400, dpi: 300, textLayer: null });
    const stats = await sharp(page.image).stats();
    expect(stats.channels[0]?.mean).toBe(255); // white, not black
    await expectGreyPng(page);
  });

  it('applies EXIF orientation and assumes 300 dpi for the 72 dpi camera default', async () => {
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#ffffff' } })
      .jpeg()
      .withMetadata({ orientation: 6, density: 72 })
      .toBuffer();
    const inspection = await inspector.inspect(jpeg, 'foto.jpg');
    expect(inspection.pages?.[0]).toMatchObject({ width: 600, height: 800 });
    const page = await createPageRenderer().renderPage(jpeg, inspection, 1);
    expect(page).toMatchObject({ width: 600, height: 800, dpi: 300 });
    await expectGreyPng(page);
  });

  it('upscales a 150 dpi grey scan to 300 dpi', async () => {
    const png = await textPng(sampleLetter, { width: 1240, height: 600, fontSize: 20, dpi: 150 });
    const inspection = await inspector.inspect(png, 'scan150.png');
    const page = await createPageRenderer().renderPage(png, inspection, 1);
    expect(page).toMatchObject({ width: 2480, height: 1200, dpi: 300 });
  });

  it('quarantines undecodable pixel data as corrupt_image', async () => {
    const png = await textPng(sampleLetter, { width: 1200, height: 800 });
    // Keep the header (so inspection passes) but destroy the compressed data.
    const broken = Buffer.from(png);
    broken.fill(0x55, 200, png.length - 20);
    const inspection = await inspector.inspect(broken, 'kaputt.png');
    expect(await quarantineCode(createPageRenderer().renderPage(broken, inspection, 1))).toBe('corrupt_image');
  });

  it('refuses e-mails: they have no pages to render', async () => {
    const inspection = { format: 'eml' as const, mimeType: 'message/rfc822', pageCount: 0, fax: null };
    expect(await quarantineCode(createPageRenderer().render(Buffer.from('From: a\n\n'), inspection))).toBe('unsupported_format');
  });
});
