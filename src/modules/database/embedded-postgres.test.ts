import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterDirFor, stopEmbeddedPostgres } from './embedded-postgres.ts';

/**
 * Several CLI processes started at once on a fresh data dir: the first starts
 * the embedded PostgreSQL, the others reuse it — never two servers.
 */
describe('embedded PostgreSQL shared by processes', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pst-embedded-'));
  const env: NodeJS.ProcessEnv = { ...process.env, POSTSTELLE_LOG_LEVEL: 'error' };
  delete env.DATABASE_URL;

  afterAll(async () => {
    await stopEmbeddedPostgres(dataDir);
    // The cluster may live outside the data dir when the data dir is private (mkdtemp makes it 0700).
    fs.rmSync(clusterDirFor(dataDir), { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const migrate = () =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.resolve('bin/poststelle.js'), '--data-dir', dataDir, 'db', 'migrate'], { env });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });

  it('starts one server for three concurrent processes and keeps it for later ones', async () => {
    const results = await Promise.all([migrate(), migrate(), migrate()]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const state = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres.json'), 'utf8')) as { port: number };
    const postmasters = execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((line) => /postgres -D /.test(line) && line.includes(`-p ${state.port}`));
    expect(postmasters).toHaveLength(1);

    // The processes that started it have exited; the server stays up for the next one.
    const again = await migrate();
    expect(again.code, again.stderr).toBe(0);
    const stillOne = execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((line) => /postgres -D /.test(line) && line.includes(`-p ${state.port}`));
    expect(stillOne).toHaveLength(1);
  });
});
