import type { Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import type { Role } from './auth.types.ts';
import { createUsersService } from './users.service.ts';

/** The demo's accounts, one per role; `npm start` prints them. Never use this password outside a demo. */
export const demoPassword = 'poststelle-demo';

export const demoUsers: ReadonlyArray<{ username: string; displayName: string; role: Role }> = [
  { username: 'admin', displayName: 'Petra Vogel', role: 'admin' },
  { username: 'supervisor', displayName: 'Jens Becker', role: 'supervisor' },
  { username: 'agent', displayName: 'Aylin Kaya', role: 'agent' },
  { username: 'auditor', displayName: 'Dr. Ulrich Brandt', role: 'auditor' },
];

/** Creates the demo accounts that do not exist yet (existing ones, and their passwords, are left alone). */
export async function ensureDemoUsers({ db, tenantId }: { db: Kysely<Database>; tenantId: string }): Promise<{ created: string[] }> {
  const users = createUsersService({ db });
  const created: string[] = [];
  for (const user of demoUsers) {
    const result = await users.ensure({ tenantId, ...user, password: demoPassword, locale: 'de' });
    if (result.created) created.push(user.username);
  }
  return { created };
}
