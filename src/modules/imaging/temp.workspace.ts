import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs `action` with a fresh private directory under `workDir` (default: the
 * OS temp dir) and removes it afterwards, also on errors. Poppler reads PDFs
 * from files only, and the originals must not linger on disk in clear text.
 */
export async function withTempDir<T>(workDir: string | undefined, prefix: string, action: (dir: string) => Promise<T>): Promise<T> {
  const base = workDir ?? os.tmpdir();
  await fs.mkdir(base, { recursive: true });
  const dir = await fs.mkdtemp(path.join(base, `${prefix}-`));
  try {
    return await action(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Creates a private directory the caller must remove with `dispose()`; for long-lived sessions (page iterators). */
export async function createTempDir(workDir: string | undefined, prefix: string): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const base = workDir ?? os.tmpdir();
  await fs.mkdir(base, { recursive: true });
  const dir = await fs.mkdtemp(path.join(base, `${prefix}-`));
  return { dir, dispose: () => fs.rm(dir, { recursive: true, force: true }) };
}
