import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDigitalBatch, type BatchTruth } from '../../scripts/fixtures/batches.ts';
import { createTestConfig } from '../../test/test-app.ts';

/**
 * `ingest --wait --json` on a scanner batch (the contract line): one line per
 * resulting document, same source, increasing batchIndex. The batch is
 * born-digital (letters with a text layer between separator sheets), so no OCR.
 */
describe('poststelle ingest of a batch with separator sheets (separate process)', () => {
  let env: NodeJS.ProcessEnv;
  let workDir: string;
  let dropDatabase: () => Promise<void>;
  let truth: BatchTruth;
  let batchFile: string;

  beforeAll(async () => {
    const test = await createTestConfig();
    workDir = test.workDir;
    dropDatabase = test.dropDatabase;
    env = { ...process.env, DATABASE_URL: test.config.databaseUrl ?? '', POSTSTELLE_DATA_DIR: path.join(workDir, 'data'), POSTSTELLE_LOG_LEVEL: 'error' };
    batchFile = path.join(workDir, 'Stapel-2026-12-03.pdf');
    truth = await writeDigitalBatch(77, 3, 'qr', batchFile);
  }, 120_000);

  afterAll(async () => {
    await dropDatabase?.();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('prints one line per document in batchIndex order, each with only its pages', async () => {
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.resolve('bin/poststelle.js'), 'ingest', batchFile, '--wait', '--json', '--channel', 'scan', '--received-at', '2026-12-03T08:00:00Z'], { env, cwd: workDir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { id: string; source: string; batchIndex: number; pages: number; status: string; text: string; receivedAt: string });
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => line.batchIndex)).toEqual([0, 1, 2]);
    expect(new Set(lines.map((line) => line.id)).size).toBe(3);
    lines.forEach((line, index) => {
      const document = truth.documents[index];
      expect(line.source).toBe(batchFile);
      expect(line.receivedAt).toBe('2026-12-03T08:00:00.000Z');
      expect(line.pages).toBe(document?.pages.length);
      expect(['routed', 'needs_review']).toContain(line.status);
      expect(line.text).toContain(document?.lastName);
      for (const other of truth.documents.filter((_, otherIndex) => otherIndex !== index)) expect(line.text).not.toContain(other.lastName);
      expect(line.text).not.toMatch(/TRENNBLATT|DOKUMENTTRENNER/i);
    });
  });
});
