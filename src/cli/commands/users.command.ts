import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { roles, type Role } from '../../modules/auth/auth.types.ts';
import { createUsersService } from '../../modules/auth/users.service.ts';
import { openDatabase } from '../../modules/database/database.ts';
import { UsageError } from '../cli.errors.ts';
import { configFrom } from '../cli.options.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One password per input; only the line break a shell or `echo` adds is not part of it.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function parseRole(value: string): Role {
  if (!(roles as readonly string[]).includes(value)) throw new UsageError(`--role: one of ${roles.join(', ')}, got ${value}`);
  return value as Role;
}

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('local accounts of the web workspace and API');

  users
    .command('add')
    .description('create an account (password from stdin, or a generated one printed once)')
    .requiredOption('--username <username>', 'login name, unique per tenant (case-insensitive)')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .option('--display-name <name>', 'name shown in the workspace (default: the username)')
    .option('--locale <locale>', 'de or en', 'de')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print JSON')
    .action(async (options: { username: string; role: string; displayName?: string; locale: string; passwordStdin?: boolean; json?: boolean }, command: Command) => {
      const role = parseRole(options.role);
      if (options.locale !== 'de' && options.locale !== 'en') throw new UsageError(`--locale: de or en, got ${options.locale}`);
      if (!/^[\p{L}\p{N}._@-]{2,64}$/u.test(options.username)) throw new UsageError('--username: 2–64 letters, digits and . _ @ -');
      const generated = !options.passwordStdin;
      const password = options.passwordStdin ? await readStdin() : randomBytes(15).toString('base64url');
      if (password.length < 10) throw new UsageError('password: at least 10 characters');
      const config = configFrom(command);
      const database = await openDatabase(config, { maxConnections: 2 });
      try {
        await database.db.insertInto('tenants').values({ id: config.tenantId, name: config.tenantId }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
        const account = await createUsersService({ db: database.db }).create({
          tenantId: config.tenantId,
          username: options.username,
          displayName: options.displayName ?? options.username,
          password,
          role,
          locale: options.locale,
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ id: account.id, username: account.username, displayName: account.displayName, role: account.role, tenantId: account.tenantId, ...(generated ? { password } : {}) })}\n`);
        } else {
          process.stdout.write(`created ${account.username} (${account.role}) in tenant ${account.tenantId}\n`);
          if (generated) process.stdout.write(`password (shown once): ${password}\n`);
        }
      } finally {
        await database.close();
      }
    });

  users
    .command('set-password')
    .description('set a new password (from stdin, or a generated one printed once); ends the account\'s sessions')
    .requiredOption('--username <username>', 'login name')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (options: { username: string; passwordStdin?: boolean }, command: Command) => {
      const password = options.passwordStdin ? await readStdin() : randomBytes(15).toString('base64url');
      if (password.length < 10) throw new UsageError('password: at least 10 characters');
      const config = configFrom(command);
      const database = await openDatabase(config, { maxConnections: 2 });
      try {
        const service = createUsersService({ db: database.db });
        const account = (await service.list(config.tenantId)).find((candidate) => candidate.username.toLowerCase() === options.username.trim().toLowerCase());
        if (!account) throw new UsageError(`no account ${options.username} in tenant ${config.tenantId}`);
        await service.update(config.tenantId, account.id, { password });
        process.stdout.write(`new password set for ${account.username}; its sessions have ended\n`);
        if (!options.passwordStdin) process.stdout.write(`password (shown once): ${password}\n`);
      } finally {
        await database.close();
      }
    });

  users
    .command('list')
    .description("the tenant's accounts")
    .option('--json', 'print JSON lines')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = configFrom(command);
      const database = await openDatabase(config, { maxConnections: 2 });
      try {
        const accounts = await createUsersService({ db: database.db }).list(config.tenantId);
        for (const account of accounts) {
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ id: account.id, username: account.username, displayName: account.displayName, role: account.role, locale: account.locale, disabled: account.disabled, lastLoginAt: account.lastLoginAt?.toISOString() ?? null })}\n`,
            );
          } else {
            const lastLogin = account.lastLoginAt ? account.lastLoginAt.toISOString().slice(0, 16).replace('T', ' ') : 'never';
            process.stdout.write(`${account.username.padEnd(24)} ${account.role.padEnd(10)} ${account.disabled ? 'disabled' : 'active  '} last login ${lastLogin}  ${account.displayName}\n`);
          }
        }
        if (!options.json && accounts.length === 0) process.stdout.write(`no accounts in tenant ${config.tenantId}\n`);
      } finally {
        await database.close();
      }
    });
}
