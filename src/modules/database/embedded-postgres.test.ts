import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterDirFor, memorySettings, stopEmbeddedPostgres } from './embedded-postgres.ts';

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

describe('embedded PostgreSQL memory settings', () => {
  const gib = 1024 ** 3;
  const setting = (flags: string[], name: string) => flags.find((flag) => flag.startsWith(`${name}=`))?.split('=')[1];

  it('gives shared buffers a quarter of the RAM, at least 128 MB and at most 4 GB', () => {
    expect(setting(memorySettings(24 * gib, undefined), 'shared_buffers')).toBe('4096MB');
    expect(setting(memorySettings(8 * gib, undefined), 'shared_buffers')).toBe('2048MB');
    expect(setting(memorySettings(gib / 4, undefined), 'shared_buffers')).toBe('128MB');
    expect(setting(memorySettings(8 * gib, undefined), 'effective_cache_size')).toBe('4096MB');
    expect(setting(memorySettings(8 * gib, undefined), 'max_wal_size')).toBe('4GB');
  });

  it('takes a well-formed override and ignores anything else', () => {
    expect(setting(memorySettings(24 * gib, '1GB'), 'shared_buffers')).toBe('1GB');
    expect(setting(memorySettings(24 * gib, '512MB'), 'shared_buffers')).toBe('512MB');
    expect(setting(memorySettings(24 * gib, 'lots; drop'), 'shared_buffers')).toBe('4096MB');
  });
});
