import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, createTestUser, loginAs, testPassword, type TestSession } from '../../../test/auth-helpers.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createServer } from '../../server/server.ts';
import { digestSecret } from './secrets.ts';

describe('accounts, sessions, CSRF and API tokens over HTTP', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let admin: TestSession;

  beforeAll(async () => {
    app = await createTestApp();
    server = await createServer(app);
    admin = await loginAs(server, app, 'admin');
  });

  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  it('logs in with a secure session cookie and answers /auth/me with the user and CSRF token', async () => {
    const { account, password } = await createTestUser(app, { role: 'agent', username: 'Björn.Müller', displayName: 'Björn Müller' });
    // Usernames are case-insensitive.
    const login = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'björn.müller', password } });
    expect(login.statusCode).toBe(200);
    const body = login.json();
    expect(body.user).toEqual({ id: account.id, username: 'Björn.Müller', displayName: 'Björn Müller', role: 'agent', tenantId: 'default', locale: 'de' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = login.cookies.find((candidate) => candidate.name === 'pst_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    // The database keeps the sha256 of the cookie, never the cookie itself.
    const sessions = await app.db.selectFrom('sessions').selectAll().where('user_id', '=', account.id).execute();
    expect(sessions.map((session) => session.id)).toEqual([digestSecret(cookie?.value ?? '')]);
    expect(JSON.stringify(sessions)).not.toContain(cookie?.value);

    const me = await server.inject({ url: '/api/v1/auth/me', headers: { cookie: `pst_session=${cookie?.value}` } });
    expect(me.json()).toEqual({ user: body.user, csrfToken: body.csrfToken });
    const lastLogin = await app.db.selectFrom('users').select('last_login_at').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(lastLogin.last_login_at).not.toBeNull();
    const audited = await app.db.selectFrom('audit_events').select(['action', 'actor_id', 'subject_id']).where('subject_id', '=', account.id).execute();
    expect(audited).toEqual([{ action: 'user.login', actor_id: account.id, subject_id: account.id }]);
  });

  it('marks the cookie Secure when served over https behind a trusted proxy', async () => {
    const { account, password } = await createTestUser(app, { role: 'auditor' });
    const proxied = await createServer({ ...app, config: { ...app.config, trustProxy: true } });
    try {
      const login = await proxied.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: account.username, password }, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.44' } });
      expect(login.statusCode).toBe(200);
      expect(login.cookies.find((cookie) => cookie.name === 'pst_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    } finally {
      await proxied.close();
    }
    // Without trusting the proxy, a client cannot claim https (or another address) by a header.
    const direct = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: account.username, password }, headers: { 'x-forwarded-proto': 'https' } });
    expect(direct.cookies.find((cookie) => cookie.name === 'pst_session')?.secure).toBeFalsy();
  });

  it('rejects wrong passwords, unknown and disabled users alike with 401 auth.invalid_credentials', async () => {
    const { account } = await createTestUser(app, { role: 'agent' });
    const wrong = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: account.username, password: 'Falsch-geraten-123' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('auth.invalid_credentials');
    const unknown = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'niemand.nirgendwo', password: testPassword } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('auth.invalid_credentials');
    await server.inject({ method: 'PATCH', url: `/api/v1/users/${account.id}`, headers: admin.writeHeaders, payload: { disabled: true } });
    const disabled = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: account.username, password: testPassword } });
    expect(disabled.statusCode).toBe(401);
    expect(wrong.cookies).toEqual([]);
  });

  it('needs the CSRF header for state-changing requests by cookie, but not by API token', async () => {
    const agent = await loginAs(server, app, 'agent');
    const noHeader = await server.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: agent.headers });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe('auth.csrf');
    const wrongHeader = await server.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { ...agent.headers, 'x-csrf-token': admin.csrfToken } });
    expect(wrongHeader.json().code).toBe('auth.csrf');
    const token = await createTestToken(app, { role: 'admin' });
    const byToken = await server.inject({ method: 'POST', url: '/api/v1/tokens', headers: token.headers, payload: { name: 'Archivsystem', role: 'auditor' } });
    expect(byToken.statusCode).toBe(201);
  });

  it('logs out: the session ends and the cookie is cleared', async () => {
    const agent = await loginAs(server, app, 'agent');
    const logout = await server.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: agent.writeHeaders });
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies.find((cookie) => cookie.name === 'pst_session')?.value).toBe('');
    const me = await server.inject({ url: '/api/v1/auth/me', headers: agent.headers });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('auth.unauthenticated');
  });

  it('ends sessions after the idle timeout and the absolute timeout', async () => {
    const idle = await loginAs(server, app, 'supervisor');
    await app.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 3 * 3_600_000) }).where('user_id', '=', idle.account.id).execute();
    expect((await server.inject({ url: '/api/v1/auth/me', headers: idle.headers })).statusCode).toBe(401);
    const old = await loginAs(server, app, 'supervisor');
    await app.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', old.account.id).execute();
    expect((await server.inject({ url: '/api/v1/auth/me', headers: old.headers })).statusCode).toBe(401);
    // The next login clears ended sessions out of the table.
    await loginAs(server, app, 'agent');
    const leftovers = await app.db.selectFrom('sessions').select('id').where('user_id', 'in', [idle.account.id, old.account.id]).execute();
    expect(leftovers).toEqual([]);
  });

  it('limits failed logins per address and username with 429, counted in the database', async () => {
    const { account, password } = await createTestUser(app, { role: 'agent' });
    const attempt = (pw: string, remoteAddress = '203.0.113.7') => server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: account.username, password: pw }, remoteAddress });
    for (let i = 0; i < 10; i += 1) expect((await attempt(`Versuch-Nummer-${i}`)).statusCode).toBe(401);
    const limited = await attempt(password);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('auth.rate_limited');
    // The same account from another address is not blocked.
    expect((await attempt(password, '198.51.100.20')).statusCode).toBe(200);
    // Neither addresses nor usernames are stored.
    const rows = await app.db.selectFrom('login_throttle').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('203.0.113.7');
    expect(JSON.stringify(rows)).not.toContain(account.username);
  });

  it('lets admins create, list and change accounts; a new password ends the sessions', async () => {
    const created = await server.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.writeHeaders,
      payload: { username: 'gül.kaya', displayName: 'Gül Kaya', password: 'Pflaumenkuchen-im-Herbst', role: 'agent', locale: 'en' },
    });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({ username: 'gül.kaya', role: 'agent', locale: 'en', disabled: false, lastLoginAt: null });
    expect(JSON.stringify(user)).not.toContain('Pflaumenkuchen');
    const taken = await server.inject({ method: 'POST', url: '/api/v1/users', headers: admin.writeHeaders, payload: { username: 'Gül.Kaya', displayName: 'Doppelt', password: 'Pflaumenkuchen-im-Herbst', role: 'agent' } });
    expect(taken.statusCode).toBe(409);
    const weak = await server.inject({ method: 'POST', url: '/api/v1/users', headers: admin.writeHeaders, payload: { username: 'kurz', displayName: 'Kurz', password: 'kurz', role: 'agent' } });
    expect(weak.statusCode).toBe(400);

    const login = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'gül.kaya', password: 'Pflaumenkuchen-im-Herbst' } });
    const cookie = `pst_session=${login.cookies[0]?.value}`;
    const promoted = await server.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: admin.writeHeaders, payload: { role: 'supervisor', displayName: 'Gül Kaya-Schulz' } });
    expect(promoted.json()).toMatchObject({ role: 'supervisor', displayName: 'Gül Kaya-Schulz' });
    // A role change applies to the running session at once.
    expect((await server.inject({ url: '/api/v1/auth/me', headers: { cookie } })).json().user.role).toBe('supervisor');
    await server.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: admin.writeHeaders, payload: { password: 'Zwetschgen-Datschi-2027' } });
    expect((await server.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);

    const list = (await server.inject({ url: '/api/v1/users', headers: admin.headers })).json() as Array<{ username: string }>;
    expect(list.map((entry) => entry.username)).toContain('gül.kaya');
    expect(JSON.stringify(list)).not.toMatch(/scrypt|password/i);
  });

  it('lets users change their own password with the current one; their other sessions end', async () => {
    const { account, password } = await createTestUser(app, { role: 'agent' });
    const login = async (pw: string) => server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: account.username, password: pw } });
    const first = await login(password);
    const second = await login(password);
    const firstHeaders = { cookie: `pst_session=${first.cookies[0]?.value}`, 'x-csrf-token': first.json().csrfToken as string };
    const secondCookie = `pst_session=${second.cookies[0]?.value}`;

    const wrong = await server.inject({ method: 'POST', url: '/api/v1/auth/password', headers: firstHeaders, payload: { currentPassword: 'Nicht-mein-Passwort', newPassword: 'Neues-Passwort-Frühling' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('auth.wrong_password');
    const changed = await server.inject({ method: 'POST', url: '/api/v1/auth/password', headers: firstHeaders, payload: { currentPassword: password, newPassword: 'Neues-Passwort-Frühling' } });
    expect(changed.statusCode).toBe(204);
    expect((await server.inject({ url: '/api/v1/auth/me', headers: { cookie: firstHeaders.cookie } })).statusCode).toBe(200);
    expect((await server.inject({ url: '/api/v1/auth/me', headers: { cookie: secondCookie } })).statusCode).toBe(401);
    expect((await login(password)).statusCode).toBe(401);
    expect((await login('Neues-Passwort-Frühling')).statusCode).toBe(200);
  });

  it('never demotes or disables the last admin', async () => {
    const tenantId = 'kanzlei-sued';
    const { account } = await createTestUser(app, { role: 'admin', tenantId });
    const token = await createTestToken(app, { role: 'admin', tenantId });
    const demote = await server.inject({ method: 'PATCH', url: `/api/v1/users/${account.id}`, headers: token.headers, payload: { role: 'agent' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('users.last_admin');
  });

  it('creates API tokens shown once, stores only their hash, and revokes them', async () => {
    const created = await server.inject({ method: 'POST', url: '/api/v1/tokens', headers: admin.writeHeaders, payload: { name: 'CRM Salesforce', role: 'agent' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^pst_[A-Za-z0-9_-]{43}$/);
    const stored = await app.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(digestSecret(token));
    const listed = await server.inject({ url: '/api/v1/tokens', headers: admin.headers });
    expect(listed.body).not.toContain(token);
    expect(listed.json().find((entry: { id: string }) => entry.id === id)).toMatchObject({ name: 'CRM Salesforce', role: 'agent', revokedAt: null });

    const me = await server.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ user: { id, role: 'agent', displayName: 'CRM Salesforce' }, csrfToken: null });
    const revoked = await server.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: admin.writeHeaders });
    expect(revoked.statusCode).toBe(204);
    expect((await server.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    // A wrong bearer token is refused even with a valid cookie next to it.
    expect((await server.inject({ url: '/api/v1/auth/me', headers: { ...admin.headers, authorization: 'Bearer pst_nonsense' } })).statusCode).toBe(401);
  });

  it('sends security headers with a CSP fit for the same-origin web UI', async () => {
    const response = await server.inject({ url: '/healthz' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' blob: data:");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves a human-readable API reference at /docs with the access of each operation', async () => {
    const docs = await server.inject({ url: '/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    expect(docs.body).toContain('/api/v1/auth/login');
    expect(docs.body).toMatch(/\/api\/v1\/users<\/code><\/h3>\s*<p>[^<]*<\/p><p class="meta">Access: <b>admin<\/b>/);
    expect(docs.body).not.toContain('<script');
    const spec = (await server.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(spec.components.securitySchemes)).toEqual(['session', 'token']);
    expect(spec.paths['/api/v1/users'].get).toMatchObject({ security: [{ session: [] }, { token: [] }], 'x-roles': ['admin'] });
    expect(spec.paths['/api/v1/auth/login'].post.security).toEqual([]);
  });
});
