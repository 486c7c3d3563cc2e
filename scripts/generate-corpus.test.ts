import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone } from '../src/modules/extraction/phone.normaliser.ts';
import { isValidIban } from './fixtures/iban.ts';
import { Rng } from './fixtures/prng.ts';
import {
  CUSTOMER_CSV_HEADER,
  PHRASINGS,
  POOLS,
  REQUEST_TYPES,
  generateEvaluationSet,
  generateTrainingCorpus,
  isRequestType,
  planEvaluationSet,
  toJsonl,
  type EvaluationSet,
  type TrainingExample,
} from './generate-corpus.ts';
import { FRAME_POOLS } from './corpus/frame.phrases.ts';
import { drawPhone, e164, mobileSubscriberLength } from './corpus/identity.ts';
import { partOf } from './corpus/material.parts.ts';
import { writePhone } from './corpus/notation.ts';
import { skeletons } from './corpus/template.ts';
import { trainingExample } from './corpus/training.ts';

const execFileAsync = promisify(execFile);

/** Lower case, single spaces: how sentences are compared across pools. */
function norm(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Sentences of at least four words the template can produce (placeholders written as §). */
function sentences(template: string): string[] {
  return skeletons(template)
    .flatMap((s) => s.split(/(?<=[.!?])\s+|\n/))
    .map(norm)
    .filter((s) => s.split(' ').length >= 4);
}

const IBAN_IN_TEXT = /\bDE\d{2}(?: {0,2}\d{4}){4} {0,2}\d{2}\b/g;

describe('generate-corpus: phrasings', () => {
  it('has at least 40 cores per class and pool', () => {
    for (const type of REQUEST_TYPES) {
      for (const pool of POOLS) expect(PHRASINGS[type][pool].cores.length, `${type}/${pool}`).toBeGreaterThanOrEqual(40);
    }
  });

  it('keeps the pools disjoint: no shared core, subject or sentence', () => {
    const trainCores = new Set(REQUEST_TYPES.flatMap((t) => PHRASINGS[t].train.cores.map((c) => norm(c.text))));
    const trainSubjects = new Set(REQUEST_TYPES.flatMap((t) => PHRASINGS[t].train.subjects.map(norm)));
    const trainSentences = new Set(REQUEST_TYPES.flatMap((t) => [...PHRASINGS[t].train.cores.map((c) => c.text), ...PHRASINGS[t].train.addons].flatMap(sentences)));
    for (const type of REQUEST_TYPES) {
      const heldout = PHRASINGS[type].heldout;
      for (const core of heldout.cores) {
        expect(trainCores.has(norm(core.text)), core.text).toBe(false);
        for (const sentence of sentences(core.text)) expect(trainSentences.has(sentence), sentence).toBe(false);
      }
      for (const subject of heldout.subjects) expect(trainSubjects.has(norm(subject)), subject).toBe(false);
      for (const addon of heldout.addons) for (const sentence of sentences(addon)) expect(trainSentences.has(sentence), sentence).toBe(false);
    }
  });

  it('fills every core of both pools without error', () => {
    const rng = new Rng(3);
    for (const type of REQUEST_TYPES) {
      for (const pool of POOLS) {
        for (let i = 0; i < PHRASINGS[type][pool].cores.length * 3; i++) {
          const example = trainingExample(rng, type, pool, 1);
          expect(example.text.length).toBeGreaterThan(10);
        }
      }
    }
  });
});

describe('generate-corpus: training corpus', () => {
  let corpus: TrainingExample[] = [];
  let clean: TrainingExample[] = [];
  beforeAll(() => {
    corpus = generateTrainingCorpus({ seed: 11, count: 2000 });
    clean = generateTrainingCorpus({ seed: 12, count: 2000, noise: 0 });
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateTrainingCorpus({ seed: 11, count: 2000 });
    expect(toJsonl(again)).toBe(toJsonl(corpus));
    expect(toJsonl(generateTrainingCorpus({ seed: 13, count: 2000 }))).not.toBe(toJsonl(corpus));
  });

  it('writes valid JSONL lines with valid labels', () => {
    const lines = toJsonl(corpus).trimEnd().split('\n');
    expect(lines).toHaveLength(2000);
    for (const line of lines) {
      const parsed = JSON.parse(line) as { text: unknown; label: unknown; secondary: unknown };
      expect(typeof parsed.text).toBe('string');
      expect(isRequestType(parsed.label)).toBe(true);
      expect(Array.isArray(parsed.secondary)).toBe(true);
      for (const s of parsed.secondary as unknown[]) {
        expect(isRequestType(s)).toBe(true);
        expect(s).not.toBe(parsed.label);
      }
    }
  });

  it('covers every class with realistic, unequal priors', () => {
    const counts = new Map<string, number>();
    for (const e of corpus) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
    for (const type of REQUEST_TYPES) expect(counts.get(type) ?? 0, type).toBeGreaterThanOrEqual(100);
    expect(counts.get('cancellation')).toBeGreaterThan(counts.get('number_porting') as number);
    expect(corpus.filter((e) => e.secondary.length > 0).length).toBeGreaterThan(50);
    expect(new Set(corpus.map((e) => e.text)).size).toBe(corpus.length);
  });

  it('never uses a held-out core sentence in a training example', () => {
    const texts = clean.map((e) => norm(e.text));
    const pieces = new Set(
      REQUEST_TYPES.flatMap((t) => PHRASINGS[t].heldout.cores.flatMap((c) => sentences(c.text)))
        .flatMap((sentence) => sentence.split('§'))
        .map((piece) => piece.trim())
        .filter((piece) => piece.length >= 30),
    );
    expect(pieces.size).toBeGreaterThan(300);
    for (const piece of pieces) expect(texts.some((t) => t.includes(piece)), piece).toBe(false);
  });

  it('builds letters from disjoint parts of the material when asked: no core, add-on or frame sentence of another part', () => {
    const PARTS = 5;
    const parted = generateTrainingCorpus({ seed: 14, count: 1000, noise: 0, parts: PARTS });
    expect(new Set(parted.map((e) => e.group))).toEqual(new Set(Array.from({ length: PARTS }, (_, k) => `part/${k}`)));
    for (let k = 0; k < PARTS; k++) {
      const labels = new Set(parted.filter((e) => e.group === `part/${k}`).map((e) => e.label));
      expect(labels.size, `part ${k}`).toBe(REQUEST_TYPES.length);
    }
    const frame = FRAME_POOLS.train;
    const templates = [
      ...REQUEST_TYPES.flatMap((t) => [...PHRASINGS[t].train.cores.map((c) => c.text), ...PHRASINGS[t].train.addons]),
      ...frame.fillers, ...frame.background, ...frame.elderly, ...frame.angry, ...frame.business, ...frame.lawyer, ...frame.postscripts,
    ];
    // Long literal pieces of each template, kept only when all templates that contain them are in one part.
    const partsOfPiece = new Map<string, Set<number>>();
    for (const template of templates) {
      const pieces = sentences(template).flatMap((sentence) => sentence.split('§')).map((piece) => piece.trim()).filter((piece) => piece.length >= 40);
      for (const piece of pieces) partsOfPiece.set(piece, (partsOfPiece.get(piece) ?? new Set()).add(partOf(template, PARTS)));
    }
    const pieces = [...partsOfPiece].filter(([, set]) => set.size === 1).map(([piece, set]) => [piece, [...set][0]] as const);
    expect(pieces.length).toBeGreaterThan(500);
    let own = 0;
    for (const example of parted) {
      const text = norm(example.text);
      for (const [piece, part] of pieces) {
        if (!text.includes(piece)) continue;
        expect(`part/${part}`, piece).toBe(example.group);
        own += 1;
      }
    }
    expect(own).toBeGreaterThan(parted.length);
  });

  it('prints only valid IBANs', () => {
    const ibans = clean.flatMap((e) => e.text.match(IBAN_IN_TEXT) ?? []);
    expect(ibans.length).toBeGreaterThan(50);
    for (const iban of ibans) expect(isValidIban(iban), iban).toBe(true);
  });

  it('adds noise only when asked', () => {
    const missingUmlauts = /\b(fuer|Kuendigung|Gruessen|moechte|Grusse|Kundigung)\b/;
    const ocrMarks = /[»´°~|]/;
    expect(clean.some((e) => missingUmlauts.test(e.text))).toBe(false);
    expect(clean.some((e) => ocrMarks.test(e.text))).toBe(false);
    expect(corpus.filter((e) => missingUmlauts.test(e.text)).length).toBeGreaterThan(50);
    expect(corpus.filter((e) => ocrMarks.test(e.text)).length).toBeGreaterThan(50);
  });
});

interface CustomerRow {
  customerNumber: string;
  firstName: string;
  lastName: string;
  company: string;
  postalCode: string;
  phone: string;
  iban: string;
  birthDate: string;
  contractNumbers: string;
}

describe('generate-corpus: phone numbers', () => {
  const AREA_CODES = ['030', '089', '0221', '0351', '04651', '033971', '07531', '0208'];

  it('draws valid German numbers: mobile subscriber lengths by network, landlines with real area codes', () => {
    const rng = new Rng(11);
    for (let i = 0; i < 2000; i++) {
      const phone = drawPhone(rng, rng.pick(AREA_CODES));
      expect(isValidPhoneNumber(e164(phone)), e164(phone)).toBe(true);
      if (phone.mobile) expect(phone.subscriber).toHaveLength(mobileSubscriberLength(phone.prefix));
      expect(phone.prefix.length + phone.subscriber.length).toBeGreaterThanOrEqual(10);
      expect(phone.prefix.length + phone.subscriber.length).toBeLessThanOrEqual(12);
    }
    expect(mobileSubscriberLength('0151')).toBe(8);
    expect(mobileSubscriberLength('0171')).toBe(7);
  });

  it('writes each number in many notations, all of them the same number', () => {
    const rng = new Rng(12);
    const shapes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const phone = drawPhone(rng, rng.pick(AREA_CODES));
      const written = writePhone(rng, phone);
      shapes.add(written.replace(/\d+/g, '9'));
      expect(normalisePhone(written)?.e164, written).toBe(e164(phone));
    }
    // National, slash, dash, brackets, pairs, +49, 0049, grouped mobiles, DIN 5008 extensions.
    expect(shapes.size).toBeGreaterThanOrEqual(20);
    for (const shape of ['9-9-9', '(9) 9 9 9-9', '+9 9 9', '+9 (9)9 9', '9 9 9 9', '9 9-9']) expect([...shapes], shape).toContain(shape);
  });
});

describe('generate-corpus: evaluation set', () => {
  const COUNT = 16;
  let outDir = '';
  let set: EvaluationSet;
  let rows: CustomerRow[] = [];
  let csvText = '';

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'poststelle-corpus-test-'));
    set = await generateEvaluationSet({ outDir, seed: 5, count: COUNT, customers: 400 });
    csvText = await readFile(path.join(outDir, 'customers.csv'), 'utf8');
    rows = parse(csvText, { columns: true, skip_empty_lines: true }) as CustomerRow[];
  }, 120_000);

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('writes every document in a supported format', async () => {
    expect(set.labels).toHaveLength(COUNT);
    const magic: Record<string, (b: Buffer) => boolean> = {
      pdf: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
      png: (b) => b.subarray(1, 4).toString('latin1') === 'PNG',
      jpg: (b) => b[0] === 0xff && b[1] === 0xd8,
      tif: (b) => ['II*\0', 'MM\0*'].includes(b.subarray(0, 4).toString('latin1')),
    };
    for (const label of set.labels) {
      const file = path.join(outDir, label.file);
      expect((await stat(file)).size).toBeGreaterThan(500);
      const ext = path.extname(file).slice(1);
      expect(magic[ext]?.(await readFile(file)), label.file).toBe(true);
    }
    const kinds = new Set(set.labels.map((l) => l.kind));
    expect(kinds.has('digital-pdf')).toBe(true);
    expect([...kinds].some((k) => k.startsWith('scan'))).toBe(true);
    expect([...kinds].some((k) => k.startsWith('fax'))).toBe(true);
  });

  it('writes labels.jsonl with one valid line per document', async () => {
    const lines = (await readFile(path.join(outDir, 'labels.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(COUNT);
    for (const line of lines) {
      const label = JSON.parse(line) as Record<string, unknown>;
      expect(isRequestType(label.requestType)).toBe(true);
      expect((label.secondaryRequestTypes as unknown[]).every(isRequestType)).toBe(true);
      expect(label.customerNumber === null || /^\d{10}$/.test(label.customerNumber as string)).toBe(true);
      const fields = label.fields as Record<string, string>;
      if (fields.iban) expect(isValidIban(fields.iban)).toBe(true);
      if (fields.phone) expect(isValidPhoneNumber(fields.phone), fields.phone).toBe(true);
      if (fields.desiredDate) expect(fields.desiredDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (fields.customerNumber) expect(fields.customerNumber).toMatch(/^\d{10}$/);
      // The receipt date the evaluation resolves "zum 31.03." against: an ISO instant in the letters' period.
      expect(new Date(label.receivedAt as string).toISOString()).toBe(label.receivedAt);
      expect((label.receivedAt as string) >= '2025-10-01').toBe(true);
    }
  });

  it('writes customers.csv in the contract format with every true sender and no non-customer', () => {
    expect(csvText.split('\n')[0]).toBe(CUSTOMER_CSV_HEADER);
    expect(rows).toHaveLength(400);
    const byNumber = new Map(rows.map((r) => [r.customerNumber, r]));
    expect(byNumber.size).toBe(rows.length);
    for (const r of rows) {
      expect(r.customerNumber).toMatch(/^\d{10}$/);
      expect(r.phone).toMatch(/^\+49\d+$/);
      expect(isValidPhoneNumber(r.phone), r.phone).toBe(true);
      expect(isValidIban(r.iban)).toBe(true);
      expect(r.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.contractNumbers.length).toBeGreaterThan(0);
    }
    for (const label of set.labels) {
      const fields = label.fields;
      if (label.customerNumber !== null) {
        expect(byNumber.has(label.customerNumber), label.file).toBe(true);
        if (fields.contractNumber) expect(byNumber.get(label.customerNumber)?.contractNumbers.split(';')).toContain(fields.contractNumber);
        if (fields.customerNumber && fields.customerNumber !== label.customerNumber) expect(byNumber.has(fields.customerNumber)).toBe(false);
      } else {
        const sameSender = rows.filter(
          (r) => (fields.company && r.company === fields.company) || (r.lastName === fields.lastName && r.firstName === fields.firstName && r.postalCode === fields.postalCode),
        );
        expect(sameSender, label.file).toEqual([]);
      }
    }
  });

  it('plans the same set for the same seed', () => {
    const a = planEvaluationSet(9, 30, 200);
    const b = planEvaluationSet(9, 30, 200);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(planEvaluationSet(10, 30, 200))).not.toBe(JSON.stringify(a));
  });

  it('mixes the hard cases into a larger plan', () => {
    const plan = planEvaluationSet(1, 200, 2000);
    const scenarios = plan.documents.flatMap((d) => d.scenarios);
    const share = (s: string) => scenarios.filter((x) => x === s).length / plan.documents.length;
    expect(share('non_customer')).toBeGreaterThan(0.05);
    expect(share('non_customer')).toBeLessThan(0.2);
    expect(share('typo_customer_number')).toBeGreaterThan(0.01);
    for (const s of ['lawyer', 'household_member', 'similar_surname', 'business', 'no_customer_number']) expect(scenarios, s).toContain(s);
    expect(plan.customers).toHaveLength(2000);
    const raster = plan.documents.filter((d) => d.kind !== 'digital-pdf').length / plan.documents.length;
    expect(raster).toBeGreaterThan(0.2);
    expect(raster).toBeLessThan(0.4);
  });
});

describe('generate-corpus: command line', () => {
  it('writes a training file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'poststelle-corpus-cli-'));
    try {
      const out = path.join(dir, 'train.jsonl');
      await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/generate-corpus.ts', 'train', '--out', out, '--seed', '3', '--count', '40']);
      const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(40);
      expect(isRequestType((JSON.parse(lines[0] as string) as { label: unknown }).label)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
