import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createError } from '../../shared/errors.ts';

/**
 * IMAP mailboxes, several per tenant, in `<dataDir>/mailboxes.json`:
 *
 *   { "mailboxes": [ { "name": "kundenservice", "tenant": "default",
 *       "host": "imap.example.de", "port": 993, "tls": true,
 *       "user": "kundenservice@example.de", "passwordEnv": "POSTSTELLE_IMAP_KUNDENSERVICE",
 *       "folder": "INBOX", "afterImport": "flag" } ] }
 *
 * The password is never in the file: `passwordEnv` names the environment
 * variable that holds it. `afterImport`: `flag` sets \Seen and the keyword
 * (default `$Poststelle`); `move` moves the message to `moveTo`.
 */
export const mailboxConfigSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/),
    tenant: z.string().min(1).default('default'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(993),
    tls: z.boolean().default(true),
    user: z.string().min(1),
    passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/),
    folder: z.string().min(1).default('INBOX'),
    afterImport: z.enum(['flag', 'move']).default('flag'),
    moveTo: z.string().min(1).optional(),
    keyword: z.string().regex(/^\$?[A-Za-z][A-Za-z0-9_-]*$/).default('$Poststelle'),
    /** Polling interval when the server has no IDLE or the connection drops; also the IDLE fallback timer. */
    pollSeconds: z.number().int().min(5).max(3600).default(60),
    idle: z.boolean().default(true),
  })
  .refine((mailbox) => mailbox.afterImport !== 'move' || mailbox.moveTo !== undefined, { message: 'afterImport "move" needs moveTo' });

export type MailboxConfig = z.infer<typeof mailboxConfigSchema>;

export function mailboxesFile(dataDir: string): string {
  return path.join(dataDir, 'mailboxes.json');
}

/** The configured mailboxes ([] when the file is absent); a broken file is a usage error, not silence. */
export function loadMailboxes(dataDir: string): MailboxConfig[] {
  const file = mailboxesFile(dataDir);
  if (!fs.existsSync(file)) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw createError({ code: 'mail.config_invalid', message: `${file} is not valid JSON: ${(error as Error).message}`, statusCode: 400 });
  }
  const parsed = z.object({ mailboxes: z.array(mailboxConfigSchema) }).safeParse(raw);
  if (!parsed.success) {
    throw createError({ code: 'mail.config_invalid', message: `${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, statusCode: 400 });
  }
  const names = new Set<string>();
  for (const mailbox of parsed.data.mailboxes) {
    if (names.has(mailbox.name)) throw createError({ code: 'mail.config_invalid', message: `${file}: mailbox name "${mailbox.name}" is used twice`, statusCode: 400 });
    names.add(mailbox.name);
  }
  return parsed.data.mailboxes;
}

export function mailboxPassword(mailbox: MailboxConfig, env: NodeJS.ProcessEnv = process.env): string {
  const password = env[mailbox.passwordEnv];
  if (password === undefined || password === '') {
    throw createError({ code: 'mail.password_missing', message: `mailbox ${mailbox.name}: environment variable ${mailbox.passwordEnv} is not set`, statusCode: 400 });
  }
  return password;
}
