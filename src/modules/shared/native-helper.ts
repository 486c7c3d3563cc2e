import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where scripts/setup.mjs builds a native helper (see buildNativeHelper there). */
export function nativeHelperPath(name: string): string {
  return path.join(repoRoot, 'node_modules/.cache/poststelle', name);
}

/**
 * The helper binary to use, or null when it is switched off (`off` or `0` in
 * its environment variable) or not built here; a path in the variable
 * names another build.
 */
export function findNativeHelper(configured: string | undefined, defaultPath: string): string | null {
  const value = configured?.trim();
  if (value === 'off' || value === '0') return null;
  const candidate = value || defaultPath;
  return existsSync(candidate) ? candidate : null;
}
