/**
 * Re-measures the fax resampling choice in page.renderer.ts (run after a
 * tesseract upgrade):  npx tsx src/modules/imaging/fax-resampling.bench.ts
 *
 * Generates G4 faxes (normal 204×98 and fine 204×196) of a German letter in
 * several fonts, with flipped-pixel noise and skew, renders them with the
 * renderer at native resolution and with the default upscaling, and reports
 * character/word error rates and tesseract time (one thread, like production).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { runProcess } from '../shared/process.ts';
import { defaultLimits } from './imaging.types.ts';
import { createPageRenderer } from './page.renderer.ts';
import { createSourceInspector } from './source.inspector.ts';

const letter = `Sehr geehrte Damen und Herren,

hiermit kündige ich meinen Vertrag mit der Kundennummer 4711-0815 fristgerecht zum nächstmöglichen Termin. Bitte bestätigen Sie mir den Eingang dieser Kündigung sowie das genaue Vertragsende schriftlich.

Gleichzeitig widerrufe ich die Ihnen erteilte Einzugsermächtigung für das Konto bei der Sparkasse Köln. Überweisungen für noch offene Beträge werde ich nach Erhalt der Schlussrechnung selbst veranlassen.

Sollten Sie Rückfragen haben, erreichen Sie mich werktags zwischen 9 und 17 Uhr unter der Telefonnummer 0221 123456. Über eine zügige Bearbeitung würde ich mich sehr freuen.

Außerdem bitte ich um Auskunft über die zu meiner Person gespeicherten Daten gemäß Artikel 15 der Datenschutz-Grundverordnung. Insbesondere möchte ich wissen, zu welchen Zwecken die Daten verarbeitet werden, an welche Empfänger sie weitergegeben wurden und wie lange sie gespeichert bleiben.

Die Rechnung vom 14. März über 89,95 Euro halte ich für fehlerhaft, da der Tarif bereits zum Monatsende umgestellt wurde. Ich bitte um Prüfung und Gutschrift des zu viel gezahlten Betrags auf mein Girokonto.

Mit freundlichen Grüßen
Jürgen Müller-Lüdenscheidt
Hauptstraße 12, 50667 Köln`;

const cases = [
  { font: 'Helvetica', size: 10, noise: 0, skew: 0 },
  { font: 'Helvetica', size: 8, noise: 0, skew: 0.3 },
  { font: 'Times-Roman', size: 9, noise: 0, skew: 0.5 },
  { font: 'Helvetica', size: 10, noise: 0.002, skew: 0.4 },
  { font: 'Times-Roman', size: 10, noise: 0.001, skew: 0 },
  { font: 'Times-Roman', size: 9, noise: 0.003, skew: 0.7 },
];

function levenshtein<T>(a: readonly T[], b: readonly T[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

async function letterPdf(font: string, size: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 60 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font(font).fontSize(size).text(letter, { width: 475 });
  doc.end();
  return done;
}

/** A fax as a fax machine would send it: 408 dpi master → 204×yDpi, thresholded, noisy, G4. */
async function fax(dir: string, pdf: Buffer, yDpi: number, noise: number, skew: number): Promise<Buffer> {
  const pdfPath = path.join(dir, 'letter.pdf');
  await fs.writeFile(pdfPath, pdf);
  const rendered = await runProcess('pdftoppm', ['-r', '408', '-gray', '-png', '-singlefile', '-f', '1', '-l', '1', pdfPath], { timeoutMs: 60_000 });
  const master = await sharp(rendered.stdout).rotate(skew, { background: '#ffffff' }).flatten({ background: '#ffffff' }).toColourspace('b-w').extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const width = Math.round(master.info.width / 2);
  const height = Math.round((master.info.height * yDpi) / 408);
  const data = await sharp(master.data, { raw: { width: master.info.width, height: master.info.height, channels: 1 } })
    .resize({ width, height, fit: 'fill' })
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  let seed = 42; // mulberry32: deterministic noise
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0; i < data.length; i += 1) {
    const black = (data[i] ?? 255) < 150;
    data[i] = black !== random() < noise ? 0 : 255;
  }
  return sharp(data, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 204 / 25.4, yres: yDpi / 25.4, miniswhite: true })
    .toBuffer();
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-fax-bench-'));
  const truthWords = letter.split(/\s+/).filter(Boolean);
  const truthChars = [...truthWords.join(' ')];
  const variants = {
    'native 204 (stretch only)': createPageRenderer({ upscaleBilevelBelowDpi: 0 }),
    'default (300, nearest + median)': createPageRenderer(),
  };
  const totals = new Map<string, { cer: number; wer: number; ms: number; n: number }>();
  try {
    for (const testCase of cases) {
      const pdf = await letterPdf(testCase.font, testCase.size);
      for (const yDpi of [98, 196]) {
        const tiff = await fax(dir, pdf, yDpi, testCase.noise, testCase.skew);
        const inspection = await createSourceInspector({ limits: defaultLimits }).inspect(tiff, 'fax.tif');
        for (const [name, renderer] of Object.entries(variants)) {
          const [page] = await renderer.render(tiff, inspection);
          if (!page) throw new Error('no page');
          const imagePath = path.join(dir, 'page.png');
          await fs.writeFile(imagePath, page.png);
          const started = performance.now();
          const result = await runProcess('tesseract', [imagePath, '-', '-l', 'deu', '--dpi', String(page.dpi)], {
            timeoutMs: 120_000,
            env: { ...process.env, OMP_THREAD_LIMIT: '1' },
          });
          const ms = performance.now() - started;
          const words = result.stdout.toString('utf8').split(/\s+/).filter(Boolean);
          const cer = levenshtein(truthChars, [...words.join(' ')]) / truthChars.length;
          const wer = levenshtein(truthWords, words) / truthWords.length;
          const key = `${yDpi === 98 ? 'normal' : 'fine  '} ${name}`;
          const total = totals.get(key) ?? { cer: 0, wer: 0, ms: 0, n: 0 };
          totals.set(key, { cer: total.cer + cer, wer: total.wer + wer, ms: total.ms + ms, n: total.n + 1 });
          console.log(
            `${testCase.font} ${testCase.size}pt noise ${testCase.noise} skew ${testCase.skew} | ${key.padEnd(40)} CER ${(cer * 100).toFixed(2).padStart(6)} %  WER ${(wer * 100).toFixed(1).padStart(5)} %  ${ms.toFixed(0)} ms`,
          );
        }
      }
    }
    console.log('\nmean over all cases:');
    for (const [key, total] of totals) {
      console.log(`${key.padEnd(40)} CER ${((total.cer / total.n) * 100).toFixed(2).padStart(6)} %  WER ${((total.wer / total.n) * 100).toFixed(1).padStart(5)} %  ${(total.ms / total.n).toFixed(0)} ms`);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

await main();
