import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { findNativeHelper, nativeHelperPath } from './native-helper.ts';

/**
 * Starts external programs through a small helper process
 * (native/process-launcher.cpp) instead of forking the Node process itself.
 *
 * Node starts a program with fork(), which copies the page tables of the whole
 * process: at the pipeline's 300–400 MB resident that is ~19 ms of CPU per
 * program and ~35 ms in which the event loop stands still (measured on this
 * machine: 5.6 ms at 52 MB, 18.9 ms at 368 MB, 30.9 ms at 1.1 GB). The
 * pipeline starts several programs per document (pdfinfo, pdftotext,
 * pdfimages, pdftoppm per page, gs), so that was ~8 % of its CPU. The helper
 * is ~1 MB: a fork there costs well under a millisecond.
 *
 * The program's stdin, stdout and stderr are files in a private temporary
 * directory; the caller reads them when the program has ended.
 */
export interface LaunchRequest {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdinPath?: string;
  stdoutPath: string;
  stderrPath: string;
  /** Cap on the size of any file the program writes (0: none). */
  maxFileBytes: number;
}

export type LaunchOutcome = { kind: 'exit'; code: number } | { kind: 'signal'; signal: number } | { kind: 'error'; errno: number };

export interface ProcessLauncher {
  /** A private directory for the programs' stdio files, removed when the process exits. */
  readonly workDir: string;
  /** The helper's process id while it runs (started on the first launch). */
  helperPid(): number | undefined;
  launch(request: LaunchRequest): { done: Promise<LaunchOutcome>; kill(): void };
}

/** Where scripts/setup.mjs builds the helper. */
export const defaultLauncherPath = nativeHelperPath('poststelle-launcher');

/** The helper binary to use, or null (not built here, or POSTSTELLE_PROCESS_LAUNCHER=off): programs are then forked by Node. */
export function findProcessLauncher(env: NodeJS.ProcessEnv = process.env): string | null {
  return findNativeHelper(env.POSTSTELLE_PROCESS_LAUNCHER, defaultLauncherPath);
}

/** Thrown for the requests in flight when the helper itself ends: the caller runs them the ordinary way. */
export class LauncherGoneError extends Error {}

function frame(fields: readonly string[]): Buffer {
  // As Node's own spawn: a NUL byte cannot be part of an argument, a path or the environment.
  if (fields.some((field) => field.includes('\0'))) throw new TypeError('arguments, paths and environment must not contain NUL bytes');
  const payload = Buffer.from(fields.map((field) => `${field}\0`).join(''), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32LE(payload.length, 0);
  return Buffer.concat([header, payload]);
}

export function createProcessLauncher(binary: string): ProcessLauncher {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'pst-launch-'));
  process.once('exit', () => rmSync(workDir, { recursive: true, force: true }));
  let child: ChildProcess | null = null;
  let nextId = 1;
  const pending = new Map<string, { resolve: (outcome: LaunchOutcome) => void; reject: (error: Error) => void }>();

  function ensureChild(): ChildProcess {
    if (child) return child;
    const started = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    // One reply per line: ID exit CODE | ID signal NUMBER | ID error ERRNO.
    if (started.stdout) {
      createInterface({ input: started.stdout }).on('line', (line) => {
        const [id = '', kind, value = ''] = line.split(' ');
        const waiter = pending.get(id);
        if (!waiter) return;
        pending.delete(id);
        const number = Number.parseInt(value, 10);
        waiter.resolve(kind === 'exit' ? { kind, code: number } : kind === 'signal' ? { kind, signal: number } : { kind: 'error', errno: number });
        updateRef();
      });
    }
    const gone = () => {
      if (child !== started) return;
      child = null;
      for (const [id, waiter] of pending) {
        pending.delete(id);
        waiter.reject(new LauncherGoneError('the process launcher ended'));
      }
    };
    started.on('exit', gone);
    started.on('error', gone);
    started.stdin?.on('error', gone);
    child = started;
    return started;
  }

  /** An idle helper must not keep the Node process alive (CLIs exit when their work is done). */
  function updateRef(): void {
    if (!child) return;
    const busy = pending.size > 0;
    for (const handle of [child, child.stdout, child.stdin] as Array<{ ref?: () => void; unref?: () => void } | null>) {
      if (busy) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  return {
    workDir,
    helperPid: () => child?.pid,
    launch(request) {
      const id = String(nextId);
      nextId += 1;
      const env = request.env ? Object.entries(request.env).filter((entry): entry is [string, string] => entry[1] !== undefined).map(([key, value]) => `${key}=${value}`) : [];
      const fields = [
        'run',
        id,
        request.stdinPath ?? '',
        request.stdoutPath,
        request.stderrPath,
        request.cwd ?? '',
        String(request.maxFileBytes),
        String(env.length),
        ...env,
        String(request.args.length + 1),
        request.command,
        ...request.args,
      ];
      const encoded = frame(fields);
      const done = new Promise<LaunchOutcome>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const helper = ensureChild();
        updateRef();
        helper.stdin?.write(encoded);
      });
      return {
        done,
        kill() {
          if (pending.has(id)) child?.stdin?.write(frame(['kill', id]));
        },
      };
    },
  };
}

let shared: ProcessLauncher | null | undefined;

/** The process's launcher (started on first use), or null when programs are forked by Node. */
export function sharedProcessLauncher(): ProcessLauncher | null {
  if (shared === undefined) {
    const binary = findProcessLauncher();
    shared = binary ? createProcessLauncher(binary) : null;
  }
  return shared;
}
