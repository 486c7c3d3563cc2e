import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createError } from './errors.ts';
import { LauncherGoneError, sharedProcessLauncher, type ProcessLauncher } from './process-launcher.ts';

export interface ProcessResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

export interface RunProcessOptions {
  timeoutMs: number;
  input?: Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Cap on captured stdout, so a hostile input cannot exhaust memory. */
  maxStdoutBytes?: number;
}

const defaultMaxStdout = 256 * 1024 * 1024;
const maxStderrChars = 64 * 1024;
const ENOENT = 2;
const SIGXFSZ = 25;
let launchCounter = 0;

function missingDependency(command: string, cause?: unknown) {
  return createError({ code: 'system.missing_dependency', message: `${command} is not installed (run npm run setup)`, cause });
}

function timeoutError(command: string, options: RunProcessOptions) {
  return createError({ code: 'process_timeout', message: `${command} did not finish within ${options.timeoutMs} ms` });
}

function overflowError(command: string, max: number) {
  return createError({ code: 'process_output_too_large', message: `${command} wrote more than ${max} bytes` });
}

/**
 * Runs an external program (tesseract, poppler) with a hard timeout. Never goes
 * through a shell, so file names cannot inject commands. Started through the
 * process launcher when it is built (see process-launcher.ts: a fork of the
 * Node process costs ~19 ms at pipeline size), else forked by Node.
 */
export async function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  const launcher = sharedProcessLauncher();
  if (launcher) {
    try {
      return await runThroughLauncher(launcher, command, args, options);
    } catch (error) {
      // The helper died (killed, out of memory): its programs died with it; run this one the ordinary way.
      if (!(error instanceof LauncherGoneError)) throw error;
    }
  }
  return forkProcess(command, args, options);
}

async function runThroughLauncher(launcher: ProcessLauncher, command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  const maxStdout = options.maxStdoutBytes ?? defaultMaxStdout;
  launchCounter += 1;
  const base = path.join(launcher.workDir, `${process.pid}-${launchCounter}`);
  const stdoutPath = `${base}.out`;
  const stderrPath = `${base}.err`;
  const stdinPath = options.input ? `${base}.in` : undefined;
  try {
    if (stdinPath && options.input) await fs.writeFile(stdinPath, options.input);
    const run = launcher.launch({
      command,
      args,
      // Node's spawn reads process.env at each call; so does this.
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdinPath,
      stdoutPath,
      stderrPath,
      // Only an explicit cap limits the program's files (some write their real output to files, not stdout).
      maxFileBytes: options.maxStdoutBytes ?? 0,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      run.kill();
    }, options.timeoutMs);
    const outcome = await run.done.finally(() => clearTimeout(timer));
    if (outcome.kind === 'error') {
      if (outcome.errno === ENOENT) throw missingDependency(command);
      throw createError({ code: 'system.process_start_failed', message: `${command} could not be started (errno ${outcome.errno})` });
    }
    if (timedOut) throw timeoutError(command, options);
    const stdoutSize = (await fs.stat(stdoutPath).catch(() => null))?.size ?? 0;
    if (stdoutSize > maxStdout || (outcome.kind === 'signal' && outcome.signal === SIGXFSZ)) throw overflowError(command, maxStdout);
    const [stdout, stderr] = await Promise.all([fs.readFile(stdoutPath).catch(() => Buffer.alloc(0)), readHead(stderrPath, maxStderrChars)]);
    return { stdout, stderr, exitCode: outcome.kind === 'exit' ? outcome.code : -1 };
  } finally {
    // The program's stdio files, best effort.
    await Promise.all([stdoutPath, stderrPath, stdinPath].map((file) => (file ? fs.rm(file, { force: true }) : undefined)));
  }
}

async function readHead(file: string, bytes: number): Promise<string> {
  const handle = await fs.open(file, 'r').catch(() => null);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function forkProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  const maxStdout = options.maxStdoutBytes ?? defaultMaxStdout;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let timedOut = false;
    let overflow = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxStdout) {
        overflow = true;
        child.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < maxStderrChars) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') {
        reject(missingDependency(command, error));
      } else {
        reject(error);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(timeoutError(command, options));
        return;
      }
      if (overflow) {
        reject(overflowError(command, maxStdout));
        return;
      }
      resolve({ stdout: Buffer.concat(chunks), stderr, exitCode: code ?? -1 });
    });
    if (options.input && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}
