import fs from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createClassifierService, type ClassifierService } from '../classification/classifier.service.ts';
import { modelPath } from '../classification/classifier.model.ts';
import type { Database } from '../database/database.types.ts';
import { isUniqueViolation } from '../database/pg-errors.ts';
import { sha256Hex } from '../storage/blob-key.ts';
import { createError } from '../shared/errors.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';

/** Where a process keeps the published model versions it loaded (a cache: safe to delete). */
export function modelCacheDirOf(dataDir: string): string {
  return path.join(dataDir, 'cache', 'models');
}

export interface PublishedModel {
  tenantId: string;
  name: string;
  version: number;
  sha256: string;
  sizeBytes: number;
}

export interface ResolvedModel {
  version: number;
  classifier: ClassifierService;
}

/**
 * A tenant's trained models, shared by every process of an installation: the
 * model file goes into the blob store (the S3 driver makes it reachable from
 * every machine), `classifier_models` names the current version. Each process
 * keeps the versions it loaded under `cacheDir` and asks the database at most
 * every `refreshMs` whether a newer one was published, so a retrain reaches all
 * workers within that time without a restart.
 */
export function createModelStore({
  db,
  blobs,
  cacheDir,
  refreshMs = 30_000,
  now = () => Date.now(),
}: {
  db: Kysely<Database>;
  blobs: BlobStore;
  cacheDir: string;
  refreshMs?: number;
  now?: () => number;
}) {
  const known = new Map<string, { checkedAt: number; resolved: ResolvedModel | null }>();
  const pending = new Map<string, Promise<ResolvedModel | null>>();
  const services = new Map<string, ClassifierService>();

  async function materialise(tenantId: string, name: string, row: { version: number; blob_key: string; sha256: string }): Promise<ClassifierService> {
    const dir = path.join(cacheDir, encodeURIComponent(tenantId), encodeURIComponent(name), `v${row.version}`);
    const cached = services.get(dir);
    if (cached) return cached;
    const file = modelPath(dir, name);
    const present = await fs.readFile(file).catch(() => null);
    if (!present || sha256Hex(present) !== row.sha256) {
      const bytes = await blobs.get(row.blob_key);
      if (sha256Hex(bytes) !== row.sha256) {
        throw createError({ code: 'model.corrupt', message: `model ${name} v${row.version} of tenant ${tenantId}: the stored file does not match its sha256` });
      }
      await fs.mkdir(dir, { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      await fs.writeFile(partial, bytes);
      await fs.rename(partial, file);
    }
    const service = createClassifierService({ modelsDir: dir });
    services.set(dir, service);
    return service;
  }

  async function lookUp(tenantId: string, name: string): Promise<ResolvedModel | null> {
    const row = await db
      .selectFrom('classifier_models')
      .select(['version', 'blob_key', 'sha256'])
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    return { version: row.version, classifier: await materialise(tenantId, name, row) };
  }

  return {
    /**
     * Stores a trained model file as the tenant's next version. Two publishers at
     * once both succeed, one version after the other (the primary key decides).
     */
    async publish(input: { tenantId: string; name: string; file: string; examples?: number; corrections?: number; metrics?: Record<string, unknown>; trainedBy?: string }): Promise<PublishedModel> {
      const bytes = await fs.readFile(input.file);
      const stored = await blobs.put(bytes);
      for (let attempt = 0; ; attempt += 1) {
        try {
          const row = await db
            .insertInto('classifier_models')
            .values({
              tenant_id: input.tenantId,
              name: input.name,
              version: sql<number>`(select coalesce(max(version), 0) + 1 from classifier_models where tenant_id = ${input.tenantId} and name = ${input.name})`,
              blob_key: stored.key,
              sha256: stored.sha256,
              size_bytes: stored.sizeBytes,
              examples: input.examples ?? null,
              corrections: input.corrections ?? null,
              metrics: JSON.stringify(input.metrics ?? {}),
              trained_by: input.trainedBy ?? null,
            })
            .returning(['version'])
            .executeTakeFirstOrThrow();
          known.delete(keyOf(input.tenantId, input.name));
          return { tenantId: input.tenantId, name: input.name, version: row.version, sha256: stored.sha256, sizeBytes: stored.sizeBytes };
        } catch (error) {
          if (!isUniqueViolation(error) || attempt >= 5) throw error;
        }
      }
    },

    /** The tenant's newest published model, or null when it never published one (use the installation's). */
    async resolve(tenantId: string, name: string): Promise<ResolvedModel | null> {
      const key = keyOf(tenantId, name);
      const entry = known.get(key);
      if (entry && now() - entry.checkedAt < refreshMs) return entry.resolved;
      let inFlight = pending.get(key);
      if (!inFlight) {
        inFlight = lookUp(tenantId, name)
          .then((resolved) => {
            known.set(key, { checkedAt: now(), resolved });
            return resolved;
          })
          .catch((error: unknown) => {
            // A database or blob hiccup keeps the version already loaded rather than failing recognition.
            if (entry) return entry.resolved;
            throw error;
          })
          .finally(() => pending.delete(key));
        pending.set(key, inFlight);
      }
      return inFlight;
    },

    /** Versions of a tenant's model, newest first (for `classifier versions` and operators). */
    async versions(tenantId: string, name: string) {
      return db
        .selectFrom('classifier_models')
        .select(['version', 'sha256', 'size_bytes as sizeBytes', 'examples', 'corrections', 'metrics', 'trained_by as trainedBy', 'created_at as createdAt'])
        .where('tenant_id', '=', tenantId)
        .where('name', '=', name)
        .orderBy('version', 'desc')
        .execute();
    },
  };
}

/** One cache entry per tenant and model name. */
function keyOf(tenantId: string, name: string): string {
  return `${tenantId}\u0000${name}`;
}

export type ModelStore = ReturnType<typeof createModelStore>;
