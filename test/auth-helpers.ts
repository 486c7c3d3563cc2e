import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Principal, Role } from '../src/modules/auth/auth.types.ts';
import { createTokensService } from '../src/modules/auth/tokens.service.ts';
import { createUsersService, type Account } from '../src/modules/auth/users.service.ts';
import type { Database } from '../src/modules/database/database.types.ts';

/**
 * Logging in from tests: real accounts (scrypt-hashed), real sessions through
 * POST /api/v1/auth/login, real API tokens. Use `loginAs` for what the web UI
 * does (cookie + CSRF header) and `createTestToken` for integrations.
 */
export const testPassword = 'Sommer-Brief-Kasten-2026';

const people = [
  ['anna.schmidt', 'Anna Schmidt'],
  ['jürgen.weiß', 'Jürgen Weiß'],
  ['özlem.yilmaz', 'Özlem Yılmaz'],
  ['karl-heinz.bäcker', 'Karl-Heinz Bäcker'],
  ['marie.schäfer', 'Marie Schäfer'],
  ['lukas.hoffmann', 'Lukas Hoffmann'],
  ['fatma.demir', 'Fatma Demir'],
  ['henrike.groß', 'Henrike Groß'],
] as const;
let sequence = 0;

interface HasDb {
  db: Kysely<Database>;
}

export async function ensureTestTenant(app: HasDb, tenantId: string): Promise<void> {
  await app.db.insertInto('tenants').values({ id: tenantId, name: `Mandant ${tenantId}` }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
}

export async function createTestUser(app: HasDb, options: { role: Role; tenantId?: string; username?: string; displayName?: string; password?: string }): Promise<{ account: Account; password: string }> {
  const tenantId = options.tenantId ?? 'default';
  await ensureTestTenant(app, tenantId);
  const [username, displayName] = people[sequence % people.length] ?? people[0];
  sequence += 1;
  const password = options.password ?? testPassword;
  const account = await createUsersService({ db: app.db }).create({
    tenantId,
    username: options.username ?? `${username}.${sequence}`,
    displayName: options.displayName ?? displayName,
    password,
    role: options.role,
  });
  return { account, password };
}

export interface TestSession {
  account: Account;
  csrfToken: string;
  /** `pst_session=…` for the cookie header */
  cookie: string;
  /** headers for a GET */
  headers: { cookie: string };
  /** headers for POST/PUT/PATCH/DELETE: cookie plus x-csrf-token */
  writeHeaders: { cookie: string; 'x-csrf-token': string };
}

/** Creates an account with the role and logs it in through the real login route. */
export async function loginAs(server: FastifyInstance, app: HasDb, role: Role, options: { tenantId?: string } = {}): Promise<TestSession> {
  const { account, password } = await createTestUser(app, { role, tenantId: options.tenantId });
  const response = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: account.username, password, tenant: account.tenantId } });
  if (response.statusCode !== 200) throw new Error(`login as ${role} failed: ${response.statusCode} ${response.body}`);
  const sessionCookie = response.cookies.find((cookie) => cookie.name === 'pst_session');
  if (!sessionCookie) throw new Error('login set no pst_session cookie');
  const cookie = `pst_session=${sessionCookie.value}`;
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return { account, csrfToken, cookie, headers: { cookie }, writeHeaders: { cookie, 'x-csrf-token': csrfToken } };
}

/** An API token with the role: `headers` carries `authorization: Bearer pst_…` (no CSRF needed). */
export async function createTestToken(app: HasDb, options: { role: Role; tenantId?: string; name?: string }): Promise<{ id: string; token: string; headers: { authorization: string } }> {
  const tenantId = options.tenantId ?? 'default';
  await ensureTestTenant(app, tenantId);
  const { token, secret } = await createTokensService({ db: app.db }).create({ tenantId, name: options.name ?? `CRM-Anbindung ${options.role}`, role: options.role, createdBy: null });
  return { id: token.id, token: secret, headers: { authorization: `Bearer ${secret}` } };
}

/**
 * A bare Fastify server for testing one module's routes without the auth plugin: the principal
 * comes from the `x-test-principal` header (a key of `principals`), and a route's `config.access`
 * is enforced as the auth plugin does (401 without a principal, 403 for a role not listed).
 * Register the routes under test on the returned server.
 */
export function createHeaderPrincipalServer(principals: Record<string, Principal>): FastifyInstance {
  const server = Fastify();
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.decorateRequest('principal', null);
  server.addHook('onRequest', async (request, reply) => {
    const name = request.headers['x-test-principal'];
    request.principal = typeof name === 'string' ? (principals[name] ?? null) : null;
    const access = request.routeOptions.config.access;
    if (access !== 'public' && access !== undefined && (!request.principal || !access.includes(request.principal.role))) {
      return reply.code(request.principal ? 403 : 401).send({ code: 'auth.forbidden' });
    }
  });
  return server;
}
