import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createError, createQuarantineError } from '../shared/errors.ts';
import { runProcess } from '../shared/process.ts';
import type { OcrEngine, OcrPageResult, OcrRequest } from './ocr.types.ts';
import { createTesseractServerPool, findTesseractServer } from './tesseract.server.ts';
import { meanConfidence, parseTesseractTsv, wordsToText } from './tsv.parser.ts';

export interface TesseractEngineOptions {
  binary?: string;
  /** Extra tesseract options placed before the renderers, e.g. ['--psm', '3'] or ['-c', 'preserve_interword_spaces=1']. */
  extraArgs?: readonly string[];
  /** Where per-page temp directories go; default: OS temp dir. */
  workDir?: string;
  /** Used when a request names no language. */
  defaultLanguages?: readonly string[];
  /** false: always the CLI, never the long-lived tesseract server (tesseract.server.ts). */
  server?: boolean;
}

// Language names end up in a path inside tessdata; keep them plain.
const languagePattern = /^[A-Za-z0-9_]+$/;

/**
 * Tesseract via its CLI, one process per page, or through long-lived
 * tesseract processes with the same output (tesseract.server.ts) where those
 * are built. OMP_THREAD_LIMIT=1 because
 * tesseract's OpenMP threads speed up one page only slightly while competing
 * with the other pages' processes: throughput comes from one process per core.
 * TSV and PDF are written by one recognition pass (`… tsv pdf`), so the
 * searchable PDF and the word boxes always agree and the page is read once.
 */
export function createTesseractEngine(options: TesseractEngineOptions = {}): OcrEngine {
  const binary = options.binary ?? 'tesseract';
  const extraArgs = options.extraArgs ?? [];
  const defaultLanguages = options.defaultLanguages ?? ['deu'];
  // The long-lived server (tesseract.server.ts) where it is built and the CLI would run with its defaults; else the CLI.
  const serverBinary = options.server === false || options.binary !== undefined || extraArgs.length > 0 ? null : findTesseractServer();
  const server = serverBinary ? createTesseractServerPool({ binary: serverBinary }) : null;

  async function recognize(request: OcrRequest): Promise<OcrPageResult> {
    const languages = request.languages.length > 0 ? request.languages : defaultLanguages;
    const invalid = languages.find((language) => !languagePattern.test(language));
    if (invalid !== undefined) throw new RangeError(`Invalid OCR language name: ${invalid}`);
    // Tesseract reads a *.txt "image" as a list of image paths; never hand it one.
    if (/\.txt$/i.test(request.imagePath)) throw new RangeError('tesseract would treat a .txt input as a list of images');
    const dpi = Math.round(request.dpi);
    if (!Number.isFinite(dpi) || dpi < 30 || dpi > 2400) throw new RangeError(`Implausible resolution ${request.dpi} dpi`);

    const base = options.workDir ?? os.tmpdir();
    await fs.mkdir(base, { recursive: true });
    const dir = await fs.mkdtemp(path.join(base, 'poststelle-ocr-'));
    const started = performance.now();
    try {
      const outBase = path.join(dir, 'page');
      const args = [
        // Absolute, so a name starting with "-" cannot be taken for an option.
        path.resolve(request.imagePath),
        outBase,
        '-l',
        languages.join('+'),
        '--dpi',
        String(dpi),
        ...extraArgs,
        ...(request.wantPdf && request.textOnlyPdf ? ['-c', 'textonly_pdf=1'] : []),
        'tsv',
        ...(request.wantPdf ? ['pdf'] : []),
      ];
      let stderr = '';
      if (server) {
        await server.recognize({ imagePath: args[0] as string, outBase, languages: languages.join('+'), dpi, wantPdf: request.wantPdf, textOnlyPdf: request.textOnlyPdf === true, timeoutMs: request.timeoutMs });
      } else {
        const result = await runProcess(binary, args, {
          timeoutMs: request.timeoutMs,
          cwd: dir,
          env: { ...process.env, OMP_THREAD_LIMIT: '1' },
          maxStdoutBytes: 1024 * 1024,
        });
        if (result.exitCode !== 0) throw failure(result.exitCode, result.stderr);
        stderr = result.stderr;
      }

      const tsv = await fs.readFile(`${outBase}.tsv`, 'utf8').catch(() => null);
      if (tsv === null) throw createQuarantineError('ocr_failed', `tesseract wrote no TSV: ${summary(stderr)}`);
      const pdf = request.wantPdf ? await fs.readFile(`${outBase}.pdf`).catch(() => null) : null;
      if (request.wantPdf && pdf === null) throw createQuarantineError('ocr_failed', `tesseract wrote no PDF: ${summary(stderr)}`);

      const words = parseTesseractTsv(tsv);
      return {
        engine: 'tesseract',
        text: wordsToText(words),
        words,
        meanConfidence: meanConfidence(words),
        pdf,
        durationMs: Math.round(performance.now() - started),
      };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  return { name: 'tesseract', recognize };
}

function summary(stderr: string): string {
  return (
    stderr
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '' && !/^(Estimating resolution|Warning: Invalid resolution|Detected \d+ diacritics)/.test(line))
      .slice(0, 3)
      .join(' | ') || 'no details'
  );
}

function failure(exitCode: number, stderr: string): Error {
  if (/Failed loading language|Error opening data file|could not initialize tesseract/i.test(stderr)) {
    // An installation problem, not a problem of this letter: do not quarantine it.
    return createError({ code: 'system.missing_dependency', message: `tesseract language data missing: ${summary(stderr)}` });
  }
  if (exitCode < 0) {
    // Killed by a signal (OOM killer, shutdown): may well succeed on retry.
    return createError({ code: 'ocr_failed', message: `tesseract was killed: ${summary(stderr)}` });
  }
  return createQuarantineError('ocr_failed', `tesseract exited with ${exitCode}: ${summary(stderr)}`);
}
