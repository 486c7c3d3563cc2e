import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

/**
 * A real IMAP server for tests: Debian's dovecot (package dovecot-imapd),
 * started in the foreground with its own configuration in a temp dir —
 * 127.0.0.1 on a free port, no TLS, passwd-file users, maildirs in the temp
 * dir. When run as root, mail is owned by `nobody` (dovecot refuses root).
 */
export interface ImapTestServer {
  host: string;
  port: number;
  /** Creates (or replaces) a user with this password. */
  addUser(user: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}: ${await fs.readFile(logFile, 'utf8').catch(() => '')}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dovecot did not open port ${port}: ${await fs.readFile(logFile, 'utf8').catch(() => '')}`);
}

export async function startImapServer(): Promise<ImapTestServer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-imap-'));
  await fs.chmod(dir, 0o755);
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  const mailUid = isRoot ? 65534 : (process.getuid?.() ?? 1000);
  const mailGid = isRoot ? 65534 : (process.getgid?.() ?? 1000);
  const serviceUser = isRoot ? 'dovecot' : os.userInfo().username;
  const loginUser = isRoot ? 'dovenull' : os.userInfo().username;
  for (const sub of ['run', 'state', 'mail', 'home']) await fs.mkdir(path.join(dir, sub), { recursive: true });
  if (isRoot) {
    await fs.chown(path.join(dir, 'mail'), mailUid, mailGid);
    await fs.chown(path.join(dir, 'home'), mailUid, mailGid);
  }
  const passwd = path.join(dir, 'passwd');
  await fs.writeFile(passwd, '');
  const logFile = path.join(dir, 'dovecot.log');
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${logFile}
info_log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${serviceUser}
default_internal_group = ${isRoot ? 'dovecot' : os.userInfo().username}
default_login_user = ${loginUser}
first_valid_uid = 1
last_valid_uid = 0
first_valid_gid = 1
mail_location = maildir:${dir}/mail/%u
mail_privileged_group =
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwd}
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
  const configFile = path.join(dir, 'dovecot.conf');
  await fs.writeFile(configFile, config);
  const child = spawn('dovecot', ['-F', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort(port, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  let passwdStamp = 0;
  return {
    host: '127.0.0.1',
    port,
    async addUser(user, password) {
      const lines = (await fs.readFile(passwd, 'utf8')).split('\n').filter((line) => line && !line.startsWith(`${user}:`));
      lines.push(`${user}:{PLAIN}${password}::::::`);
      await fs.writeFile(passwd, `${lines.join('\n')}\n`);
      // dovecot re-reads the passwd file when its mtime (in whole seconds) changes: two users
      // added within one second would leave the second one unknown, so every change gets a new second.
      passwdStamp = Math.max(Math.floor(Date.now() / 1000), passwdStamp + 1);
      await fs.utimes(passwd, passwdStamp, passwdStamp);
      // …and it may still answer from what it read a moment ago: return once the user can log in.
      for (let attempt = 0; ; attempt += 1) {
        const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
        try {
          await client.connect();
          await client.logout();
          return;
        } catch (error) {
          client.close();
          if (attempt >= 100) throw new Error(`dovecot does not accept the new user ${user}`, { cause: error });
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
