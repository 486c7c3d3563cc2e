import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHostileInputs, type HostileInput } from '../../../scripts/fixtures/hostile-inputs.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { quarantineCodes } from '../shared/errors.ts';

/**
 * The hostile corpus (scripts/fixtures/hostile-inputs.ts) through the real intake and pipeline:
 * every file ends in quarantine with its own code, the original stays in the blob store, nothing
 * lands outside the data dir, and memory (this process and its children) stays under 1 GB.
 */
const maxFileBytes = 8 * 1024 * 1024;
const memoryBound = 1024 * 1024 * 1024;

/** Resident memory of this process plus all its descendants (tesseract, poppler, qpdf), from /proc. */
function treeRss(): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // the process ended while we looked
    }
  }
  let total = process.memoryUsage.rss();
  const pending = [...(children.get(process.pid) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    total += rss.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

describe('hostile input corpus', () => {
  let app: TestApp;
  let inputs: HostileInput[];
  let peakRss = 0;
  let sampler: NodeJS.Timeout;
  const outcomes = new Map<string, { status: string; code: string | null; id: string }>();

  beforeAll(async () => {
    sampler = setInterval(() => {
      peakRss = Math.max(peakRss, treeRss());
    }, 50);
    app = await createTestApp({ maxFileBytes });
    await app.pipeline.startWorkers();
    inputs = await buildHostileInputs({ maxFileBytes, seed: 6006 });
    const runId = await app.intake.startRun('default');
    const ids: { input: HostileInput; id: string }[] = [];
    for (const input of inputs) {
      const outcome = await app.intake.ingest({
        bytes: input.bytes,
        source: input.name,
        originalName: input.name,
        channel: 'auto',
        receivedAt: new Date('2026-12-07T08:00:00Z'),
        tenantId: 'default',
        runId,
      });
      ids.push({ input, id: outcome.documentId });
    }
    await app.documents.waitUntilFinal(
      ids.map((entry) => entry.id),
      () => undefined,
    );
    for (const { input, id } of ids) {
      const row = await app.db.selectFrom('documents').select(['status', 'error_code']).where('id', '=', id).executeTakeFirstOrThrow();
      outcomes.set(input.name, { status: row.status, code: row.error_code, id });
    }
    await app.intake.finishRun(runId);
    peakRss = Math.max(peakRss, treeRss());
  }, 600_000);

  afterAll(async () => {
    clearInterval(sampler);
    process.stderr.write(`hostile corpus: ${inputs?.length ?? 0} files, peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB\n`);
    await app?.cleanup();
  });

  it('quarantines every file with its expected, documented code', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(25);
    const wrong = inputs
      .map((input) => ({ name: input.name, expected: input.expectedCode, got: outcomes.get(input.name) }))
      .filter((entry) => entry.got?.status !== 'quarantined' || entry.got.code !== entry.expected);
    expect(wrong).toEqual([]);
    for (const input of inputs) expect(quarantineCodes).toContain(input.expectedCode);
    // Each kind of hostility has its own code, not one catch-all.
    expect(new Set(inputs.map((input) => input.expectedCode)).size).toBeGreaterThanOrEqual(12);
  });

  it('keeps every original, byte for byte, in the blob store', async () => {
    for (const input of inputs) {
      const outcome = outcomes.get(input.name);
      const row = await app.db.selectFrom('documents').select(['original_key', 'original_name', 'size_bytes']).where('id', '=', outcome?.id ?? '').executeTakeFirstOrThrow();
      // PostgreSQL text cannot hold NUL: intake keeps U+FFFD in its place.
      expect(row.original_name).toBe(input.name.replaceAll('\u0000', '\uFFFD'));
      expect(row.size_bytes).toBe(input.bytes.length);
      const stored = await app.blobs.get(row.original_key);
      expect(stored.equals(input.bytes)).toBe(true);
    }
  });

  it('writes nothing at the places a traversal name points to', () => {
    const traversal = inputs.filter((input) => input.name.includes('..'));
    expect(traversal.length).toBeGreaterThan(0);
    for (const input of traversal) {
      for (const base of [app.workDir, path.join(app.workDir, 'blobs'), process.cwd(), os.tmpdir()]) {
        const target = path.resolve(base, input.name);
        if (target === path.resolve('/etc/passwd.pdf') || !target.startsWith(app.workDir)) expect(fs.existsSync(target)).toBe(false);
      }
    }
    expect(fs.existsSync('/etc/passwd.pdf')).toBe(false);
    // Everything the installation wrote is inside its data dir.
    const written = fs.readdirSync(app.workDir, { recursive: true }) as string[];
    expect(written.some((file) => file.includes('passwd'))).toBe(false);
  });

  it('stays within 1 GB of resident memory, children included', () => {
    expect(peakRss).toBeGreaterThan(0);
    expect(peakRss).toBeLessThan(memoryBound);
  });
});
