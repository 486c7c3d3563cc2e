import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { createError } from '../../shared/errors.ts';
import { defaultHotfolderSettings, type HotfolderSettings } from './hotfolder.watcher.ts';

const folderSchema = z.object({
  path: z.string().min(1),
  channel: z.enum(['auto', 'scan', 'fax', 'upload']).default(defaultHotfolderSettings.channel),
  tenant: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/).optional(),
  completion: z.enum(['auto', 'marker', 'stable']).default(defaultHotfolderSettings.completion),
  settleMs: z.number().int().min(0).max(600_000).default(defaultHotfolderSettings.settleMs),
  pollMs: z.number().int().min(50).max(60_000).default(defaultHotfolderSettings.pollMs),
});

/** `<dataDir>/hotfolders.json`: `{ "folders": [ { "path": "/srv/scan/eingang", "channel": "scan", "completion": "marker" } ] }` or the bare array. */
const fileSchema = z.union([z.object({ folders: z.array(folderSchema) }), z.array(folderSchema).transform((folders) => ({ folders }))]);

export const hotfoldersFileName = 'hotfolders.json';

/**
 * The folders `serve` watches: those in `<dataDir>/hotfolders.json`, plus the
 * ones in env POSTSTELLE_WATCH_DIRS (comma-separated, default settings).
 * Relative paths in the file are relative to the data dir.
 */
export async function loadHotfolderSettings(dataDir: string, defaultTenant: string, env: NodeJS.ProcessEnv = process.env): Promise<HotfolderSettings[]> {
  const settings: HotfolderSettings[] = [];
  const file = path.join(dataDir, hotfoldersFileName);
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text !== null) {
    let parsed;
    try {
      parsed = fileSchema.safeParse(JSON.parse(text));
    } catch (error) {
      throw createError({ code: 'hotfolder.invalid_config', message: `${file}: ${(error as Error).message}` });
    }
    if (!parsed.success) throw createError({ code: 'hotfolder.invalid_config', message: `${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}` });
    for (const folder of parsed.data.folders) {
      const { tenant, ...rest } = folder;
      settings.push({ ...rest, path: path.resolve(dataDir, folder.path), tenantId: tenant ?? defaultTenant });
    }
  }
  for (const dir of (env.POSTSTELLE_WATCH_DIRS ?? '').split(',').map((entry) => entry.trim()).filter(Boolean)) {
    if (settings.some((setting) => path.resolve(setting.path) === path.resolve(dir))) continue;
    settings.push({ ...defaultHotfolderSettings, path: dir, tenantId: defaultTenant });
  }
  return settings;
}
