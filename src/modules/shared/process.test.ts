import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessLauncher, findProcessLauncher, sharedProcessLauncher, type ProcessLauncher } from './process-launcher.ts';
import { runProcess } from './process.ts';

const launcherBinary = findProcessLauncher();
let scratch: string;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-process-test-'));
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

describe('runProcess', () => {
  it('is started through the launcher here (set-up builds it)', () => {
    // Set-up builds it wherever g++ exists, as on every machine that runs these tests.
    expect(launcherBinary).not.toBeNull();
  });

  it('returns stdout byte for byte, stderr and the exit code', async () => {
    const result = await runProcess('sh', ['-c', 'printf "\\000\\377abc"; echo warnung >&2; exit 3'], { timeoutMs: 10_000 });
    expect([...result.stdout]).toEqual([0, 255, 97, 98, 99]);
    expect(result.stderr).toBe('warnung\n');
    expect(result.exitCode).toBe(3);
  });

  it('passes arguments without a shell, so names cannot inject commands', async () => {
    const hostile = 'a b; rm -rf / $(echo x) `id` "q" \n\t ü€';
    const result = await runProcess('printf', ['%s', hostile], { timeoutMs: 10_000 });
    expect(result.stdout.toString('utf8')).toBe(hostile);
  });

  it('rejects a NUL byte in an argument, as Node does', async () => {
    await expect(runProcess('printf', ['%s', 'a\0b'], { timeoutMs: 10_000 })).rejects.toThrow(/null bytes|NUL bytes/);
  });

  it('feeds input on stdin, and honours env and cwd', async () => {
    const result = await runProcess('sh', ['-c', 'cat; echo "$POSTSTELLE_X"; pwd'], {
      timeoutMs: 10_000,
      input: Buffer.from('eingabe\n'),
      env: { PATH: process.env.PATH, POSTSTELLE_X: 'wert' },
      cwd: scratch,
    });
    expect(result.stdout.toString('utf8')).toBe(`eingabe\nwert\n${await fs.realpath(scratch)}\n`);
  });

  it('sees changes to process.env made after the first program started', async () => {
    process.env.POSTSTELLE_PROCESS_TEST = 'später';
    try {
      const result = await runProcess('sh', ['-c', 'printf %s "$POSTSTELLE_PROCESS_TEST"'], { timeoutMs: 10_000 });
      expect(result.stdout.toString('utf8')).toBe('später');
    } finally {
      delete process.env.POSTSTELLE_PROCESS_TEST;
    }
  });

  it('kills a program that runs past its timeout', async () => {
    const started = Date.now();
    await expect(runProcess('sleep', ['30'], { timeoutMs: 300 })).rejects.toMatchObject({ code: 'process_timeout' });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('stops a program whose stdout exceeds the cap', async () => {
    await expect(runProcess('head', ['-c', '200000', '/dev/urandom'], { timeoutMs: 10_000, maxStdoutBytes: 1000 })).rejects.toMatchObject({
      code: 'process_output_too_large',
    });
  });

  it('reports a program that is not installed as a missing dependency', async () => {
    await expect(runProcess('poststelle-no-such-program', [], { timeoutMs: 10_000 })).rejects.toMatchObject({ code: 'system.missing_dependency' });
  });

  it('runs many programs at once and gives each its own output', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, index) => runProcess('sh', ['-c', `echo ${index}`], { timeoutMs: 10_000 })));
    expect(results.map((result) => result.stdout.toString('utf8').trim())).toEqual(Array.from({ length: 40 }, (_, index) => String(index)));
  });

  it('runs a program again the ordinary way when the launcher dies under it', async () => {
    const launcher = sharedProcessLauncher();
    const running = runProcess('sh', ['-c', 'sleep 0.3; echo fertig'], { timeoutMs: 10_000 });
    if (launcher) {
      const pid = launcher.helperPid();
      expect(pid).toBeGreaterThan(0);
      process.kill(pid as number, 'SIGKILL');
    }
    expect((await running).stdout.toString('utf8')).toBe('fertig\n');
    // The next program starts a new launcher.
    expect((await runProcess('echo', ['wieder da'], { timeoutMs: 10_000 })).stdout.toString('utf8')).toBe('wieder da\n');
    if (launcher) expect(launcher.helperPid()).toBeGreaterThan(0);
  });

  it('leaves no stdio files behind', async () => {
    await runProcess('sh', ['-c', 'echo out; echo err >&2'], { timeoutMs: 10_000, input: Buffer.from('x') });
    await runProcess('sleep', ['30'], { timeoutMs: 100 }).catch(() => undefined);
    const launcher = sharedProcessLauncher();
    expect(launcher && (await fs.readdir(launcher.workDir))).toEqual(launcher ? [] : null);
  });
});

describe.runIf(launcherBinary !== null)('process launcher', () => {
  let launcher: ProcessLauncher;
  beforeAll(() => {
    launcher = createProcessLauncher(launcherBinary as string);
  });
  const files = (name: string) => ({ stdoutPath: path.join(launcher.workDir, `${name}.out`), stderrPath: path.join(launcher.workDir, `${name}.err`) });

  it('reports exit codes, signals and start failures', async () => {
    expect(await launcher.launch({ command: 'sh', args: ['-c', 'exit 7'], ...files('a'), maxFileBytes: 0 }).done).toEqual({ kind: 'exit', code: 7 });
    expect(await launcher.launch({ command: 'sh', args: ['-c', 'kill -TERM $$'], ...files('b'), maxFileBytes: 0 }).done).toEqual({ kind: 'signal', signal: 15 });
    expect(await launcher.launch({ command: 'poststelle-no-such-program', args: [], ...files('c'), maxFileBytes: 0 }).done).toEqual({ kind: 'error', errno: 2 });
  });

  it('kills a program and its children on request', async () => {
    const run = launcher.launch({ command: 'sh', args: ['-c', 'sleep 30 & sleep 30; wait'], ...files('d'), maxFileBytes: 0 });
    setTimeout(() => run.kill(), 100);
    expect(await run.done).toEqual({ kind: 'signal', signal: 9 });
  });

  it('caps the files a program writes when asked to', async () => {
    const outcome = await launcher.launch({ command: 'head', args: ['-c', '100000', '/dev/urandom'], ...files('e'), maxFileBytes: 500 }).done;
    expect(outcome).toEqual({ kind: 'signal', signal: 25 });
    expect((await fs.stat(files('e').stdoutPath)).size).toBe(501);
  });
});
