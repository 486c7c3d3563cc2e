import { ImapFlow } from 'imapflow';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../database/database.types.ts';
import { createError } from '../../shared/errors.ts';
import { createEmailRepository } from '../email/email.repository.ts';
import { normaliseMessageId } from '../email/email.parser.ts';
import type { IntakeService } from '../intake.service.ts';
import { mailboxPassword, type MailboxConfig } from './mailbox.config.ts';

export interface MailboxSyncResult {
  mailbox: string;
  tenant: string;
  uidValidity: number;
  /** Messages the server listed as not yet taken. */
  candidates: number;
  imported: number;
  /** The same Message-ID was already a document (re-delivered under a new UID, or in another mailbox). */
  duplicates: number;
  /** Stored by an earlier run that stopped before marking them on the server. */
  alreadyImported: number;
  marked: number;
  /** Another process held the mailbox: nothing done. */
  skipped: boolean;
  durationMs: number;
}

export interface SyncOptions {
  /** Messages fetched and imported per round trip; marking on the server follows each batch. */
  batchSize?: number;
  /** Stop after this many candidates (the rest waits for the next run). */
  maxMessages?: number;
  signal?: AbortSignal;
}

/** imapflow says only "Command failed"; the server's answer is what an operator needs. */
function describeImapError(error: unknown): string {
  const details = error as { message?: string; responseText?: string; serverResponseCode?: string; executedCommand?: string };
  return [details.message, details.serverResponseCode, details.responseText, details.executedCommand?.slice(0, 120)].filter(Boolean).join(' — ');
}

/** RFC 5092-style address of one message: also the document's `source`. */
export function imapMessageUrl(mailbox: MailboxConfig, uidValidity: number, uid: number): string {
  return `imap://${encodeURIComponent(mailbox.user)}@${mailbox.host}:${mailbox.port}/${encodeURIComponent(mailbox.folder)};UIDVALIDITY=${uidValidity}/;UID=${uid}`;
}

/** The Message-ID from the header block, without parsing the whole message. */
export function peekMessageId(source: Buffer): string | null {
  const end = source.indexOf('\r\n\r\n') >= 0 ? source.indexOf('\r\n\r\n') : source.indexOf('\n\n');
  const head = source.subarray(0, end >= 0 ? end : Math.min(source.length, 64 * 1024)).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const line = /^message-id:[ \t]*(.*)$/im.exec(head);
  return normaliseMessageId(line?.[1] ?? null);
}

/**
 * Exactly-once import of an IMAP folder. Every message taken is recorded in
 * `mailbox_imports` keyed by (mailbox, UIDVALIDITY, UID) — in the same
 * transaction as its document (see email.repository.ts) — before it is marked
 * on the server (\Seen + keyword, or moved). So a crash between storing and
 * marking only leaves the marking to the next run, and a message whose
 * Message-ID is already a document (a new UID after a re-delivery, a new
 * UIDVALIDITY, a copy in another mailbox) is recorded as a duplicate of it,
 * without a second document. One process per mailbox at a time (advisory lock).
 */
export function createMailboxImporter({ db, intake, logger, env = process.env }: { db: Kysely<Database>; intake: IntakeService; logger: Logger; env?: NodeJS.ProcessEnv }) {
  const emails = createEmailRepository({ db });

  async function withMailboxLock<T>(mailbox: MailboxConfig, work: () => Promise<T>): Promise<T | null> {
    const key = `poststelle.mailbox:${mailbox.tenant}:${mailbox.name}`;
    return db.connection().execute(async (connection) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext(${key})) as locked`.execute(connection);
      if (!rows[0]?.locked) return null;
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(connection);
      }
    });
  }

  function connect(mailbox: MailboxConfig): ImapFlow {
    const client = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.tls,
      auth: { user: mailbox.user, pass: mailboxPassword(mailbox, env) },
      logger: false,
      disableAutoIdle: true,
    });
    // A dropped connection surfaces as a failed command; without a listener it would crash the process.
    client.on('error', (error: Error) => logger.warn({ mailbox: mailbox.name, err: error.message }, 'IMAP connection error'));
    return client;
  }

  async function ledgerFor(mailbox: MailboxConfig, uidValidity: number, uids: number[]): Promise<Set<number>> {
    const known = new Set<number>();
    for (let start = 0; start < uids.length; start += 1000) {
      const rows = await db
        .selectFrom('mailbox_imports')
        .select('uid')
        .where('tenant_id', '=', mailbox.tenant)
        .where('mailbox', '=', mailbox.name)
        .where('uidvalidity', '=', String(uidValidity))
        .where('uid', 'in', uids.slice(start, start + 1000).map(String))
        .execute();
      for (const row of rows) known.add(Number(row.uid));
    }
    return known;
  }

  async function record(mailbox: MailboxConfig, uidValidity: number, uid: number, values: { messageId: string | null; documentId: string | null; duplicateOf: string | null }) {
    await db
      .insertInto('mailbox_imports')
      .values({ tenant_id: mailbox.tenant, mailbox: mailbox.name, uidvalidity: uidValidity, uid, message_id: values.messageId, document_id: values.documentId, duplicate_of: values.duplicateOf })
      .onConflict((conflict) => conflict.columns(['tenant_id', 'mailbox', 'uidvalidity', 'uid']).doNothing())
      .execute();
  }

  async function importMessage(mailbox: MailboxConfig, uidValidity: number, uid: number, source: Buffer): Promise<'imported' | 'duplicate'> {
    const messageId = peekMessageId(source);
    const first = messageId ? await emails.findByMessageId(mailbox.tenant, messageId) : null;
    if (first) {
      await record(mailbox, uidValidity, uid, { messageId, documentId: null, duplicateOf: first });
      return 'duplicate';
    }
    const outcome = await intake.ingest({
      bytes: source,
      source: imapMessageUrl(mailbox, uidValidity, uid),
      originalName: `${mailbox.name}-${uidValidity}-${uid}.eml`,
      channel: 'email',
      receivedAt: new Date(),
      receivedAtGiven: false,
      tenantId: mailbox.tenant,
      runId: null,
      mailbox: { mailbox: mailbox.name, uidvalidity: uidValidity, uid },
    });
    // Normally written with the document; this covers duplicates by content and unparseable messages.
    await record(mailbox, uidValidity, uid, { messageId, documentId: outcome.documentId, duplicateOf: outcome.duplicateOf });
    return outcome.duplicateOf ? 'duplicate' : 'imported';
  }

  async function mark(client: ImapFlow, mailbox: MailboxConfig, uidValidity: number, uids: number[], moveTo: string | null): Promise<void> {
    if (uids.length === 0) return;
    const range = uids.join(',');
    if (moveTo !== null) {
      await client.messageMove(range, moveTo, { uid: true });
    } else {
      await client.messageFlagsAdd(range, ['\\Seen', mailbox.keyword], { uid: true });
    }
    await db
      .updateTable('mailbox_imports')
      .set({ marked_at: sql<Date>`now()` })
      .where('tenant_id', '=', mailbox.tenant)
      .where('mailbox', '=', mailbox.name)
      .where('uidvalidity', '=', String(uidValidity))
      .where('uid', 'in', uids.map(String))
      .execute();
  }

  /** `moveTo` is written with '/' between levels; servers use their own delimiter ('.' for dovecot's maildir). */
  async function resolveFolder(client: ImapFlow, folder: string): Promise<string> {
    const existing = await client.list();
    const delimiter = client.namespace?.delimiter ?? existing.find((entry) => entry.delimiter)?.delimiter ?? '/';
    const target = `${client.namespace?.prefix ?? ''}${folder.split('/').join(delimiter)}`;
    if (!existing.some((entry) => entry.path === target)) {
      const created = await client.mailboxCreate(target);
      return created.path;
    }
    return target;
  }

  return {
    /** One pass over the folder: import what is new, mark what was imported. */
    async syncOnce(mailbox: MailboxConfig, options: SyncOptions = {}): Promise<MailboxSyncResult> {
      const batchSize = options.batchSize ?? 50;
      const started = performance.now();
      const result: MailboxSyncResult = { mailbox: mailbox.name, tenant: mailbox.tenant, uidValidity: 0, candidates: 0, imported: 0, duplicates: 0, alreadyImported: 0, marked: 0, skipped: false, durationMs: 0 };
      await db.insertInto('tenants').values({ id: mailbox.tenant, name: mailbox.tenant }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
      const done = await withMailboxLock(mailbox, async () => {
        const client = connect(mailbox);
        try {
          await client.connect();
          const moveTo = mailbox.afterImport === 'move' && mailbox.moveTo ? await resolveFolder(client, mailbox.moveTo) : null;
          const lock = await client.getMailboxLock(mailbox.folder);
          try {
            const opened = client.mailbox;
            if (!opened) throw new Error(`folder ${mailbox.folder} could not be opened`);
            const uidValidity = Number(opened.uidValidity);
            result.uidValidity = uidValidity;
            const query = mailbox.afterImport === 'flag' ? { unKeyword: mailbox.keyword } : { all: true };
            const found = ((await client.search(query, { uid: true })) || []).sort((a, b) => a - b);
            const uids = options.maxMessages !== undefined ? found.slice(0, options.maxMessages) : found;
            result.candidates = uids.length;

            const known = await ledgerFor(mailbox, uidValidity, uids);
            const stored = uids.filter((uid) => known.has(uid));
            result.alreadyImported = stored.length;
            await mark(client, mailbox, uidValidity, stored, moveTo);
            result.marked += stored.length;

            const fresh = uids.filter((uid) => !known.has(uid));
            for (let start = 0; start < fresh.length; start += batchSize) {
              if (options.signal?.aborted) break;
              const batch = fresh.slice(start, start + batchSize);
              // Fetch the whole batch first: no other command may run while a FETCH streams.
              const messages = await client.fetchAll(batch.join(','), { uid: true, source: true }, { uid: true });
              const taken: number[] = [];
              for (const message of messages) {
                if (!message.source) continue;
                const outcome = await importMessage(mailbox, uidValidity, message.uid, message.source);
                if (outcome === 'imported') result.imported += 1;
                else result.duplicates += 1;
                taken.push(message.uid);
              }
              await mark(client, mailbox, uidValidity, taken, moveTo);
              result.marked += taken.length;
            }
          } finally {
            lock.release();
          }
        } catch (error) {
          throw createError({ code: 'mail.imap_failed', message: `mailbox ${mailbox.name}: ${describeImapError(error)}`, cause: error });
        } finally {
          await client.logout().catch(() => client.close());
        }
        return true;
      });
      if (done === null) result.skipped = true;
      result.durationMs = Math.round(performance.now() - started);
      logger.info(result, 'mailbox synchronised');
      return result;
    },

    /**
     * Waits until the folder changes (IDLE: the server announces new mail) or
     * `pollSeconds` pass, whichever is first; servers without IDLE and broken
     * connections fall back to the timer.
     */
    async waitForChange(mailbox: MailboxConfig, signal?: AbortSignal): Promise<'exists' | 'timeout' | 'aborted'> {
      const timeoutMs = mailbox.pollSeconds * 1000;
      const sleep = () =>
        new Promise<'timeout' | 'aborted'>((resolve) => {
          // A stop that came before we got here has fired its event already.
          if (signal?.aborted) return resolve('aborted');
          const timer = setTimeout(() => resolve('timeout'), timeoutMs);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve('aborted');
          }, { once: true });
        });
      if (!mailbox.idle) return sleep();
      const client = connect(mailbox);
      try {
        await client.connect();
        if (!client.capabilities.has('IDLE')) return await sleep();
        // Listen before asking: an EXISTS that arrives with the answer to the
        // search below would otherwise be announced before anyone listens.
        let announced = false;
        const listeners: Array<() => void> = [];
        client.on('exists', () => {
          announced = true;
          for (const listener of listeners) listener();
        });
        await client.mailboxOpen(mailbox.folder, { readOnly: true });
        // Mail that came in between the last pass and now would not be announced again.
        if (mailbox.afterImport === 'flag') {
          const pending = await client.search({ unKeyword: mailbox.keyword }, { uid: true });
          if (pending && pending.length > 0) return 'exists';
        }
        if (announced) return 'exists';
        if (signal?.aborted) return 'aborted';
        const outcome = await new Promise<'exists' | 'timeout' | 'aborted'>((resolve) => {
          const timer = setTimeout(() => resolve('timeout'), timeoutMs);
          listeners.push(() => {
            clearTimeout(timer);
            resolve('exists');
          });
          client.on('close', () => {
            clearTimeout(timer);
            resolve('timeout');
          });
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve('aborted');
          }, { once: true });
          client.idle().catch(() => undefined);
        });
        return outcome;
      } catch (error) {
        logger.warn({ mailbox: mailbox.name, err: (error as Error).message }, 'IMAP IDLE unavailable, polling');
        return sleep();
      } finally {
        // LOGOUT has to end IDLE first; a server that does not answer must not hold up a stop.
        const patience = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
        await Promise.race([client.logout().catch(() => undefined), patience]);
        client.close();
      }
    },
  };
}

export type MailboxImporter = ReturnType<typeof createMailboxImporter>;
