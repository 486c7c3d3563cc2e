import fs from 'node:fs';
import os from 'node:os';
import { isProcessAlive } from './process-alive.ts';

/**
 * A cross-process lock on one machine: an exclusively created file holding the
 * owner's pid. A lock left behind by a killed process is taken over.
 */
export async function withFileLock<T>(lockFile: string, action: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx', 0o600);
      fs.writeSync(fd, `${process.pid}\n${os.hostname()}\n`);
      fs.closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidText, host] = (() => {
        try {
          return fs.readFileSync(lockFile, 'utf8').split('\n');
        } catch {
          return ['', ''];
        }
      })();
      const pid = Number.parseInt(pidText ?? '', 10);
      const stale = host === os.hostname() && Number.isFinite(pid) && !isProcessAlive(pid);
      if (stale || (pidText === '' && fs.existsSync(lockFile) && Date.now() - fs.statSync(lockFile).mtimeMs > 10_000)) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockFile} held by pid ${pidText}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
    }
  }
  try {
    return await action();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
