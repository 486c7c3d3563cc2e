import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createError } from '../shared/errors.ts';
import { runProcess } from '../shared/process.ts';

/** What the archive stores: PDF/A-2b (ISO 19005-2, visual reproduction), written by Ghostscript. */
export const archiveFormat = 'PDF/A-2b';

/** sRGB profiles, first found wins: Ghostscript's own (Debian package ghostscript), colord's, then pdfkit's bundled copy. */
function iccProfileCandidates(): string[] {
  const candidates = ['/usr/share/color/icc/ghostscript/srgb.icc', '/usr/share/color/icc/colord/sRGB.icc', '/usr/share/color/icc/sRGB.icc'];
  try {
    const require = createRequire(import.meta.url);
    candidates.push(path.join(path.dirname(require.resolve('pdfkit')), 'data', 'sRGB_IEC61966_2_1.icc'));
  } catch {
    // pdfkit not installed: the system profiles must do
  }
  return candidates;
}

export function findSrgbProfile(): string {
  const found = iccProfileCandidates().find((candidate) => existsSync(candidate));
  if (!found) throw createError({ code: 'system.missing_dependency', message: 'no sRGB ICC profile found (install ghostscript: npm run setup)' });
  return found;
}

const postScriptString = (value: string) => `(${value.replace(/[\\()]/g, (character) => `\\${character}`)})`;

/**
 * The PDF/A definition Ghostscript reads before the document: the sRGB
 * profile as the output intent (/GTS_PDFA1, as the standard names it for every part).
 */
function pdfaDefinition(iccPath: string): string {
  return [
    '%!',
    `/ICCProfile ${postScriptString(iccPath)} def`,
    '[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark',
    '[{icc_PDFA} << /N 3 >> /PUT pdfmark',
    '[{icc_PDFA} ICCProfile (r) file /PUT pdfmark',
    '[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark',
    '[{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA} /OutputConditionIdentifier (sRGB) /Info (sRGB IEC61966-2.1) >> /PUT pdfmark',
    '[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark',
    '',
  ].join('\n');
}

export interface PdfAConversion {
  pdf: Buffer;
  converter: string;
}

/**
 * Converts a PDF to PDF/A-2b with Ghostscript: fonts embedded, colours tagged
 * with the sRGB output intent, XMP metadata with the PDF/A identification;
 * whatever PDF/A forbids (JavaScript, launch actions, encryption) is dropped
 * (PDFACompatibilityPolicy=1) instead of failing. Runs under -dSAFER with a
 * hard timeout, on a private temp dir.
 */
export async function convertToPdfA(input: Buffer, options: { timeoutMs: number }): Promise<PdfAConversion> {
  const iccPath = findSrgbProfile();
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-pdfa-'));
  try {
    const inputPath = path.join(workDir, 'input.pdf');
    const outputPath = path.join(workDir, 'archive.pdf');
    const definitionPath = path.join(workDir, 'pdfa_def.ps');
    await fs.writeFile(inputPath, input);
    await fs.writeFile(definitionPath, pdfaDefinition(iccPath));
    const result = await runProcess(
      'gs',
      [
        '-q',
        '-dSAFER',
        '-dBATCH',
        '-dNOPAUSE',
        '-dNOOUTERSAVE',
        `--permit-file-read=${iccPath}`,
        '-sDEVICE=pdfwrite',
        '-dPDFA=2',
        '-dPDFACompatibilityPolicy=1',
        '-sColorConversionStrategy=RGB',
        '-dEmbedAllFonts=true',
        '-dSubsetFonts=true',
        `-sOutputFile=${outputPath}`,
        definitionPath,
        inputPath,
      ],
      { timeoutMs: options.timeoutMs, cwd: workDir, maxStdoutBytes: 1024 * 1024 },
    );
    const pdf = await fs.readFile(outputPath).catch(() => null);
    if (result.exitCode !== 0 || !pdf || pdf.length === 0) {
      throw createError({ code: 'archive.conversion_failed', message: `ghostscript could not convert to ${archiveFormat} (exit ${result.exitCode}): ${result.stderr.trim().slice(0, 500)}` });
    }
    const version = await runProcess('gs', ['--version'], { timeoutMs: 10_000 }).then((run) => run.stdout.toString('utf8').trim()).catch(() => 'unknown');
    return { pdf, converter: `ghostscript ${version}` };
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}
