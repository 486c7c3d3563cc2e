import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { popplerText, textSvg } from '../imaging/imaging.fixtures.ts';
import { createTesseractEngine } from './tesseract.engine.ts';
import { errorOf } from '../../../test/error-of.ts';

let dir: string;
let workDir: string;
let imagePath: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-tesseract-test-'));
  workDir = path.join(dir, 'work');
  imagePath = path.join(dir, 'kündigung.png');
  // ~36 pt text at 300 dpi, rendered by librsvg with DejaVu Sans.
  const svg = textSvg(['Kündigung zum nächstmöglichen Termin', '', 'Sehr geehrte Damen und Herren,', 'bitte bestätigen Sie den Eingang.'], {
    width: 2000,
    fontSize: 60,
  });
  await sharp(svg).flatten({ background: '#ffffff' }).toColourspace('b-w').png().toFile(imagePath);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('createTesseractEngine', () => {
  const engine = createTesseractEngine();

  it('reads German text with umlauts and writes a one-page searchable PDF in the same run', async () => {
    const ocr = createTesseractEngine({ workDir });
    const result = await ocr.recognize({ imagePath, dpi: 300, languages: ['deu'], wantPdf: true, timeoutMs: 60_000 });

    expect(result.engine).toBe('tesseract');
    for (const word of ['Kündigung', 'nächstmöglichen', 'Termin', 'bestätigen']) expect(result.text).toContain(word);
    expect(result.text.split('\n')[0]).toBe('Kündigung zum nächstmöglichen Termin');
    expect(result.meanConfidence).toBeGreaterThan(80);
    const kuendigung = result.words.find((word) => word.text === 'Kündigung');
    expect(kuendigung?.box.left).toBeGreaterThan(0);
    expect(kuendigung?.box.width).toBeGreaterThan(100);
    expect(result.durationMs).toBeGreaterThan(0);

    expect(result.pdf?.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = await popplerText('pdfinfo', result.pdf!);
    expect(info).toMatch(/^Pages:\s+1$/m);
    // Page size follows the --dpi: 2000 px at 300 dpi = 480 pt.
    expect(info).toMatch(/Page size:\s+480 x/);
    const text = await popplerText('pdftotext', result.pdf!);
    for (const word of ['Kündigung', 'nächstmöglichen', 'Termin']) expect(text).toContain(word);

    // The per-page temp directory is gone.
    expect(await fs.readdir(workDir)).toEqual([]);
  });

  it('skips the PDF renderer when no PDF is wanted', async () => {
    const result = await createTesseractEngine().recognize({ imagePath, dpi: 300, languages: [], wantPdf: false, timeoutMs: 60_000 });
    expect(result.pdf).toBeNull();
    expect(result.text).toContain('Kündigung');
  });

  it('reports a timeout as process_timeout', async () => {
    const error = await errorOf(createTesseractEngine().recognize({ imagePath, dpi: 300, languages: ['deu'], wantPdf: false, timeoutMs: 1 }));
    expect(error.code).toBe('process_timeout');
  });

  it('quarantines unreadable images as ocr_failed', async () => {
    const broken = path.join(dir, 'broken.png');
    await fs.writeFile(broken, Buffer.from('not an image at all'));
    expect(await errorOf(createTesseractEngine().recognize({ imagePath: broken, dpi: 300, languages: ['deu'], wantPdf: false, timeoutMs: 60_000 }))).toEqual({
      code: 'ocr_failed',
      quarantine: true,
    });
  });

  it('treats missing language data as an installation problem, not as a bad letter', async () => {
    const error = await errorOf(createTesseractEngine().recognize({ imagePath, dpi: 300, languages: ['xyz'], wantPdf: false, timeoutMs: 60_000 }));
    expect(error).toEqual({ code: 'system.missing_dependency', quarantine: false });
  });

  it('rejects language names and inputs that tesseract would misinterpret', async () => {
    await expect(engine.recognize({ imagePath, dpi: 300, languages: ['../../etc/passwd'], wantPdf: false, timeoutMs: 1000 })).rejects.toThrow(RangeError);
    await expect(engine.recognize({ imagePath: 'list.txt', dpi: 300, languages: ['deu'], wantPdf: false, timeoutMs: 1000 })).rejects.toThrow(RangeError);
    await expect(engine.recognize({ imagePath, dpi: Number.NaN, languages: ['deu'], wantPdf: false, timeoutMs: 1000 })).rejects.toThrow(RangeError);
  });
});
