import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textSvg } from '../imaging/imaging.fixtures.ts';
import { createTesseractEngine } from './tesseract.engine.ts';
import { createTesseractServerPool, findTesseractServer } from './tesseract.server.ts';
import { errorOf } from '../../../test/error-of.ts';

// Built by scripts/setup.mjs (g++ + libtesseract-dev); without it the engine falls back to the CLI.
const binary = findTesseractServer();

let dir: string;
const letters: Array<{ image: string; words: string[] }> = [];
/** One page, German, TSV only, a generous timeout: what most requests below ask for. */
const tsvOnly = { languages: 'deu', dpi: 300, wantPdf: false, textOnlyPdf: false, timeoutMs: 120_000 };

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-tesseract-server-test-'));
  const pages = [
    ['Ingrid Schäfer', 'Lindenstraße 14, 04109 Leipzig', '', 'Widerspruch gegen die Rechnung vom 3. März', 'Kundennummer 4471902235'],
    ['Stadtwerke Würzburg', 'Zählerstand zum Jahreswechsel', '', 'Sehr geehrte Damen und Herren,', 'anbei übersende ich die Ablesung.'],
    ['Dr. Mehmet Öztürk', 'Kündigung meines Vertrags', '', 'zum nächstmöglichen Termin.', 'Mit freundlichen Grüßen'],
  ];
  for (const [index, lines] of pages.entries()) {
    const image = path.join(dir, `brief-${index + 1}.png`);
    await sharp(textSvg(lines, { width: 2200, fontSize: 56 })).flatten({ background: '#ffffff' }).toColourspace('b-w').png().toFile(image);
    letters.push({ image, words: lines.flatMap((line) => line.split(/[\s,.]+/)).filter((word) => word.length >= 5) });
  }
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe.skipIf(binary === null)('tesseract server (long-lived tesseract of the OCR step)', () => {
  it('writes the same TSV and a text-only PDF as the tesseract CLI, page after page from one process', async () => {
    const pool = createTesseractServerPool({ binary: binary! });
    try {
      for (const [index, letter] of letters.entries()) {
        const served = path.join(dir, `served-${index}`);
        await pool.recognize({ imagePath: letter.image, outBase: served, languages: 'deu', dpi: 300, wantPdf: true, textOnlyPdf: true, timeoutMs: 120_000 });
        const cli = path.join(dir, `cli-${index}`);
        const run = spawnSync('tesseract', [letter.image, cli, '-l', 'deu', '--dpi', '300', '-c', 'textonly_pdf=1', 'tsv', 'pdf'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
        expect(run.status).toBe(0);
        const tsv = await fs.readFile(`${served}.tsv`, 'utf8');
        expect(tsv).toBe(await fs.readFile(`${cli}.tsv`, 'utf8'));
        for (const word of letter.words) expect(tsv).toContain(word);
        const pdf = await fs.readFile(`${served}.pdf`);
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        // Text only: no page image inside (tesseract's image PDF embeds the page as an /Image XObject).
        expect(pdf.toString('latin1')).not.toContain('/Subtype /Image');
      }
    } finally {
      pool.close();
    }
  });

  it('keeps working after a page times out, and reports it as process_timeout', async () => {
    const pool = createTesseractServerPool({ binary: binary! });
    try {
      const first = letters[0]!;
      expect(await errorOf(pool.recognize({ imagePath: first.image, outBase: path.join(dir, 'late'), ...tsvOnly, timeoutMs: 1 }))).toEqual({
        code: 'process_timeout',
        quarantine: false,
      });
      const outBase = path.join(dir, 'after-timeout');
      await pool.recognize({ imagePath: first.image, outBase, ...tsvOnly });
      expect(await fs.readFile(`${outBase}.tsv`, 'utf8')).toContain('Schäfer');
    } finally {
      pool.close();
    }
  });

  it('quarantines an unreadable image and serves the next page from the same process', async () => {
    const pool = createTesseractServerPool({ binary: binary! });
    try {
      const broken = path.join(dir, 'kaputt.png');
      await fs.writeFile(broken, Buffer.from('Das ist kein Bild, sondern Text.'));
      expect(await errorOf(pool.recognize({ imagePath: broken, outBase: path.join(dir, 'broken'), ...tsvOnly }))).toEqual({
        code: 'ocr_failed',
        quarantine: true,
      });
      const outBase = path.join(dir, 'after-broken');
      await pool.recognize({ imagePath: letters[1]!.image, outBase, ...tsvOnly });
      expect(await fs.readFile(`${outBase}.tsv`, 'utf8')).toContain('Würzburg');
    } finally {
      pool.close();
    }
  });

  it('treats missing language data as an installation problem', async () => {
    const pool = createTesseractServerPool({ binary: binary! });
    try {
      const error = await errorOf(pool.recognize({ imagePath: letters[0]!.image, outBase: path.join(dir, 'xyz'), ...tsvOnly, languages: 'xyz' }));
      expect(error).toEqual({ code: 'system.missing_dependency', quarantine: false });
    } finally {
      pool.close();
    }
  });

  it('is what the engine uses by default, with the same words as the CLI engine', async () => {
    const letter = letters[2]!;
    const request = { imagePath: letter.image, dpi: 300, languages: ['deu'], wantPdf: false, timeoutMs: 120_000 };
    const viaServer = await createTesseractEngine().recognize(request);
    const viaCli = await createTesseractEngine({ server: false }).recognize(request);
    expect(viaServer.words).toEqual(viaCli.words);
    for (const word of ['Öztürk', 'Kündigung', 'nächstmöglichen']) expect(viaServer.text).toContain(word);
  });
});
