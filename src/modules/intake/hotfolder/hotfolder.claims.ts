import os from 'node:os';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, HotfolderFilesTable, HotfolderFileStatus } from '../../database/database.types.ts';
import { isProcessAlive } from '../../shared/process-alive.ts';

export type HotfolderClaim = Selectable<HotfolderFilesTable>;

/** Claims of another host are taken over after this long without progress. */
const foreignHostLeaseMs = 10 * 60_000;
const hostname = os.hostname();

/** Watcher instances running in this process: a claim of an instance that is gone is abandoned. */
const runningInstances = new Set<string>();

export function registerInstance(id: string): void {
  runningInstances.add(id);
}

export function unregisterInstance(id: string): void {
  runningInstances.delete(id);
}

/**
 * The table that makes taking a file exactly-once: a file (folder, path,
 * sha256) is claimed before anything else happens, its progress is recorded
 * (claimed → ingested → processing → done | failed), and a watcher that
 * starts after a crash resumes each open claim from where it stopped.
 */
export function createHotfolderClaims({ db, tenantId, folder, instanceId }: { db: Kysely<Database>; tenantId: string; folder: string; instanceId: string }) {
  return {
    /** Inserts the claim; null when the file is already claimed (by this or another watcher). */
    async claim(file: { relativePath: string; sha256: string; sizeBytes: number }): Promise<HotfolderClaim | null> {
      const row = await db
        .insertInto('hotfolder_files')
        .values({
          tenant_id: tenantId,
          folder,
          relative_path: file.relativePath,
          sha256: file.sha256,
          size_bytes: file.sizeBytes,
          status: 'claimed',
          claimed_host: hostname,
          claimed_pid: process.pid,
          claimed_by: instanceId,
        })
        .onConflict((conflict) => conflict.columns(['tenant_id', 'folder', 'relative_path', 'sha256']).where('status', 'in', ['claimed', 'ingested', 'processing']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ?? null;
    },

    /** Open claims with something to do: not yet moved out of the inbox, or all of their documents final. */
    async actionableClaims(): Promise<HotfolderClaim[]> {
      const final = ['routed', 'needs_review', 'quarantined', 'duplicate', 'failed'] as const;
      return db
        .selectFrom('hotfolder_files as h')
        .leftJoin('documents as d', 'd.id', 'h.document_id')
        .selectAll('h')
        .where('h.tenant_id', '=', tenantId)
        .where('h.folder', '=', folder)
        .where('h.status', 'in', ['claimed', 'ingested', 'processing'])
        .where((eb) =>
          eb.or([
            eb('h.status', '!=', 'processing'),
            eb.and([
              eb('d.status', 'in', final),
              eb.not(eb.exists(eb.selectFrom('documents as c').select('c.id').whereRef('c.batch_parent_id', '=', 'd.id').where('c.status', 'not in', final))),
            ]),
          ]),
        )
        .orderBy('h.claimed_at')
        .execute();
    },

    async isOpen(relativePath: string): Promise<boolean> {
      const row = await db
        .selectFrom('hotfolder_files')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('folder', '=', folder)
        .where('relative_path', '=', relativePath)
        .where('status', 'in', ['claimed', 'ingested', 'processing'])
        .executeTakeFirst();
      return row !== undefined;
    },

    /** True when the claim's holder is this instance, or another one that is still running. */
    isHeldElsewhere(claim: HotfolderClaim): boolean {
      if (claim.claimed_by === instanceId) return false;
      if (claim.claimed_host !== hostname) return Date.now() - new Date(claim.claimed_at).getTime() < foreignHostLeaseMs;
      if (claim.claimed_pid !== process.pid) return isProcessAlive(claim.claimed_pid);
      return runningInstances.has(claim.claimed_by);
    },

    /** Takes over an abandoned claim; false when another watcher was quicker. */
    async takeOver(claim: HotfolderClaim): Promise<boolean> {
      const updated = await db
        .updateTable('hotfolder_files')
        .set({ claimed_by: instanceId, claimed_host: hostname, claimed_pid: process.pid, claimed_at: sql<Date>`now()` })
        .where('id', '=', claim.id)
        .where('claimed_by', '=', claim.claimed_by)
        .where('status', '=', claim.status)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },

    async advance(
      id: string,
      from: HotfolderFileStatus,
      to: HotfolderFileStatus,
      values: { documentId?: string; scanBatchId?: string | null; movedTo?: string; error?: { code: string; message: string } } = {},
    ): Promise<boolean> {
      const updated = await db
        .updateTable('hotfolder_files')
        .set({
          status: to,
          ...(values.documentId !== undefined ? { document_id: values.documentId } : {}),
          ...(values.scanBatchId !== undefined ? { scan_batch_id: values.scanBatchId } : {}),
          ...(values.movedTo !== undefined ? { moved_to: values.movedTo } : {}),
          ...(values.error !== undefined ? { error: JSON.stringify(values.error) } : {}),
          ...(to === 'ingested' ? { ingested_at: sql<Date>`now()` } : {}),
          ...(to === 'done' || to === 'failed' ? { finished_at: sql<Date>`now()` } : {}),
        })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },

    async setMovedTo(id: string, movedTo: string): Promise<void> {
      await db.updateTable('hotfolder_files').set({ moved_to: movedTo }).where('id', '=', id).execute();
    },
  };
}

export type HotfolderClaims = ReturnType<typeof createHotfolderClaims>;
