import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { createError } from '../../shared/errors.ts';

const isoDate = z.string().refine((value) => !Number.isNaN(new Date(value).getTime()), 'not a date');

/**
 * What a scan station may write beside a batch: `<name>.manifest.json` next
 * to the file(s) named `<name>.*`, or `manifest.json` in a batch subfolder.
 * `receivedAt` is the legal date of receipt (the post was opened), which the
 * documents take; `boxId` is the physical archive box the paper goes into.
 */
export const scanManifestSchema = z
  .object({
    batchId: z.string().trim().min(1).max(200).optional(),
    scanDate: isoDate.optional(),
    receivedAt: isoDate.optional(),
    boxId: z.string().trim().min(1).max(200).optional(),
    station: z.string().trim().min(1).max(200).optional(),
    channel: z.enum(['scan', 'fax', 'upload']).optional(),
    /** Optional: the files of the batch, when the manifest's name does not say it. */
    files: z.array(z.string()).optional(),
  })
  .passthrough();

export type ScanManifest = z.infer<typeof scanManifestSchema>;

export const folderManifestName = 'manifest.json';
const sidecarSuffix = '.manifest.json';

export function isManifestName(name: string): boolean {
  return name === folderManifestName || name.endsWith(sidecarSuffix);
}

/** Manifest files that may describe `file`: its sidecar, then its folder's manifest.json. */
export function manifestCandidates(file: string): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return [path.join(dir, `${stem}${sidecarSuffix}`), path.join(dir, `${base}${sidecarSuffix}`), path.join(dir, folderManifestName)];
}

/**
 * Reads the manifest that applies to `file`, or null when there is none. A
 * manifest that exists but is not valid fails: a wrong receipt date has legal
 * consequences, so the file waits for a person instead of getting "now".
 */
export async function readManifestFor(file: string): Promise<{ manifest: ScanManifest; path: string } | null> {
  for (const candidate of manifestCandidates(file)) {
    let text: string;
    try {
      text = await fs.readFile(candidate, 'utf8');
    } catch {
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw createError({ code: 'hotfolder.invalid_manifest', message: `${path.basename(candidate)} is not valid JSON: ${(error as Error).message}`, statusCode: 422 });
    }
    const result = scanManifestSchema.safeParse(parsed);
    if (!result.success) {
      const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw createError({ code: 'hotfolder.invalid_manifest', message: `${path.basename(candidate)}: ${issues}`, statusCode: 422 });
    }
    // A folder manifest that lists files applies to those only.
    if (result.data.files && !result.data.files.includes(path.basename(file))) continue;
    return { manifest: result.data, path: candidate };
  }
  return null;
}
