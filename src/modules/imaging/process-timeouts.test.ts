import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTesseractEngine } from '../ocr/tesseract.engine.ts';
import { isPoststelleError } from '../shared/errors.ts';
import { runProcess } from '../shared/process.ts';
import { readPdfInfo } from './pdf.info.ts';

/**
 * Every external program runs under a hard timeout (src/modules/shared/process.ts) and is killed
 * when it passes it. The real tools are made to hang deterministically: their input is a named pipe
 * nobody writes to, so they block on open/read until the timeout kills them.
 */
describe('timeouts of external processes', () => {
  let dir: string;
  let fifo: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-timeouts-'));
    fifo = path.join(dir, 'Kündigung-Weißmüller.pdf');
    execFileSync('mkfifo', [fifo]);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function codeOf(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      return isPoststelleError(error) ? error.code : `unexpected: ${String(error)}`;
    }
    return 'no error';
  }

  it('pdfinfo (page count and sizes) is killed at its timeout', async () => {
    expect(await codeOf(readPdfInfo(fifo, { timeoutMs: 1_500, sizePages: 1 }))).toBe('process_timeout');
  });

  it.each([
    ['pdftoppm', ['-r', '300', '-gray', '-singlefile']],
    ['pdftotext', ['-layout', '-enc', 'UTF-8']],
    ['pdfimages', ['-list']],
    ['qpdf', ['--check']],
  ])('%s is killed at its timeout', async (tool, args) => {
    const trailing = tool === 'pdftotext' ? ['-'] : [];
    expect(await codeOf(runProcess(tool, [...args, fifo, ...trailing], { timeoutMs: 1_500 }))).toBe('process_timeout');
  });

  it('tesseract is killed at its timeout', async () => {
    const image = path.join(dir, 'Seite-1.png');
    execFileSync('mkfifo', [image]);
    const code = await codeOf(createTesseractEngine().recognize({ imagePath: image, dpi: 300, languages: ['deu'], wantPdf: false, timeoutMs: 1_500 }));
    expect(code).toBe('process_timeout');
  });
});
