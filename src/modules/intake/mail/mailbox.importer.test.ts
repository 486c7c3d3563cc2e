import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/test-app.ts';
import { startImapServer, type ImapTestServer } from '../../../../test/imap-server.ts';
import { generateBulkEmails, generateEmailSet, type GeneratedEmail } from '../../../../scripts/fixtures/emails.ts';
import { createLogger } from '../../shared/logger.ts';
import type { MailboxConfig } from './mailbox.config.ts';
import { createMailboxImporter, type MailboxImporter, type MailboxSyncResult } from './mailbox.importer.ts';
import { watchMailboxes } from './mailbox.watcher.ts';

/**
 * IMAP import against a real dovecot on 127.0.0.1 (started here, stopped in
 * afterAll): exactly once per (mailbox, UIDVALIDITY, UID) and per Message-ID,
 * marking on the server, a crash before marking, moving, IDLE, and a mailbox
 * of 200 messages (1 000 with `npm run test:imap-bulk`) whose import process is killed half-way and run again.
 */
const cliPath = path.resolve('bin/poststelle.js');

function mailbox(server: ImapTestServer, name: string, user: string, overrides: Partial<MailboxConfig> = {}): MailboxConfig {
  return {
    name,
    tenant: 'default',
    host: server.host,
    port: server.port,
    tls: false,
    user,
    passwordEnv: `PST_TEST_IMAP_${user.toUpperCase()}`,
    folder: 'INBOX',
    afterImport: 'flag',
    keyword: '$Poststelle',
    pollSeconds: 300,
    idle: true,
    ...overrides,
  };
}

describe('IMAP import (dovecot)', () => {
  let server: ImapTestServer;
  let app: TestApp;
  let importer: MailboxImporter;
  let emails: GeneratedEmail[];
  const env: NodeJS.ProcessEnv = { ...process.env };

  async function client(user: string): Promise<ImapFlow> {
    const connection = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user, pass: `pw-${user}` }, logger: false });
    await connection.connect();
    return connection;
  }

  async function withClient<T>(user: string, work: (connection: ImapFlow) => Promise<T>): Promise<T> {
    const connection = await client(user);
    try {
      return await work(connection);
    } finally {
      await connection.logout();
    }
  }

  async function addUser(user: string) {
    await server.addUser(user, `pw-${user}`);
    env[`PST_TEST_IMAP_${user.toUpperCase()}`] = `pw-${user}`;
  }

  async function append(user: string, messages: Buffer[], folder = 'INBOX') {
    await withClient(user, async (connection) => {
      for (const message of messages) await connection.append(folder, message);
    });
  }

  async function searchUids(user: string, query: Record<string, unknown>, folder = 'INBOX'): Promise<number[]> {
    return withClient(user, async (connection) => {
      const lock = await connection.getMailboxLock(folder);
      try {
        return ((await connection.search(query, { uid: true })) || []).sort((a, b) => a - b);
      } finally {
        lock.release();
      }
    });
  }

  beforeAll(async () => {
    server = await startImapServer();
    app = await createTestApp();
    importer = createMailboxImporter({ db: app.db, intake: app.intake, logger: app.logger, env });
    emails = await generateEmailSet({ seed: 11, rounds: 1 });
  }, 120_000);

  afterAll(async () => {
    await app?.cleanup();
    await server?.stop();
  });

  it('imports each message once, marks it \\Seen + $Poststelle, and takes a Message-ID again only as a duplicate', async () => {
    await addUser('service');
    const box = mailbox(server, 'service', 'service');
    const original = emails[0];
    if (!original) throw new Error('no e-mails');
    // The same message delivered a second time (other transport headers, new UID).
    const redelivered = Buffer.concat([Buffer.from('Delivered-To: kundenservice@fernmeldewerk.example\r\n', 'latin1'), original.bytes]);
    await append('service', [...emails.map((email) => email.bytes), redelivered]);

    const first = await importer.syncOnce(box);
    expect(first).toMatchObject({ candidates: emails.length + 1, imported: emails.length, duplicates: 1, alreadyImported: 0, marked: emails.length + 1, skipped: false });
    expect(await searchUids('service', { unKeyword: '$Poststelle' })).toEqual([]);
    expect(await searchUids('service', { unseen: true })).toEqual([]);

    const documents = await app.db
      .selectFrom('documents')
      .innerJoin('email_messages', 'email_messages.document_id', 'documents.id')
      .select(['documents.channel', 'documents.source', 'documents.received_at', 'email_messages.message_id', 'email_messages.mailbox', 'email_messages.uid', 'email_messages.uidvalidity'])
      .where('email_messages.mailbox', '=', 'service')
      .execute();
    expect(documents.map((row) => row.message_id).sort()).toEqual(emails.map((email) => email.messageId).sort());
    for (const row of documents) {
      expect(row.channel).toBe('email');
      expect(row.source).toMatch(new RegExp(`^imap://service@127\\.0\\.0\\.1:${server.port}/INBOX;UIDVALIDITY=${first.uidValidity}/;UID=${row.uid}$`));
      const email = emails.find((candidate) => candidate.messageId === row.message_id);
      expect(new Date(row.received_at).toISOString()).toBe(email?.date.toISOString());
    }
    const ledger = await app.db.selectFrom('mailbox_imports').selectAll().where('mailbox', '=', 'service').orderBy('uid').execute();
    expect(ledger).toHaveLength(emails.length + 1);
    expect(ledger.every((row) => row.marked_at !== null)).toBe(true);
    const duplicate = ledger.find((row) => row.duplicate_of !== null);
    const firstDocument = documents.find((row) => row.message_id === original.messageId);
    expect(duplicate?.message_id).toBe(original.messageId);
    expect(duplicate?.document_id).toBeNull();
    expect(Number(duplicate?.uid)).toBeGreaterThan(Number(firstDocument?.uid));

    const again = await importer.syncOnce(box);
    expect(again).toMatchObject({ candidates: 0, imported: 0, duplicates: 0 });
  });

  it('only marks a message that was stored before a crash kept it from being marked', async () => {
    const box = mailbox(server, 'service', 'service');
    const [uid] = await searchUids('service', { all: true });
    // What the server looks like when the process died between storing and marking.
    await withClient('service', async (connection) => {
      const lock = await connection.getMailboxLock('INBOX');
      try {
        await connection.messageFlagsRemove(String(uid), ['\\Seen', '$Poststelle'], { uid: true });
      } finally {
        lock.release();
      }
    });
    const before = await app.db.selectFrom('documents').select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
    const result = await importer.syncOnce(box);
    expect(result).toMatchObject({ candidates: 1, imported: 0, duplicates: 0, alreadyImported: 1, marked: 1 });
    const after = await app.db.selectFrom('documents').select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
    expect(after.count).toBe(before.count);
    expect(await searchUids('service', { unKeyword: '$Poststelle' })).toEqual([]);
  });

  it('moves imported messages when the mailbox is configured to, and a message in a second mailbox is a duplicate', async () => {
    await addUser('vertrieb');
    const box = mailbox(server, 'vertrieb', 'vertrieb', { afterImport: 'move', moveTo: 'Poststelle/Archiv' });
    const fresh = generateBulkEmails({ seed: 23, count: 3 });
    const known = emails[1];
    if (!known) throw new Error('no e-mails');
    await append('vertrieb', [...fresh.map((email) => email.bytes), known.bytes]);
    const result = await importer.syncOnce(box);
    expect(result).toMatchObject({ imported: 3, duplicates: 1, marked: 4 });
    expect(await searchUids('vertrieb', { all: true })).toEqual([]);
    const folders = await withClient('vertrieb', (connection) => connection.list());
    const archive = folders.find((folder) => folder.name === 'Archiv' && folder.path.startsWith('Poststelle'));
    expect(archive).toBeDefined();
    expect(await searchUids('vertrieb', { all: true }, archive?.path)).toHaveLength(4);
  });

  it('picks up new mail through IDLE while watching', async () => {
    await addUser('idle');
    const box = mailbox(server, 'idle', 'idle', { pollSeconds: 3600 });
    // Warnings of the watcher go to stderr: a failing IDLE test should say why.
    const logger = createLogger('warn');
    const watchers = watchMailboxes({ importer: createMailboxImporter({ db: app.db, intake: app.intake, logger, env }), mailboxes: [box], logger });
    try {
      // The first pass finds nothing; the poll interval is an hour, so only IDLE can bring the next message in.
      const [message] = generateBulkEmails({ seed: 31, count: 1 });
      if (!message) throw new Error('no e-mail');
      let imported = 0;
      for (let attempt = 0; attempt < 300 && imported === 0; attempt += 1) {
        if (attempt === 10) await append('idle', [message.bytes]);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const row = await app.db.selectFrom('mailbox_imports').select(sql<number>`count(*)::int`.as('count')).where('mailbox', '=', 'idle').executeTakeFirstOrThrow();
        imported = row.count;
      }
      expect(imported).toBe(1);
    } finally {
      await watchers.stop();
    }
  }, 120_000);

  // 200 messages in the normal run (2 loaded cores); `npm run test:imap-bulk` runs the full 1 000.
  const bulkSize = Number.parseInt(process.env.POSTSTELLE_IMAP_BULK ?? '200', 10);
  const killAfter = Math.round(bulkSize * 0.4);

  it(`imports a mailbox of ${bulkSize} messages exactly once although the first import is killed half-way`, async () => {
    await addUser('bulk');
    const bulk = generateBulkEmails({ seed: 1000, count: bulkSize });
    await append('bulk', bulk.map((email) => email.bytes));
    const box = mailbox(server, 'bulk', 'bulk');
    await fs.writeFile(path.join(app.config.dataDir, 'mailboxes.json'), JSON.stringify({ mailboxes: [box] }));
    const cliEnv = { ...env, DATABASE_URL: app.config.databaseUrl ?? '', POSTSTELLE_DATA_DIR: app.config.dataDir, POSTSTELLE_LOG_LEVEL: 'error' };
    const count = async (): Promise<number> =>
      (await app.db.selectFrom('mailbox_imports').select(sql<number>`count(*)::int`.as('count')).where('mailbox', '=', 'bulk').executeTakeFirstOrThrow()).count;

    const run = (killAt: number | null) =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cliPath, 'mail', 'sync', '--mailbox', 'bulk', '--once', '--json', '--batch-size', '20'], { env: cliEnv, cwd: app.workDir });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        let timer: NodeJS.Timeout | null = null;
        if (killAt !== null) {
          const check = async () => {
            if (child.exitCode !== null) return;
            if ((await count()) >= killAt) child.kill('SIGKILL');
            else timer = setTimeout(check, 50);
          };
          timer = setTimeout(check, 50);
        }
        child.on('close', (code, signal) => {
          if (timer) clearTimeout(timer);
          resolve({ code, signal, stdout, stderr });
        });
      });

    const killed = await run(killAfter);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const afterKill = await count();
    expect(afterKill).toBeGreaterThanOrEqual(killAfter);
    expect(afterKill).toBeLessThan(bulkSize);

    const rerun = await run(null);
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout.trim().split('\n').pop() ?? '{}') as MailboxSyncResult;
    expect(summary.imported).toBe(bulkSize - afterKill);
    expect(summary.imported + summary.alreadyImported).toBe(summary.candidates);
    process.stderr.write(`[imap] second pass: ${summary.imported} imported + ${summary.alreadyImported} marked only in ${summary.durationMs} ms\n`);

    const documents = await app.db
      .selectFrom('documents')
      .innerJoin('email_messages', 'email_messages.document_id', 'documents.id')
      .select([sql<number>`count(*)::int`.as('documents'), sql<number>`count(distinct email_messages.message_id)::int`.as('messageIds')])
      .where('email_messages.mailbox', '=', 'bulk')
      .executeTakeFirstOrThrow();
    expect(documents).toEqual({ documents: bulkSize, messageIds: bulkSize });
    const duplicates = await app.db
      .selectFrom('documents')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('source', 'like', `imap://bulk@%`)
      .where('status', '=', 'duplicate')
      .executeTakeFirstOrThrow();
    expect(duplicates.count).toBe(0);
    expect(await count()).toBe(bulkSize);
    expect(await searchUids('bulk', { unKeyword: '$Poststelle' })).toEqual([]);
  }, 600_000);
});
