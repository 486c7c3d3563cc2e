import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditEvent, AuditLog } from '../audit/audit.types.ts';
import { principalOf, sessionCookieName } from './auth.plugin.ts';
import { admins, readers, roles, type Principal } from './auth.types.ts';
import type { LoginThrottle } from './login.throttle.ts';
import type { SessionsService } from './sessions.service.ts';
import { digestSecret } from './secrets.ts';
import type { TokensService } from './tokens.service.ts';
import type { Account, UsersService } from './users.service.ts';

export interface AuthRoutesDependencies {
  users: UsersService;
  sessions: SessionsService;
  tokens: TokensService;
  throttle: LoginThrottle;
  /** Tenant for a login that names none (single-tenant installations). */
  defaultTenantId: string;
  /** Records logins, logouts, account and token changes when the audit trail is wired. */
  audit?: AuditLog;
}

const role = z.enum(roles);
const locale = z.enum(['de', 'en']);
const tenant = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/);
const username = z.string().trim().min(2).max(64).regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only');
const displayName = z.string().trim().min(1).max(120);
// Long passphrases are welcome; the cap only bounds the work of hashing.
const password = z.string().min(10).max(1024);

const sessionUser = z.object({ id: z.string(), username: z.string(), displayName: z.string(), role, tenantId: z.string(), locale });
const accountResponse = sessionUser.extend({ disabled: z.boolean(), createdAt: z.string(), lastLoginAt: z.string().nullable() });
const tokenResponse = z.object({ id: z.string(), name: z.string(), role, createdBy: z.string().nullable(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
const errorResponse = z.object({ code: z.string(), message: z.string() });
const idParams = z.object({ id: z.string().uuid() });

const toSessionUser = (account: Account) => ({ id: account.id, username: account.username, displayName: account.displayName, role: account.role, tenantId: account.tenantId, locale: account.locale });
const toAccountResponse = (account: Account) => ({ ...toSessionUser(account), disabled: account.disabled, createdAt: account.createdAt.toISOString(), lastLoginAt: account.lastLoginAt?.toISOString() ?? null });

function sessionCookie(request: FastifyRequest, expires: Date) {
  return { httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https', path: '/', expires };
}

/** Login, logout, the current user, and the admin's management of accounts and API tokens. */
export function authRoutes(deps: AuthRoutesDependencies): FastifyPluginAsyncZod {
  const { users, sessions, tokens, throttle, audit } = deps;
  const record = async (principal: Principal | null, event: Omit<AuditEvent, 'tenantId' | 'actorId' | 'actorName'> & { tenantId?: string }) => {
    if (!audit) return;
    await audit.record({ tenantId: event.tenantId ?? principal?.tenantId ?? deps.defaultTenantId, actorId: principal?.id ?? null, actorName: principal?.displayName ?? 'anonymous', ...event });
  };

  return async (server) => {
    server.post(
      '/api/v1/auth/login',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Log in: sets the session cookie and returns the user with the CSRF token',
          body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024), tenant: tenant.optional() }),
          response: { 200: z.object({ user: sessionUser, csrfToken: z.string() }), 401: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => {
        const tenantId = request.body.tenant ?? deps.defaultTenantId;
        const attempt = { tenantId, address: request.ip, username: request.body.username };
        await throttle.assertAllowed(attempt);
        const account = await users.verifyCredentials(tenantId, request.body.username, request.body.password);
        if (!account) {
          await throttle.recordFailure(attempt);
          await record(null, { tenantId, action: 'user.login_failed', subjectType: 'user', subjectId: null });
          return reply.code(401).send({ code: 'auth.invalid_credentials', message: 'wrong username or password' });
        }
        await throttle.recordSuccess(attempt);
        // Housekeeping where it costs nothing noticeable: logins are rare next to other requests.
        await Promise.all([sessions.purgeExpired(), throttle.purgeStale()]);
        // A cookie sent along with the login belongs to an earlier session: end it (no session fixation).
        const previous = request.cookies[sessionCookieName];
        if (previous) await sessions.close(previous);
        const session = await sessions.open(account);
        reply.setCookie(sessionCookieName, session.secret, sessionCookie(request, session.expiresAt));
        const principal: Principal = { kind: 'user', id: account.id, username: account.username, displayName: account.displayName, role: account.role, tenantId: account.tenantId };
        await record(principal, { action: 'user.login', subjectType: 'user', subjectId: account.id });
        return { user: toSessionUser(account), csrfToken: session.csrfToken };
      },
    );

    server.post(
      '/api/v1/auth/logout',
      { config: { access: readers }, schema: { tags: ['auth'], summary: 'Log out: ends the session', response: { 204: z.null() } } },
      async (request, reply: FastifyReply) => {
        if (request.authSessionSecret) await sessions.close(request.authSessionSecret);
        reply.clearCookie(sessionCookieName, { path: '/' });
        await record(principalOf(request), { action: 'user.logout', subjectType: 'user', subjectId: principalOf(request).id });
        return reply.code(204).send(null);
      },
    );

    server.get(
      '/api/v1/auth/me',
      {
        config: { access: readers },
        schema: { tags: ['auth'], summary: 'The logged-in user and the CSRF token (null for API tokens, which need none)', response: { 200: z.object({ user: sessionUser, csrfToken: z.string().nullable() }) } },
      },
      async (request) => {
        if (request.authSession) return { user: toSessionUser(request.authSession.account), csrfToken: request.authSession.csrfToken };
        const principal = principalOf(request);
        return { user: { id: principal.id, username: principal.username, displayName: principal.displayName, role: principal.role, tenantId: principal.tenantId, locale: 'de' as const }, csrfToken: null };
      },
    );

    server.post(
      '/api/v1/auth/password',
      {
        config: { access: readers },
        schema: {
          tags: ['auth'],
          summary: 'Change your own password (ends your other sessions)',
          body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: password }),
          response: { 204: z.null(), 403: errorResponse, 429: errorResponse },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        if (principal.kind !== 'user') return reply.code(403).send({ code: 'auth.no_password', message: 'API tokens have no password' });
        // Guessing the current password from a hijacked session is throttled like a login.
        const attempt = { tenantId: principal.tenantId, address: request.ip, username: principal.username };
        await throttle.assertAllowed(attempt);
        try {
          await users.changeOwnPassword({
            tenantId: principal.tenantId,
            id: principal.id,
            currentPassword: request.body.currentPassword,
            newPassword: request.body.newPassword,
            keepSessionId: request.authSessionSecret ? digestSecret(request.authSessionSecret) : null,
          });
        } catch (error) {
          if ((error as { code?: string }).code === 'auth.wrong_password') await throttle.recordFailure(attempt);
          throw error;
        }
        await record(principal, { action: 'user.update', subjectType: 'user', subjectId: principal.id, details: { fields: ['password'], self: true } });
        return reply.code(204).send(null);
      },
    );

    server.get(
      '/api/v1/users',
      { config: { access: admins }, schema: { tags: ['users'], summary: "The tenant's accounts", response: { 200: z.array(accountResponse) } } },
      async (request) => (await users.list(principalOf(request).tenantId)).map(toAccountResponse),
    );

    server.post(
      '/api/v1/users',
      {
        config: { access: admins },
        schema: {
          tags: ['users'],
          summary: 'Create an account',
          body: z.object({ username, displayName, password, role, locale: locale.default('de') }),
          response: { 201: accountResponse, 409: errorResponse },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const account = await users.create({ tenantId: principal.tenantId, ...request.body });
        await record(principal, { action: 'user.create', subjectType: 'user', subjectId: account.id, details: { role: account.role } });
        return reply.code(201).send(toAccountResponse(account));
      },
    );

    server.patch(
      '/api/v1/users/:id',
      {
        config: { access: admins },
        schema: {
          tags: ['users'],
          summary: 'Change an account (a new password or disabling ends its sessions)',
          params: idParams,
          body: z.object({ displayName: displayName.optional(), role: role.optional(), password: password.optional(), disabled: z.boolean().optional(), locale: locale.optional() }),
          response: { 200: accountResponse, 404: errorResponse, 409: errorResponse },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const { account, changedFields } = await users.update(principal.tenantId, request.params.id, request.body);
        if (changedFields.length > 0) await record(principal, { action: 'user.update', subjectType: 'user', subjectId: account.id, details: { fields: changedFields } });
        return toAccountResponse(account);
      },
    );

    server.get(
      '/api/v1/tokens',
      { config: { access: admins }, schema: { tags: ['tokens'], summary: "The tenant's API tokens (never their secrets)", response: { 200: z.array(tokenResponse) } } },
      async (request) => (await tokens.list(principalOf(request).tenantId)).map(toTokenResponse),
    );

    server.post(
      '/api/v1/tokens',
      {
        config: { access: admins },
        schema: {
          tags: ['tokens'],
          summary: 'Create an API token; its secret is in this response only',
          body: z.object({ name: z.string().trim().min(1).max(120), role }),
          response: { 201: tokenResponse.extend({ token: z.string() }) },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const { token, secret } = await tokens.create({ tenantId: principal.tenantId, name: request.body.name, role: request.body.role, createdBy: principal.kind === 'user' ? principal.id : null });
        await record(principal, { action: 'token.create', subjectType: 'token', subjectId: token.id, details: { role: token.role } });
        return reply.code(201).send({ ...toTokenResponse(token), token: secret });
      },
    );

    server.delete(
      '/api/v1/tokens/:id',
      { config: { access: admins }, schema: { tags: ['tokens'], summary: 'Revoke an API token', params: idParams, response: { 204: z.null(), 404: errorResponse } } },
      async (request, reply) => {
        const principal = principalOf(request);
        const token = await tokens.revoke(principal.tenantId, request.params.id);
        await record(principal, { action: 'token.revoke', subjectType: 'token', subjectId: token.id });
        return reply.code(204).send(null);
      },
    );
  };
}

function toTokenResponse(token: { id: string; name: string; role: (typeof roles)[number]; createdBy: string | null; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }) {
  return { id: token.id, name: token.name, role: token.role, createdBy: token.createdBy, createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null, revokedAt: token.revokedAt?.toISOString() ?? null };
}
