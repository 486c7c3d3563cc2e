import { spawn } from 'node:child_process';
import { createError } from './errors.ts';

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

/**
 * Runs an external program (tesseract, poppler) with a hard timeout. Never goes
 * through a shell, so file names cannot inject commands.
 */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  const maxStdout = options.maxStdoutBytes ?? 256 * 1024 * 1024;
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
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') {
        reject(createError({ code: 'system.missing_dependency', message: `${command} is not installed (run npm run setup)`, cause: error }));
      } else {
        reject(error);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(createError({ code: 'process_timeout', message: `${command} did not finish within ${options.timeoutMs} ms` }));
        return;
      }
      if (overflow) {
        reject(createError({ code: 'process_output_too_large', message: `${command} wrote more than ${maxStdout} bytes` }));
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
