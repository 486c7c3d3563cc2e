import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createError, createQuarantineError } from '../shared/errors.ts';
import { findNativeHelper, nativeHelperPath } from '../shared/native-helper.ts';

/**
 * Long-lived tesseract processes (native/tesseract-server.cpp): each loads a
 * language model once and then recognises page after page, writing the same
 * TSV and PDF files as the tesseract CLI. The CLI spends ~0.3 CPU-seconds per
 * call on loading the model and dictionaries again, a quarter of an A4 page's
 * recognition; a server pays it once per process.
 *
 * One process per concurrent request (the OCR step limits those to one per
 * core), kept while idle and reused; a process that times out, fails or has
 * served `recycleAfterPages` pages is ended and replaced by a fresh one.
 */
export interface TesseractServerPool {
  /** Recognises one image into `outBase`.tsv (and .pdf); same files as `tesseract IMAGE OUT_BASE … tsv [pdf]`. */
  recognize(request: { imagePath: string; outBase: string; languages: string; dpi: number; wantPdf: boolean; textOnlyPdf: boolean; timeoutMs: number }): Promise<void>;
  /** Ends the idle processes (busy ones end when their request is done). */
  close(): void;
}

/** Where scripts/setup.mjs builds the server (see buildTesseractServer there). */
export const defaultTesseractServerPath = nativeHelperPath('poststelle-tesseract');

/** The server binary to use, or null (not built here: the engine uses the CLI). POSTSTELLE_TESSERACT_SERVER=off disables it. */
export function findTesseractServer(env: NodeJS.ProcessEnv = process.env): string | null {
  return findNativeHelper(env.POSTSTELLE_TESSERACT_SERVER, defaultTesseractServerPath);
}

interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the next reply line (or rejects when the process ends). */
  nextLine(): Promise<string>;
  served: number;
  stderr(): string;
  end(): void;
}

function startServer(binary: string, languages: string): ServerProcess {
  const child = spawn(binary, [languages], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let buffered = '';
  let stderr = '';
  let ended: Error | null = null;
  const lines: string[] = [];
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const waiter = waiting.shift();
      if (waiter) waiter.resolve(line);
      else lines.push(line);
      newline = buffered.indexOf('\n');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    // Tesseract's warnings; kept short for error messages.
    stderr = (stderr + chunk.toString('utf8')).slice(-8 * 1024);
  });
  child.stdin.on('error', () => undefined);
  const finish = (error: Error) => {
    ended ??= error;
    for (const waiter of waiting.splice(0)) waiter.reject(ended);
  };
  child.on('error', (error: NodeJS.ErrnoException) => finish(error));
  child.on('close', (code, signal) => finish(new Error(`tesseract server ended (${signal ?? `exit ${code ?? '?'}`})`)));
  return {
    child,
    served: 0,
    stderr: () => stderr,
    nextLine() {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.reject(ended);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    end() {
      child.stdin.end();
      child.kill('SIGKILL');
    },
  };
}

/** Ends the server after `timeoutMs` unless cancelled; `fired` tells an error of the ending from another. */
function watchdog(server: ServerProcess, timeoutMs: number): { fired: () => boolean; cancel: () => void } {
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    server.end();
  }, timeoutMs);
  return { fired: () => fired, cancel: () => clearTimeout(timer) };
}

/** An idle server must not keep the Node process alive; a busy one must. */
function hold(server: ServerProcess, busy: boolean): void {
  const method = busy ? 'ref' : 'unref';
  server.child[method]();
  for (const stream of [server.child.stdout, server.child.stderr, server.child.stdin] as Array<{ ref?: () => void; unref?: () => void }>) stream[method]?.();
}

export function createTesseractServerPool({
  binary,
  recycleAfterPages = 500,
  idleMs = 60_000,
}: {
  binary: string;
  recycleAfterPages?: number;
  /** An idle process ends after this long (each holds its model, ~100 MB). */
  idleMs?: number;
}): TesseractServerPool {
  const idle = new Map<string, ServerProcess[]>();
  const idleTimers = new Map<ServerProcess, NodeJS.Timeout>();

  function park(languages: string, server: ServerProcess): void {
    hold(server, false);
    const list = idle.get(languages) ?? [];
    list.push(server);
    idle.set(languages, list);
    const timer = setTimeout(() => {
      idleTimers.delete(server);
      const index = list.indexOf(server);
      if (index >= 0) list.splice(index, 1);
      server.end();
    }, idleMs);
    timer.unref();
    idleTimers.set(server, timer);
  }

  async function acquire(languages: string, timeoutMs: number): Promise<ServerProcess> {
    const reused = idle.get(languages)?.pop();
    if (reused) {
      clearTimeout(idleTimers.get(reused));
      idleTimers.delete(reused);
      return reused;
    }
    const server = startServer(binary, languages);
    hold(server, true);
    const start = watchdog(server, timeoutMs);
    let greeting: string;
    try {
      greeting = await server.nextLine();
    } catch (error) {
      server.end();
      if (start.fired()) throw createError({ code: 'process_timeout', message: `tesseract did not start within ${timeoutMs} ms` });
      throw startFailure(error instanceof Error ? error.message : String(error), server.stderr());
    } finally {
      start.cancel();
    }
    if (greeting === 'ready') return server;
    server.end();
    throw startFailure(greeting.replace(/^error /, ''), server.stderr());
  }

  return {
    async recognize(request) {
      if (/[\t\n\r]/.test(request.imagePath + request.outBase)) throw new RangeError('tab or line break in an OCR file path');
      const server = await acquire(request.languages, request.timeoutMs);
      hold(server, true);
      const page = watchdog(server, request.timeoutMs);
      let reusable = false;
      try {
        const flags = `${request.wantPdf ? 'p' : ''}${request.wantPdf && request.textOnlyPdf ? 't' : ''}` || '-';
        server.child.stdin.write(`${request.imagePath}\t${request.outBase}\t${Math.round(request.dpi)}\t${flags}\n`);
        const reply = await server.nextLine().catch((error: unknown) => {
          if (page.fired()) throw createError({ code: 'process_timeout', message: `tesseract did not finish within ${request.timeoutMs} ms` });
          // Crashed on this page (a signal): may well succeed on retry.
          throw createError({ code: 'ocr_failed', message: `tesseract was killed: ${error instanceof Error ? error.message : String(error)}` });
        });
        if (reply !== 'ok') throw createQuarantineError('ocr_failed', `tesseract: ${reply.replace(/^error /, '')}`);
        server.served += 1;
        reusable = server.served < recycleAfterPages;
      } finally {
        page.cancel();
        if (reusable) {
          park(request.languages, server);
        } else {
          server.end();
        }
      }
    },
    close() {
      for (const timer of idleTimers.values()) clearTimeout(timer);
      idleTimers.clear();
      for (const list of idle.values()) for (const server of list.splice(0)) server.end();
    },
  };
}

function startFailure(message: string, stderr: string): Error {
  const details = `${message} ${stderr}`.trim();
  if (/could not initialize|Failed loading language|Error opening data file/i.test(details)) {
    // An installation problem, not a problem of this letter: do not quarantine it.
    return createError({ code: 'system.missing_dependency', message: `tesseract language data missing: ${details.slice(0, 300)}` });
  }
  return createError({ code: 'ocr_failed', message: `tesseract server did not start: ${details.slice(0, 300)}` });
}
