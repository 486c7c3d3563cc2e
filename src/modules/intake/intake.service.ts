import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Channel, Database } from '../database/database.types.ts';
import { isUniqueViolation } from '../database/pg-errors.ts';
import type { PipelineRunner } from '../pipeline/pipeline.runner.ts';
import { createError } from '../shared/errors.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';
import { sha256Hex } from '../storage/fs-blob-store.ts';
import { detectChannel } from './channel.detector.ts';
import { prepareEmailIntake } from './email/email.intake.ts';
import { createEmailRepository, type MailboxOrigin } from './email/email.repository.ts';

export type ChannelOption = Channel | 'auto';

export interface IngestItem {
  bytes: Buffer;
  /** The path or name as the caller gave it (reported back in the contract line). */
  source: string;
  originalName: string;
  channel: ChannelOption;
  receivedAt: Date;
  tenantId: string;
  runId: string | null;
  /** False when `receivedAt` is only "now": an e-mail then takes its Date header. */
  receivedAtGiven?: boolean;
  /** Set by the IMAP import: where the message was taken from. */
  mailbox?: MailboxOrigin | null;
  /** From a scan station's batch manifest (hot folder): the scan batch and the physical archive box. */
  scanBatchId?: string | null;
  archiveBoxId?: string | null;
}

export interface IngestOutcome {
  documentId: string;
  /** An interrupted earlier run had already taken this file: its document is finished instead of a new one. */
  resumed: boolean;
  duplicateOf: string | null;
}

/**
 * Intake: the original is stored first (content-addressed, so nothing is
 * lost), then the document row and its first pipeline job are written in one
 * transaction. The same content again becomes a `duplicate` linked to the
 * first copy — unless the first copy came from an ingest run that was killed
 * before it finished and names the same source: then that run is resumed.
 */
export function createIntakeService({ db, blobs, pipeline }: { db: Kysely<Database>; blobs: BlobStore; pipeline: PipelineRunner }) {
  const emails = createEmailRepository({ db });
  async function findFirstCopy(tenantId: string, sha256: string) {
    return db
      .selectFrom('documents')
      .leftJoin('ingest_runs', 'ingest_runs.id', 'documents.ingest_run_id')
      .select(['documents.id', 'documents.source', 'documents.ingest_run_id', 'ingest_runs.finished_at as run_finished_at'])
      .where('documents.tenant_id', '=', tenantId)
      .where('documents.sha256', '=', sha256)
      .where('documents.batch_index', '=', 0)
      // The first receipt stays the first copy after the pipeline found it a near-duplicate of another letter.
      .where((eb) => eb.or([eb('documents.duplicate_of', 'is', null), eb('documents.duplicate_similarity', 'is not', null)]))
      .orderBy('documents.created_at')
      .limit(1)
      .executeTakeFirst();
  }

  async function findInterruptedReceipt(tenantId: string, sha256: string, source: string, runId: string) {
    return db
      .selectFrom('documents')
      .innerJoin('ingest_runs', 'ingest_runs.id', 'documents.ingest_run_id')
      .select(['documents.id', 'documents.duplicate_of'])
      .where('documents.tenant_id', '=', tenantId)
      .where('documents.sha256', '=', sha256)
      .where('documents.source', '=', source)
      .where('documents.batch_index', '=', 0)
      .where('documents.ingest_run_id', '!=', runId)
      .where('ingest_runs.finished_at', 'is', null)
      .orderBy('documents.created_at')
      .limit(1)
      .executeTakeFirst();
  }

  return {
    async startRun(tenantId: string): Promise<string> {
      const run = await db.insertInto('ingest_runs').values({ tenant_id: tenantId, hostname: os.hostname(), pid: process.pid }).returning('id').executeTakeFirstOrThrow();
      return run.id;
    },

    async finishRun(runId: string): Promise<void> {
      await db.updateTable('ingest_runs').set({ finished_at: sql<Date>`now()` }).where('id', '=', runId).execute();
    },

    async ingest(given: IngestItem): Promise<IngestOutcome> {
      // PostgreSQL text cannot hold NUL: a name carrying one is kept with U+FFFD in its place (and quarantined by the split step).
      const item = { ...given, source: storableText(given.source), originalName: storableText(given.originalName) };
      const sha256 = sha256Hex(item.bytes);
      const stored = await blobs.put(item.bytes);
      const channel: Channel = item.channel === 'auto' ? await detectChannel(item.bytes, item.originalName) : item.channel;
      const email = channel === 'email' ? await prepareEmailIntake(item.bytes, { receivedAt: item.receivedAt, receivedAtGiven: item.receivedAtGiven ?? true }) : null;
      const row = {
        tenant_id: item.tenantId,
        sha256,
        original_key: stored.key,
        original_name: item.originalName,
        source: item.source,
        size_bytes: item.bytes.length,
        channel,
        received_at: email?.receivedAt ?? item.receivedAt,
        ingest_run_id: item.runId,
        scan_batch_id: item.scanBatchId ?? null,
        archive_box_id: item.archiveBoxId ?? null,
      };

      // A killed run already registered this very file (as original, duplicate or empty file): adopt
      // that row, so a file whose first receipt was a duplicate or zero bytes does not get a second one.
      const earlier = item.runId ? await findInterruptedReceipt(item.tenantId, sha256, item.source, item.runId) : undefined;
      if (earlier) {
        await db.updateTable('documents').set({ ingest_run_id: item.runId }).where('id', '=', earlier.id).execute();
        return { documentId: earlier.id, resumed: true, duplicateOf: earlier.duplicate_of };
      }

      for (let attempt = 0; attempt < 3; attempt += 1) {
        if (item.bytes.length > 0) {
          const first = await findFirstCopy(item.tenantId, sha256);
          if (first) {
            const interrupted = first.ingest_run_id !== null && first.ingest_run_id !== item.runId && first.run_finished_at === null;
            if (interrupted && first.source === item.source) {
              await db.updateTable('documents').set({ ingest_run_id: item.runId }).where('id', '=', first.id).execute();
              return { documentId: first.id, resumed: true, duplicateOf: null };
            }
            const duplicate = await db
              .insertInto('documents')
              .values({ ...row, status: 'duplicate', duplicate_of: first.id, finished_at: new Date() })
              .returning('id')
              .executeTakeFirstOrThrow();
            return { documentId: duplicate.id, resumed: false, duplicateOf: first.id };
          }
        }
        // The same e-mail delivered again (new UID, other mailbox, saved copy) has other bytes but the same Message-ID.
        const firstMessage = email?.email.messageId ? await emails.findByMessageId(item.tenantId, email.email.messageId) : null;
        if (firstMessage) {
          const duplicate = await db
            .insertInto('documents')
            .values({ ...row, status: 'duplicate', duplicate_of: firstMessage, finished_at: new Date() })
            .returning('id')
            .executeTakeFirstOrThrow();
          return { documentId: duplicate.id, resumed: false, duplicateOf: firstMessage };
        }
        try {
          const documentId = await db.transaction().execute(async (trx) => {
            const created = await trx.insertInto('documents').values(row).returning('id').executeTakeFirstOrThrow();
            if (email) await emails.register(trx, { documentId: created.id, tenantId: item.tenantId, email: email.email, origin: item.mailbox });
            await pipeline.enqueueDocument(created.id, item.tenantId, trx);
            return created.id;
          });
          return { documentId, resumed: false, duplicateOf: null };
        } catch (error) {
          // Another process stored the same content a moment ago: go round and link to it.
          if (isUniqueViolation(error)) continue;
          throw error;
        }
      }
      throw createError({ code: 'intake.conflict', message: `could not register ${item.source}` });
    },
  };
}

export type IntakeService = ReturnType<typeof createIntakeService>;

function storableText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}

/** Expands files and folders (recursively, sorted, hidden files skipped) into the files to ingest. */
export async function expandInputPaths(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch {
      throw createError({ code: 'intake.path_not_found', message: `no such file or folder: ${input}`, statusCode: 400 });
    }
    if (stat.isDirectory()) {
      const entries = await fs.readdir(input, { recursive: true, withFileTypes: true });
      const found = entries
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map((entry) => path.join(entry.parentPath, entry.name))
        .filter((file) => !path.relative(input, file).split(path.sep).some((segment) => segment.startsWith('.')))
        .sort();
      files.push(...found);
    } else if (stat.isFile()) {
      files.push(input);
    }
  }
  return files;
}
