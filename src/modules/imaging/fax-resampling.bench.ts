/**
 * Re-measures the fax resampling choice in raster.plan.ts / page.renderer.ts
 * (run after a tesseract upgrade):  npx tsx src/modules/imaging/fax-resampling.bench.ts
 *
 * Two sets of G4/G3 faxes of German letters:
 *  - synthetic: one letter in several fonts, flipped-pixel noise and skew,
 *    generated here (normal 204×98 and fine 204×196 of each);
 *  - the fixture generator's faxes in test/fixtures/generated (if present):
 *    edge noise from thresholding a noisy grey image, pepper, repeated rows.
 * Each page is resampled three ways and read by tesseract (one thread, like
 * production). Reported: character error rate (sensitive to reading order)
 * and the share of ground-truth words missed (order-independent, which is
 * what search and classification depend on).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { runProcess } from '../shared/process.ts';
import { readTiff, tiffPageResolution } from './tiff.reader.ts';

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

interface Variant {
  name: string;
  /** Output resolution: null = the page's own (aspect correction only). */
  dpi: number | null;
  kernel: 'nearest' | 'lanczos3';
  median: number;
}

const variants: Variant[] = [
  { name: 'stretch, nearest', dpi: null, kernel: 'nearest', median: 0 },
  { name: 'stretch, lanczos3', dpi: null, kernel: 'lanczos3', median: 0 },
  { name: '300 dpi, nearest + median 3', dpi: 300, kernel: 'nearest', median: 3 },
];

function missedWords(truth: readonly string[], found: readonly string[]): number {
  const bag = new Map<string, number>();
  for (const word of found) bag.set(word, (bag.get(word) ?? 0) + 1);
  let missed = 0;
  for (const word of truth) {
    const left = bag.get(word) ?? 0;
    if (left > 0) bag.set(word, left - 1);
    else missed += 1;
  }
  return missed / truth.length;
}

async function readFax(dir: string, tiff: Buffer, variant: Variant): Promise<{ text: string; msPerPage: number }> {
  const info = readTiff(tiff);
  let text = '';
  let ms = 0;
  for (const [index, page] of info.pages.entries()) {
    const resolution = tiffPageResolution(page);
    const xDpi = resolution.xDpi ?? 204;
    const yDpi = resolution.yDpi ?? xDpi;
    const dpi = variant.dpi ?? Math.max(xDpi, yDpi);
    let image = sharp(tiff, { page: index }).resize({
      width: Math.round((page.width * dpi) / xDpi),
      height: Math.round((page.height * dpi) / yDpi),
      fit: 'fill',
      kernel: variant.kernel,
    });
    if (variant.median > 0) image = image.median(variant.median);
    const imagePath = path.join(dir, 'page.png');
    await image.toColourspace('b-w').png().toFile(imagePath);
    const started = performance.now();
    const result = await runProcess('tesseract', [imagePath, '-', '-l', 'deu', '--dpi', String(Math.round(dpi))], {
      timeoutMs: 120_000,
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    ms += performance.now() - started;
    text += `${result.stdout.toString('utf8')}\n`;
  }
  return { text, msPerPage: ms / info.pages.length };
}

interface Sample {
  label: string;
  mode: 'normal' | 'fine';
  tiff: Buffer;
  truth: string;
}

async function syntheticSamples(dir: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const testCase of cases) {
    const pdf = await letterPdf(testCase.font, testCase.size);
    for (const yDpi of [98, 196]) {
      samples.push({
        label: `synthetic ${testCase.font} ${testCase.size}pt noise ${testCase.noise} skew ${testCase.skew}`,
        mode: yDpi === 98 ? 'normal' : 'fine',
        tiff: await fax(dir, pdf, yDpi, testCase.noise, testCase.skew),
        truth: letter,
      });
    }
  }
  return samples;
}

async function fixtureSamples(): Promise<Sample[]> {
  const dir = path.resolve('test/fixtures/generated');
  const manifest = await fs.readFile(path.join(dir, 'manifest.json'), 'utf8').catch(() => null);
  if (manifest === null) return [];
  const documents = (JSON.parse(manifest) as { documents: Array<{ file: string; kind: string; text?: string }> }).documents;
  const samples: Sample[] = [];
  for (const document of documents) {
    if (!document.kind.startsWith('fax') || !document.text) continue;
    samples.push({
      label: `fixture ${document.file}`,
      mode: document.kind.endsWith('normal') ? 'normal' : 'fine',
      tiff: await fs.readFile(path.join(dir, document.file)),
      truth: document.text,
    });
  }
  return samples;
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-fax-bench-'));
  const totals = new Map<string, { cer: number; missed: number; ms: number; n: number }>();
  try {
    const samples = [...(await syntheticSamples(dir)), ...(await fixtureSamples())];
    for (const sample of samples) {
      const truthWords = sample.truth.split(/\s+/).filter(Boolean);
      const truthChars = [...truthWords.join(' ')];
      const cells: string[] = [];
      for (const variant of variants) {
        const { text, msPerPage } = await readFax(dir, sample.tiff, variant);
        const words = text.split(/\s+/).filter(Boolean);
        const cer = levenshtein(truthChars, [...words.join(' ')]) / truthChars.length;
        const missed = missedWords(truthWords, words);
        const set = sample.label.startsWith('synthetic') ? 'synthetic' : 'fixtures';
        for (const key of [`${set} ${sample.mode} | ${variant.name}`, `all ${sample.mode} | ${variant.name}`]) {
          const total = totals.get(key) ?? { cer: 0, missed: 0, ms: 0, n: 0 };
          totals.set(key, { cer: total.cer + cer, missed: total.missed + missed, ms: total.ms + msPerPage, n: total.n + 1 });
        }
        cells.push(`${(cer * 100).toFixed(1).padStart(5)} / ${(missed * 100).toFixed(1).padStart(5)}`);
      }
      console.log(`${`${sample.label} (${sample.mode})`.padEnd(62)} ${cells.join('   ')}`);
    }
    console.log(`\ncolumns: ${variants.map((variant) => variant.name).join(' | ')}; cells: CER % / words missed %`);
    console.log('\nmeans:');
    for (const [key, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(
        `${key.padEnd(52)} CER ${((total.cer / total.n) * 100).toFixed(2).padStart(6)} %  missed ${((total.missed / total.n) * 100).toFixed(1).padStart(5)} %  ${(total.ms / total.n).toFixed(0)} ms/page  (n=${total.n})`,
      );
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

await main();
