import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsersService } from '../../modules/auth/users.service.ts';
import { connectDatabase, type DatabaseHandle } from '../../modules/database/database.ts';
import { demoPassword, demoUsers, ensureDemoUsers } from '../../modules/auth/demo.users.ts';
import { createTestConfig } from '../../../test/test-app.ts';

const cliPath = path.resolve('bin/poststelle.js');

describe('poststelle users (separate processes)', () => {
  let env: NodeJS.ProcessEnv;
  let workDir: string;
  let dropDatabase: () => Promise<void>;
  let database: DatabaseHandle;

  function run(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cliPath, ...args], { env, cwd: workDir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdin.end(stdin ?? '');
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  beforeAll(async () => {
    const test = await createTestConfig();
    workDir = test.workDir;
    dropDatabase = test.dropDatabase;
    env = { ...process.env, DATABASE_URL: test.config.databaseUrl ?? '', POSTSTELLE_DATA_DIR: path.join(workDir, 'data'), POSTSTELLE_LOG_LEVEL: 'error' };
    database = connectDatabase(test.config.databaseUrl ?? '', { maxConnections: 2 });
  });

  afterAll(async () => {
    await database?.close();
    await dropDatabase?.();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('adds accounts with a password from stdin or a generated one, and lists them', async () => {
    const added = await run(['users', 'add', '--username', 'sabine.wöhler', '--role', 'supervisor', '--display-name', 'Sabine Wöhler', '--password-stdin', '--json'], 'Herbstlaub-über-Lübeck\n');
    expect(added.code, added.stderr).toBe(0);
    const created = JSON.parse(added.stdout) as Record<string, unknown>;
    expect(created).toMatchObject({ username: 'sabine.wöhler', displayName: 'Sabine Wöhler', role: 'supervisor', tenantId: 'default' });
    expect(created).not.toHaveProperty('password');
    const users = createUsersService({ db: database.db });
    expect((await users.verifyCredentials('default', 'Sabine.Wöhler', 'Herbstlaub-über-Lübeck'))?.role).toBe('supervisor');

    const generated = await run(['--tenant', 'stadtwerke-nord', 'users', 'add', '--username', 'o.kowalski', '--role', 'agent']);
    expect(generated.code, generated.stderr).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(generated.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await users.verifyCredentials('stadtwerke-nord', 'o.kowalski', password))?.tenantId).toBe('stadtwerke-nord');

    const list = await run(['users', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const rows = list.stdout.trim().split('\n').map((line) => JSON.parse(line) as { username: string; role: string });
    expect(rows.map((row) => [row.username, row.role])).toContainEqual(['sabine.wöhler', 'supervisor']);
    expect(rows.map((row) => row.username)).not.toContain('o.kowalski');
    expect(list.stdout).not.toMatch(/scrypt|Herbstlaub/);
  });

  it('refuses a taken username, an unknown role and a short password with exit code 1', async () => {
    await createUsersService({ db: database.db }).create({ tenantId: 'default', username: 'jürgen.böhm', displayName: 'Jürgen Böhm', password: 'Herbstlaub-über-Lübeck', role: 'agent' });
    const duplicate = await run(['users', 'add', '--username', 'JÜRGEN.BÖHM', '--role', 'agent', '--password-stdin'], 'Noch-ein-Passwort-42');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('users.username_taken');
    const badRole = await run(['users', 'add', '--username', 'x.muster', '--role', 'chef']);
    expect(badRole.code).toBe(1);
    const shortPassword = await run(['users', 'add', '--username', 'x.muster', '--role', 'agent', '--password-stdin'], 'kurz');
    expect(shortPassword.code).toBe(1);
  });

  it('sets a new password from the shell', async () => {
    const users = createUsersService({ db: database.db });
    await users.create({ tenantId: 'default', username: 'ralf.ostermann', displayName: 'Ralf Ostermann', password: 'Herbstlaub-über-Lübeck', role: 'admin' });
    const reset = await run(['users', 'set-password', '--username', 'Ralf.Ostermann', '--password-stdin'], 'Winterreifen-Wechsel-2027\n');
    expect(reset.code, reset.stderr).toBe(0);
    expect(await users.verifyCredentials('default', 'ralf.ostermann', 'Herbstlaub-über-Lübeck')).toBeNull();
    expect((await users.verifyCredentials('default', 'ralf.ostermann', 'Winterreifen-Wechsel-2027'))?.username).toBe('ralf.ostermann');
    expect((await run(['users', 'set-password', '--username', 'niemand', '--password-stdin'], 'Irgendein-Passwort-1')).code).toBe(1);
  });

  it('creates the demo accounts once and leaves them alone on the next start', async () => {
    expect((await ensureDemoUsers({ db: database.db, tenantId: 'default' })).created).toEqual(['admin', 'supervisor', 'agent', 'auditor']);
    const users = createUsersService({ db: database.db });
    const admin = (await users.list('default')).find((user) => user.username === 'admin');
    await users.update('default', admin?.id ?? '', { password: 'Vom-Admin-geaendert-1' });
    expect((await ensureDemoUsers({ db: database.db, tenantId: 'default' })).created).toEqual([]);
    expect(await users.verifyCredentials('default', 'admin', demoPassword)).toBeNull();
    for (const user of demoUsers.filter((candidate) => candidate.username !== 'admin')) {
      expect((await users.verifyCredentials('default', user.username, demoPassword))?.role).toBe(user.role);
    }
  });
});
