import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaxHeaderLine } from '../src/modules/extraction/fax-header.ts';
import {
  EXPECTED_ERRORS,
  FIXTURE_VERSION,
  REQUEST_TYPES,
  computeGermanIban,
  generateFixtures,
  isValidIban,
  planFixtures,
  type FixtureManifest,
  type GoodFixtureDocument,
} from './generate-fixtures.ts';
import { generatorSourceFiles } from './fixtures/manifest.ts';

const execFileAsync = promisify(execFile);

interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

async function run(cmd: string, args: string[]): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileAsync(cmd, args, { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1 };
  }
}

interface TiffDirectory {
  compression: string;
  xRes: number;
  yRes: number;
  width: number;
  bitsPerSample: number;
}

function parseTiffinfo(output: string): TiffDirectory[] {
  return output
    .split(/^TIFF Directory at offset/m)
    .slice(1)
    .map((block) => {
      const res = /Resolution: ([\d.]+), ([\d.]+) pixels\/inch/.exec(block);
      return {
        compression: /Compression Scheme: (.+)/.exec(block)?.[1]?.trim() ?? '',
        xRes: Number(res?.[1]),
        yRes: Number(res?.[2]),
        width: Number(/Image Width: (\d+)/.exec(block)?.[1]),
        bitsPerSample: Number(/Bits\/Sample: (\d+)/.exec(block)?.[1]),
      };
    });
}

function pdfPages(info: string): number {
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

const COUNT = 9;
let outDir = '';
let manifest: FixtureManifest;
let good: GoodFixtureDocument[] = [];
const file = (name: string) => path.join(outDir, name);

describe('generate-fixtures', () => {
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'poststelle-fixtures-test-'));
    manifest = await generateFixtures({ outDir, seed: 7, count: COUNT });
    good = manifest.documents.filter((d): d is GoodFixtureDocument => d.kind !== 'bad');
  }, 120_000);

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('computes valid German IBANs', () => {
    // Well-known example IBAN.
    expect(computeGermanIban('37040044', '0532013000')).toBe('DE89370400440532013000');
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('DE88370400440532013000')).toBe(false);
  });

  it('hashes the entry point and every generator module into the cache key', async () => {
    const files = generatorSourceFiles().map((f) => path.relative(import.meta.dirname, f));
    const modules = (await readdir(path.join(import.meta.dirname, 'fixtures'))).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(modules.length).toBeGreaterThan(1);
    expect([...files].sort()).toEqual(['generate-fixtures.ts', ...modules.map((f) => path.join('fixtures', f))].sort());
  });

  it('plans deterministically', () => {
    const a = planFixtures(7, COUNT);
    const b = planFixtures(7, COUNT);
    const c = planFixtures(8, COUNT);
    expect(a.good.map((g) => g.content)).toEqual(b.good.map((g) => g.content));
    expect(a.good.map((g) => g.content)).not.toEqual(c.good.map((g) => g.content));
  });

  it('writes a manifest covering every kind and all bad inputs', async () => {
    const onDisk = JSON.parse(await readFile(file('manifest.json'), 'utf8')) as FixtureManifest;
    expect(onDisk).toEqual(manifest);
    expect(manifest.version).toBe(FIXTURE_VERSION);
    expect(manifest.seed).toBe(7);
    expect(manifest.count).toBe(COUNT);
    expect(good).toHaveLength(COUNT);
    const kinds = new Set(good.map((d) => d.kind));
    for (const k of ['scan-png', 'scan-jpeg', 'scan-pdf', 'digital-pdf', 'fax-g3-normal', 'fax-g3-fine', 'fax-g4-normal', 'fax-g4-fine']) {
      expect(kinds, k).toContain(k);
    }
    const bad = manifest.documents.filter((d) => d.kind === 'bad');
    expect(new Set(bad.map((d) => d.expectedError))).toEqual(new Set(EXPECTED_ERRORS));
    for (const d of manifest.documents) expect((await stat(file(d.file))).isFile()).toBe(true);
  });

  it('describes each letter consistently', () => {
    const texts = new Set<string>();
    for (const d of good) {
      expect(REQUEST_TYPES).toContain(d.requestType);
      expect(d.expectedError).toBeNull();
      expect(d.customerNumber).toMatch(/^[1-9]\d{9}$/);
      expect(d.customerNumberAsWritten.replace(/\s/g, '')).toBe(d.customerNumber);
      expect(d.text).toContain(d.customerNumberAsWritten);
      expect(d.text).toContain(d.lastName);
      expect(d.text).toContain(d.city);
      expect(d.text).toContain('Fernmeldewerk AG');
      expect(d.keywords.length).toBeGreaterThanOrEqual(3);
      expect(d.keywords.length).toBeLessThanOrEqual(5);
      for (const k of d.keywords) {
        expect(k.length).toBeGreaterThanOrEqual(6);
        expect(d.text).toContain(k);
      }
      expect(d.keywords.some((k) => /[äöüÄÖÜ]/.test(k))).toBe(true);
      if (d.iban !== undefined) {
        expect(isValidIban(d.iban)).toBe(true);
        expect(d.text.replace(/\s/g, '')).toContain(d.iban);
      }
      if (d.requestType === 'bank_details_change') expect(d.iban).toBeDefined();
      texts.add(d.text);
    }
    expect(texts.size).toBe(good.length);
    expect(new Set(good.map((d) => d.lastName)).size).toBe(good.length);
  });

  it('renders PDFs with the stated page count', async () => {
    for (const d of good.filter((x) => x.kind === 'digital-pdf' || x.kind === 'scan-pdf')) {
      const info = await run('pdfinfo', [file(d.file)]);
      expect(info.code, `${d.file}: ${info.stderr}`).toBe(0);
      expect(pdfPages(info.stdout), d.file).toBe(d.pages);
    }
    expect(good.some((d) => d.kind === 'digital-pdf' && d.pages > 1)).toBe(true);
  });

  it('gives digital PDFs a text layer with the customer number', async () => {
    for (const d of good.filter((x) => x.kind === 'digital-pdf')) {
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file(d.file), '-']);
      expect(stdout.replace(/\s/g, ''), d.file).toContain(d.customerNumber);
      expect(stdout, d.file).toContain(d.lastName);
    }
  });

  it('gives scanned PDFs no text layer', async () => {
    for (const d of good.filter((x) => x.kind === 'scan-pdf')) {
      const { stdout, code } = await run('pdftotext', [file(d.file), '-']);
      expect(code).toBe(0);
      expect(stdout.replace(/\s/g, '').length, d.file).toBeLessThan(5);
    }
  });

  it('writes 300-dpi greyscale scan images', async () => {
    for (const d of good.filter((x) => x.kind === 'scan-png' || x.kind === 'scan-jpeg')) {
      const meta = await sharp(file(d.file)).metadata();
      expect(meta.format).toBe(d.kind === 'scan-png' ? 'png' : 'jpeg');
      expect(meta.width).toBe(2480);
      expect(meta.height).toBe(3508);
      expect(meta.channels).toBe(1);
      expect(Math.round(meta.density ?? 0)).toBe(300);
      expect(d.pages).toBe(1);
      expect(Math.abs(d.degradation?.skewDegrees ?? 0)).toBeGreaterThanOrEqual(0.3);
    }
  });

  it('writes bilevel CCITT fax TIFFs with fax resolutions', async () => {
    const faxes = good.filter((x) => x.kind.startsWith('fax-'));
    expect(faxes.some((d) => d.pages > 1)).toBe(true);
    for (const d of faxes) {
      const { stdout, code } = await run('tiffinfo', [file(d.file)]);
      expect(code).toBe(0);
      const dirs = parseTiffinfo(stdout);
      expect(dirs, d.file).toHaveLength(d.pages);
      const expectedCompression = d.kind.startsWith('fax-g4') ? 'CCITT Group 4' : 'CCITT Group 3';
      const expectedY = d.kind.endsWith('fine') ? 196 : 98;
      for (const dir of dirs) {
        expect(dir.compression, d.file).toBe(expectedCompression);
        expect(dir.xRes, d.file).toBe(204);
        expect(dir.yRes, d.file).toBe(expectedY);
        expect(dir.bitsPerSample).toBe(1);
        expect(dir.width).toBe(1728);
      }
      expect(d.faxHeaders).toHaveLength(d.pages);
      // Vendors' header layouts differ; every one carries the sending number and the send time.
      const header = parseFaxHeaderLine(d.faxHeaders?.[0] ?? '');
      expect(header?.senderNumber, d.file).toMatch(/^\+49\d{6,}$/);
      expect(header?.sentAt, d.file).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+0[12]:00$/);
    }
    const layouts = new Set(faxes.map((d) => (d.faxHeaders?.[0] ?? '').replace(/\d/g, '9').slice(0, 5)));
    expect(layouts.size).toBeGreaterThan(1);
  });

  it('produces the bad inputs', async () => {
    const byError = (e: string) => manifest.documents.find((d) => d.expectedError === e);
    const empty = byError('empty_file');
    expect(empty && (await stat(file(empty.file))).size).toBe(0);

    const truncated = byError('corrupt_pdf');
    expect(truncated).toBeDefined();
    const tBytes = await readFile(file(truncated?.file ?? ''));
    expect(tBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(tBytes.includes('%%EOF')).toBe(false);
    expect((await run('pdfinfo', [file(truncated?.file ?? '')])).code).not.toBe(0);

    const encrypted = byError('encrypted_pdf');
    const encPath = file(encrypted?.file ?? '');
    const locked = await run('pdfinfo', [encPath]);
    expect(locked.code).not.toBe(0);
    expect(locked.stderr).toMatch(/password/i);
    const unlocked = await run('pdfinfo', ['-upw', 'user', encPath]);
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toMatch(/^Encrypted:\s+yes/m);

    const jpeg = manifest.documents.find((d) => d.expectedError === 'extension_mismatch');
    expect(jpeg?.file.endsWith('.pdf')).toBe(true);
    const jBytes = await readFile(file(jpeg?.file ?? ''));
    expect([...jBytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);

    const unsupported = manifest.documents.filter((d) => d.expectedError === 'unsupported_format');
    const tif = unsupported.find((d) => d.file.endsWith('.tif'));
    const tifBytes = await readFile(file(tif?.file ?? ''));
    expect(tifBytes.length).toBeGreaterThan(1000);
    expect(['II*\0', 'MM\0*'].includes(tifBytes.subarray(0, 4).toString('latin1'))).toBe(false);
    const png = unsupported.find((d) => d.file.endsWith('.png'));
    const pngBytes = await readFile(file(png?.file ?? ''));
    expect(pngBytes.subarray(0, 4).toString('latin1')).not.toBe('\x89PNG');
    expect(pngBytes.toString('utf8')).toMatch(/Kündigung/);

    for (const d of manifest.documents.filter((x) => x.kind === 'bad')) {
      expect(d.requestType).toBeNull();
      expect(d.customerNumber).toBeNull();
    }
  });

  it('returns the existing manifest without regenerating', async () => {
    const before = (await stat(file('manifest.json'))).mtimeMs;
    const started = Date.now();
    const again = await generateFixtures({ outDir, seed: 7, count: COUNT });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(again).toEqual(manifest);
    expect((await stat(file('manifest.json'))).mtimeMs).toBe(before);
  });
});
