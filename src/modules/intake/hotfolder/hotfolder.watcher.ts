import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database, DocumentRow } from '../../database/database.types.ts';
import type { DocumentsRepository } from '../../documents/documents.repository.ts';
import { finalStatuses } from '../../pipeline/pipeline.runner.ts';
import { isPoststelleError } from '../../shared/errors.ts';
import { sha256Hex } from '../../storage/fs-blob-store.ts';
import type { ChannelOption, IntakeService } from '../intake.service.ts';
import { createHotfolderClaims, registerInstance, unregisterInstance, type HotfolderClaim } from './hotfolder.claims.ts';
import { createInboxScanner, isIgnoredName, isMarkerName, markerCandidates, workFolderName, type CompletionMode, type InboxFile } from './inbox.scanner.ts';
import { isManifestName, manifestCandidates, readManifestFor, type ScanManifest } from './scan-manifest.ts';

export interface HotfolderSettings {
  /** The folder as configured (documents' `source` is this joined with the file's path inside it). */
  path: string;
  channel: ChannelOption;
  tenantId: string;
  completion: CompletionMode;
  /** A file without a marker counts as complete once unchanged for this long. */
  settleMs: number;
  pollMs: number;
}

export const defaultHotfolderSettings = { channel: 'auto', completion: 'auto', settleMs: 500, pollMs: 500 } as const;

/** Points where a test may make the watcher die, to prove that a restart neither loses nor repeats a file. */
export type HotfolderStage = 'ingested-unrecorded' | 'ingested' | 'processing';

export interface HotfolderWatcherDeps {
  db: Kysely<Database>;
  intake: IntakeService;
  documents: DocumentsRepository;
  logger: Logger;
  settings: HotfolderSettings;
  maxFileBytes: number;
  /** Called after each stage; throwing stops work on that file as a crash would. */
  afterStage?: (stage: HotfolderStage, claim: HotfolderClaim) => void | Promise<void>;
}

interface FileFailure {
  code: string;
  message: string;
}

function localDate(date = new Date()): string {
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 10);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.access(file);
    return true;
  } catch {
    return false;
  }
}

/** `name.pdf` → `name.2.pdf`, … until the name is free. */
async function freeName(dir: string, name: string): Promise<string> {
  const extension = path.extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let attempt = 1; ; attempt += 1) {
    const candidate = path.join(dir, attempt === 1 ? name : `${stem}.${attempt}${extension}`);
    if (!(await exists(candidate))) return candidate;
  }
}

/**
 * Watches one scanner hot folder. Each complete file is claimed (sha256 +
 * path) in the database first, then ingested with its batch manifest (receipt
 * date, scan batch, archive box), moved to `.poststelle/processing/<claim>/`
 * and, once all its documents are final, to `.poststelle/done/YYYY-MM-DD/` or
 * `.poststelle/failed/YYYY-MM-DD/` (with `<name>.error.json`). Every step is
 * recorded on the claim, so a watcher started after a crash finishes what the
 * previous one began: a file that was ingested but not moved is moved, not
 * ingested again. Polls every `pollMs`; fs.watch events only wake it early.
 */
export function createHotfolderWatcher(deps: HotfolderWatcherDeps) {
  const { db, intake, documents, logger, settings } = deps;
  const root = path.resolve(settings.path);
  const workDir = path.join(root, workFolderName);
  const instanceId = randomUUID();
  const claims = createHotfolderClaims({ db, tenantId: settings.tenantId, folder: root, instanceId });
  const scanner = createInboxScanner({ root, completion: settings.completion, settleMs: settings.settleMs });
  const inFlight = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let watcher: fs.FSWatcher | null = null;
  let running = false;
  let stopping = false;
  let ticking: Promise<void> | null = null;
  let again = false;

  const displaySource = (relativePath: string) => path.join(settings.path, ...relativePath.split('/'));
  const sourcePath = (claim: HotfolderClaim) => path.join(root, ...claim.relative_path.split('/'));
  const processingDir = (claim: HotfolderClaim) => path.join(workDir, 'processing', claim.id);

  async function stage(name: HotfolderStage, claim: HotfolderClaim): Promise<void> {
    if (!deps.afterStage) return;
    try {
      await deps.afterStage(name, claim);
    } catch (error) {
      // A simulated crash: this watcher does nothing more, as a killed process would.
      stopping = true;
      throw error;
    }
  }

  /** A document made from this claim's file before a crash, when the claim was not updated in time. */
  async function findIngested(claim: HotfolderClaim): Promise<string | null> {
    const row = await db
      .selectFrom('documents')
      .select('id')
      .where('tenant_id', '=', claim.tenant_id)
      .where('sha256', '=', claim.sha256)
      .where('source', '=', displaySource(claim.relative_path))
      .where('batch_index', '=', 0)
      .where('created_at', '>=', claim.claimed_at)
      .orderBy('created_at')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  async function recordBatch(manifest: ScanManifest, channel: string): Promise<void> {
    if (!manifest.batchId) return;
    const values = {
      station: manifest.station ?? null,
      box_id: manifest.boxId ?? null,
      channel,
      scan_date: manifest.scanDate ? new Date(manifest.scanDate) : null,
      received_at: manifest.receivedAt ? new Date(manifest.receivedAt) : null,
      manifest: JSON.stringify(manifest),
    };
    await db
      .insertInto('scan_batches')
      .values({ tenant_id: settings.tenantId, batch_id: manifest.batchId, ...values })
      .onConflict((conflict) => conflict.columns(['tenant_id', 'batch_id']).doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
      .execute();
  }

  /** claimed → ingested: the original is stored and its document (with the manifest's data) exists. */
  async function ingestClaim(claim: HotfolderClaim, bytes: Buffer | null): Promise<HotfolderClaim | null> {
    const earlier = await findIngested(claim);
    if (earlier) {
      await claims.advance(claim.id, 'claimed', 'ingested', { documentId: earlier });
      return { ...claim, status: 'ingested', document_id: earlier };
    }
    const file = sourcePath(claim);
    let stat;
    try {
      stat = await fsp.stat(file);
    } catch {
      await claims.advance(claim.id, 'claimed', 'failed', { error: { code: 'hotfolder.file_vanished', message: `${claim.relative_path} disappeared before it was taken` } });
      return null;
    }
    if (stat.size > deps.maxFileBytes) {
      await failClaim(claim, { code: 'file_too_large', message: `${claim.relative_path} has ${stat.size} bytes, more than the limit of ${deps.maxFileBytes}` });
      return null;
    }
    let manifest: ScanManifest | null;
    try {
      manifest = (await readManifestFor(file))?.manifest ?? null;
    } catch (error) {
      await failClaim(claim, { code: isPoststelleError(error) ? error.code : 'hotfolder.invalid_manifest', message: (error as Error).message });
      return null;
    }
    const content = bytes ?? (await fsp.readFile(file));
    if (sha256Hex(content) !== claim.sha256) {
      // Rewritten since it was claimed: let the next look claim the new content.
      await claims.advance(claim.id, 'claimed', 'failed', { error: { code: 'hotfolder.changed', message: `${claim.relative_path} changed after it was claimed` } });
      return null;
    }
    const channel = manifest?.channel ?? settings.channel;
    if (manifest) await recordBatch(manifest, channel);
    const receivedAt = manifest?.receivedAt ? new Date(manifest.receivedAt) : manifest?.scanDate ? new Date(manifest.scanDate) : new Date(stat.mtimeMs);
    const outcome = await intake.ingest({
      bytes: content,
      source: displaySource(claim.relative_path),
      originalName: path.basename(file),
      channel,
      receivedAt,
      receivedAtGiven: true,
      tenantId: settings.tenantId,
      runId: null,
      scanBatchId: manifest?.batchId ?? null,
      archiveBoxId: manifest?.boxId ?? null,
    });
    await stage('ingested-unrecorded', claim);
    await claims.advance(claim.id, 'claimed', 'ingested', { documentId: outcome.documentId, scanBatchId: manifest?.batchId ?? null });
    logger.info({ file: claim.relative_path, documentId: outcome.documentId, boxId: manifest?.boxId }, 'hot folder file taken');
    const ingested = { ...claim, status: 'ingested' as const, document_id: outcome.documentId };
    await stage('ingested', ingested);
    return ingested;
  }

  /** Files that travel with a data file: its sidecar manifest (when no other file still needs it). */
  async function companions(claim: HotfolderClaim): Promise<string[]> {
    const file = sourcePath(claim);
    const found: string[] = [];
    for (const candidate of manifestCandidates(file)) {
      if (path.basename(candidate) === 'manifest.json' || !(await exists(candidate))) continue;
      const stem = path.basename(candidate).replace(/\.manifest\.json$/, '');
      const siblings = (await fsp.readdir(path.dirname(file))).filter(
        (name) => name !== path.basename(file) && !isIgnoredName(name) && !isMarkerName(name) && !isManifestName(name) && (name === stem || name.startsWith(`${stem}.`)),
      );
      if (siblings.length === 0) found.push(candidate);
    }
    return found;
  }

  /** ingested → processing: out of the inbox, so the station sees it was taken. */
  async function moveToProcessing(claim: HotfolderClaim): Promise<HotfolderClaim> {
    const dir = processingDir(claim);
    await fsp.mkdir(dir, { recursive: true });
    const file = sourcePath(claim);
    const travelling = await companions(claim);
    if (await exists(file)) await fsp.rename(file, path.join(dir, path.basename(file)));
    for (const companion of travelling) await fsp.rename(companion, path.join(dir, path.basename(companion))).catch(() => undefined);
    for (const marker of markerCandidates(file)) await fsp.rm(marker, { force: true });
    await claims.advance(claim.id, 'ingested', 'processing', { movedTo: path.join(dir, path.basename(file)) });
    const processing = { ...claim, status: 'processing' as const };
    await stage('processing', processing);
    return processing;
  }

  /** processing → done | failed, once every document of the file (a batch may have several) is final. */
  async function finishClaim(claim: HotfolderClaim): Promise<boolean> {
    if (!claim.document_id) return false;
    const [first] = await documents.getManyByIds([claim.document_id]);
    if (!first || !finalStatuses.includes(first.status)) return false;
    const children = await documents.listBatchChildren([first.id]);
    if (children.some((child) => !finalStatuses.includes(child.status))) return false;
    const all: DocumentRow[] = [first, ...children];
    const failed = all.some((document) => document.status === 'quarantined' || document.status === 'failed');
    const dir = processingDir(claim);
    const name = path.basename(claim.relative_path);
    const subfolder = path.dirname(claim.relative_path);
    const target = path.join(workDir, failed ? 'failed' : 'done', localDate(), ...(subfolder === '.' ? [] : subfolder.split('/')));
    if (await exists(path.join(dir, name))) {
      await fsp.mkdir(target, { recursive: true });
      const destination = await freeName(target, name);
      await claims.setMovedTo(claim.id, destination);
      for (const entry of await fsp.readdir(dir)) {
        const to = entry === name ? destination : await freeName(target, entry);
        await fsp.rename(path.join(dir, entry), to);
      }
      if (failed) await writeErrorReport(destination, all);
    } else if (!claim.moved_to || !(await exists(claim.moved_to))) {
      logger.warn({ file: claim.relative_path, claim: claim.id }, 'hot folder file missing from processing; recording it as finished');
    }
    await fsp.rm(dir, { recursive: true, force: true });
    await claims.advance(claim.id, 'processing', failed ? 'failed' : 'done', failed ? { error: errorOf(all) } : {});
    return true;
  }

  function errorOf(all: DocumentRow[]): FileFailure {
    const bad = all.find((document) => document.error_code) ?? all[0];
    return { code: bad?.error_code ?? 'quarantined', message: bad?.error_message ?? 'a document of this file was quarantined' };
  }

  async function writeErrorReport(file: string, all: DocumentRow[]): Promise<void> {
    const report = {
      file: path.basename(file),
      documents: all.map((document) => ({
        id: document.id,
        batchIndex: document.batch_index,
        status: document.status,
        error: document.error_code ? { code: document.error_code, message: document.error_message } : null,
      })),
    };
    await fsp.writeFile(`${file}.error.json`, `${JSON.stringify(report, null, 2)}\n`);
  }

  /** Before ingest: the file cannot be taken (manifest broken, too large); it goes to failed/ with the reason. */
  async function failClaim(claim: HotfolderClaim, failure: FileFailure): Promise<void> {
    const file = sourcePath(claim);
    const subfolder = path.dirname(claim.relative_path);
    const target = path.join(workDir, 'failed', localDate(), ...(subfolder === '.' ? [] : subfolder.split('/')));
    await fsp.mkdir(target, { recursive: true });
    const destination = await freeName(target, path.basename(file));
    await claims.setMovedTo(claim.id, destination);
    if (await exists(file)) await fsp.rename(file, destination);
    await fsp.writeFile(`${destination}.error.json`, `${JSON.stringify({ file: path.basename(file), error: failure }, null, 2)}\n`);
    for (const marker of markerCandidates(file)) await fsp.rm(marker, { force: true });
    await claims.advance(claim.id, 'claimed', 'failed', { error: failure });
    logger.warn({ file: claim.relative_path, ...failure }, 'hot folder file failed');
  }

  async function carryOn(claim: HotfolderClaim, bytes: Buffer | null = null): Promise<void> {
    let current: HotfolderClaim | null = claim;
    if (current.status === 'claimed') current = await ingestClaim(current, bytes);
    if (current?.status === 'ingested') current = await moveToProcessing(current);
    if (current?.status === 'processing') await finishClaim(current);
  }

  async function withFile(relativePath: string, work: () => Promise<void>): Promise<void> {
    if (inFlight.has(relativePath)) return;
    inFlight.add(relativePath);
    try {
      await work();
    } catch (error) {
      logger.error({ file: relativePath, err: (error as Error).message }, 'hot folder file not finished; it is resumed on the next look');
    } finally {
      inFlight.delete(relativePath);
    }
  }

  async function resumeOpenClaims(): Promise<void> {
    for (const claim of await claims.actionableClaims()) {
      if (stopping) return;
      if (inFlight.has(claim.relative_path) || claims.isHeldElsewhere(claim)) continue;
      await withFile(claim.relative_path, async () => {
        if (claim.claimed_by !== instanceId && !(await claims.takeOver(claim))) return;
        await carryOn({ ...claim, claimed_by: instanceId });
      });
    }
  }

  async function takeNewFile(file: InboxFile): Promise<void> {
    await withFile(file.relativePath, async () => {
      if (await claims.isOpen(file.relativePath)) return;
      const bytes = file.size <= deps.maxFileBytes ? await fsp.readFile(file.absolutePath) : null;
      const sha256 = bytes ? sha256Hex(bytes) : await hashFile(file.absolutePath);
      const claim = await claims.claim({ relativePath: file.relativePath, sha256, sizeBytes: bytes?.length ?? file.size });
      if (claim) await carryOn(claim, bytes);
    });
  }

  /** A batch subfolder whose files are all taken: its manifest and markers follow them to done/. */
  async function tidySubfolders(): Promise<void> {
    let entries;
    try {
      entries = await fsp.readdir(root, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || isIgnoredName(entry.name)) continue;
      const dir = path.join(root, entry.name);
      const names = await fsp.readdir(dir);
      if (names.some((name) => !isManifestName(name) && !isMarkerName(name) && name !== '.done' && name !== '.ok')) continue;
      const taken = await db
        .selectFrom('hotfolder_files')
        .select(['status'])
        .where('tenant_id', '=', settings.tenantId)
        .where('folder', '=', root)
        .where('relative_path', 'like', `${entry.name.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`)
        .execute();
      if (taken.length === 0 || taken.some((row) => row.status !== 'done' && row.status !== 'failed')) continue;
      const target = path.join(workDir, 'done', localDate(), entry.name);
      await fsp.mkdir(target, { recursive: true });
      for (const name of names) await fsp.rename(path.join(dir, name), await freeName(target, name));
      await fsp.rmdir(dir).catch(() => undefined);
      for (const marker of [`${dir}.done`, `${dir}.ok`]) await fsp.rm(marker, { force: true });
    }
  }

  async function tick(): Promise<void> {
    // New files first: pick-up latency is what the scan station waits for.
    for (const file of await scanner.completeFiles()) {
      if (stopping) break;
      await takeNewFile(file);
    }
    if (stopping) return;
    await resumeOpenClaims();
    if (stopping) return;
    await tidySubfolders();
  }

  function schedule(delayMs: number): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void runTick(), delayMs);
  }

  async function runTick(): Promise<void> {
    if (ticking) {
      again = true;
      return;
    }
    ticking = tick()
      .catch((error: unknown) => logger.error({ folder: root, err: (error as Error).message }, 'hot folder look failed'))
      .finally(() => {
        ticking = null;
      });
    await ticking;
    if (again) {
      again = false;
      schedule(0);
    } else {
      schedule(settings.pollMs);
    }
  }

  return {
    instanceId,
    folder: root,

    /** One look at the folder (also used by tests and benchmarks without the timer). */
    async pollOnce(): Promise<void> {
      await tick();
    },

    async start(): Promise<void> {
      await fsp.mkdir(root, { recursive: true });
      running = true;
      registerInstance(instanceId);
      try {
        watcher = fs.watch(root, { persistent: false }, () => schedule(50));
        watcher.on('error', () => undefined);
      } catch {
        watcher = null; // polling alone still works (e.g. on network shares without inotify)
      }
      schedule(0);
    },

    async stop(): Promise<void> {
      running = false;
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      watcher?.close();
      watcher = null;
      await ticking;
      unregisterInstance(instanceId);
    },
  };
}

export type HotfolderWatcher = ReturnType<typeof createHotfolderWatcher>;

async function hashFile(file: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
