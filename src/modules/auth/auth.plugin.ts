import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authErrors } from './auth.errors.ts';
import type { Principal, RouteAccess } from './auth.types.ts';
import { secretsEqual } from './secrets.ts';
import type { ResolvedSession, SessionsService } from './sessions.service.ts';
import type { TokensService } from './tokens.service.ts';

export const sessionCookieName = 'pst_session';

/** One registered route and what it declared; the authorisation test walks all of them. */
export interface RouteAccessEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind request.principal when it came from the cookie (for /auth/me, logout). */
    authSession: ResolvedSession | null;
    /** The raw cookie secret of authSession, to end it on logout. */
    authSessionSecret: string | null;
  }
  interface FastifyInstance {
    routeAccess: RouteAccessEntry[];
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes of the JSON API must declare access; a route there without a declaration is denied. */
export function isApiRoute(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

export interface AuthDependencies {
  sessions: SessionsService;
  tokens: TokensService;
}

/**
 * Who is calling and may they: resolves request.principal from the session
 * cookie or a bearer API token and enforces each route's `config.access`
 * before the body is even parsed. Registered on the root instance, before any
 * route, so it sees every route (including those of later plugins).
 *
 * - 'public' routes: no lookup at all.
 * - API routes without a declaration: denied (fail closed).
 * - Outside /api, GET/HEAD routes without a declaration are the web UI's static files: public.
 * - Cookie-authenticated state-changing requests need `x-csrf-token` = the session's token.
 */
export async function registerAuth(server: FastifyInstance, { sessions, tokens }: AuthDependencies): Promise<void> {
  await server.register(fastifyCookie);
  server.decorateRequest('principal', null);
  server.decorateRequest('authSession', null);
  server.decorateRequest('authSessionSecret', null);

  const routeAccess: RouteAccessEntry[] = [];
  server.decorate('routeAccess', routeAccess);
  server.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    for (const method of methods) routeAccess.push({ method: String(method).toUpperCase(), url: route.url, access });
  });

  async function resolvePrincipal(request: FastifyRequest): Promise<Principal | null> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      // A presented but unknown token is a failed login, never a fall-back to the cookie.
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      return match?.[1] ? tokens.resolve(match[1]) : null;
    }
    const secret = request.cookies[sessionCookieName];
    if (!secret) return null;
    const session = await sessions.resolve(secret);
    if (!session) return null;
    request.authSession = session;
    request.authSessionSecret = secret;
    return session.principal;
  }

  server.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const url = request.routeOptions.url;
    // No route matched: the 404 handler answers, nothing to protect.
    if (url === undefined) return;
    const access = request.routeOptions.config.access;
    if (access === 'public') return;
    if (access === undefined && !isApiRoute(url) && (request.method === 'GET' || request.method === 'HEAD')) return;

    const principal = await resolvePrincipal(request);
    if (!principal) throw authErrors.unauthenticated();
    request.principal = principal;
    if (access === undefined) throw authErrors.undeclared();
    if (!access.includes(principal.role)) throw authErrors.forbidden();
    if (request.authSession && !safeMethods.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !secretsEqual(header, request.authSession.csrfToken)) throw authErrors.csrf();
    }
  });
}

/** The caller of a route that declared roles: always set there, by the auth plugin. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw authErrors.unauthenticated();
  return request.principal;
}
