import fs from 'node:fs/promises';
import path from 'node:path';
import { isManifestName } from './scan-manifest.ts';

/** How a watched folder tells that a file is completely written. */
export type CompletionMode = 'auto' | 'marker' | 'stable';

/** Where the watcher keeps its own files (done/, failed/, processing/) inside the watched folder. */
export const workFolderName = '.poststelle';

const markerSuffixes = ['.done', '.ok'];

/** Names a scanner or copy tool uses while a file is still being written, and our own folder. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~') || /\.(tmp|temp|part|partial|crdownload|filepart)$/i.test(name) || name === workFolderName;
}

export function isMarkerName(name: string): boolean {
  return markerSuffixes.some((suffix) => name.toLowerCase().endsWith(suffix));
}

/** Marker files that declare `file` complete: `scan.pdf.done`, `scan.pdf.ok`, `scan.done`, `scan.ok`. */
export function markerCandidates(file: string): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return [...new Set(markerSuffixes.flatMap((suffix) => [path.join(dir, `${base}${suffix}`), path.join(dir, `${stem}${suffix}`)]))];
}

/** A batch subfolder is complete when it holds `.done`/`.ok` (or the station wrote `<folder>.done` beside it). */
function folderMarkerCandidates(folder: string): string[] {
  return [path.join(folder, '.done'), path.join(folder, '.ok'), `${folder}.done`, `${folder}.ok`];
}

export interface InboxFile {
  /** Path relative to the watched folder, with forward slashes. */
  relativePath: string;
  absolutePath: string;
  size: number;
  mtimeMs: number;
}

interface Observation {
  size: number;
  mtimeMs: number;
  since: number;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Lists the files of a watched folder that are completely written. Files sit
 * at the top level or one level down in a batch subfolder (with its
 * manifest.json). Without a marker, a file counts as complete once its size
 * and modification time have not changed for `settleMs` across at least two
 * looks; a batch subfolder only when all its files have settled, so a
 * manifest written after the scans is not missed.
 */
export function createInboxScanner({ root, completion, settleMs }: { root: string; completion: CompletionMode; settleMs: number }) {
  const observations = new Map<string, Observation>();

  /** Unchanged since the previous look, and not written to for settleMs (by its mtime, or since we first saw it so). */
  function settled(file: string, size: number, mtimeMs: number, now: number): boolean {
    const seen = observations.get(file);
    if (!seen || seen.size !== size || seen.mtimeMs !== mtimeMs) {
      observations.set(file, { size, mtimeMs, since: now });
      return false;
    }
    return now - Math.min(seen.since, Math.max(mtimeMs, seen.since - settleMs)) >= settleMs;
  }

  async function hasMarker(file: string): Promise<boolean> {
    for (const marker of markerCandidates(file)) if (await exists(marker)) return true;
    return false;
  }

  async function listFolder(dir: string, relative: string, now: number, seenPaths: Set<string>): Promise<{ marked: InboxFile[]; stable: InboxFile[]; allSettled: boolean; entries: number }> {
    const marked: InboxFile[] = [];
    const stable: InboxFile[] = [];
    let allSettled = true;
    let entries = 0;
    let dirents;
    try {
      dirents = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return { marked, stable, allSettled: false, entries };
    }
    for (const dirent of dirents) {
      if (isIgnoredName(dirent.name)) {
        // A temp file still being written keeps its batch subfolder open.
        if (relative !== '' && dirent.name !== '.done' && dirent.name !== '.ok') allSettled = false;
        continue;
      }
      const absolutePath = path.join(dir, dirent.name);
      if (dirent.isDirectory()) {
        if (relative !== '') continue; // one level of batch subfolders
        const sub = await listFolder(absolutePath, dirent.name, now, seenPaths);
        const folderComplete = completion !== 'stable' && (await Promise.all(folderMarkerCandidates(absolutePath).map(exists))).some(Boolean);
        marked.push(...sub.marked);
        if (folderComplete || (completion !== 'marker' && sub.allSettled && sub.entries > 0)) marked.push(...sub.stable);
        continue;
      }
      if (!dirent.isFile()) continue;
      entries += 1;
      let stat;
      try {
        stat = await fs.stat(absolutePath);
      } catch {
        allSettled = false;
        continue;
      }
      seenPaths.add(absolutePath);
      const isStable = settled(absolutePath, stat.size, stat.mtimeMs, now);
      if (!isStable) allSettled = false;
      if (isMarkerName(dirent.name) || isManifestName(dirent.name)) continue;
      const file = { relativePath: relative ? `${relative}/${dirent.name}` : dirent.name, absolutePath, size: stat.size, mtimeMs: stat.mtimeMs };
      if (completion !== 'stable' && (await hasMarker(absolutePath))) marked.push(file);
      else if (completion !== 'marker' && isStable) stable.push(file);
    }
    return { marked, stable, allSettled, entries };
  }

  return {
    /** The complete files now, in name order. */
    async completeFiles(now = Date.now()): Promise<InboxFile[]> {
      const seenPaths = new Set<string>();
      const top = await listFolder(root, '', now, seenPaths);
      for (const key of observations.keys()) if (!seenPaths.has(key)) observations.delete(key);
      const files = [...top.marked, ...top.stable];
      return files.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
    },
  };
}
