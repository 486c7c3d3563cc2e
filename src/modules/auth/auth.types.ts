/**
 * Who is calling: the one type every route and service uses to authorise and
 * to scope data to a tenant. Set on each request by the auth plugin (session
 * cookie or API token); never taken from a query parameter.
 */
export const roles = ['admin', 'supervisor', 'agent', 'auditor'] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  kind: 'user' | 'token';
  /** users.id, or api_tokens.id for a token */
  id: string;
  username: string;
  displayName: string;
  role: Role;
  tenantId: string;
}

/**
 * What a route needs, declared on the route as `config: { access }`:
 * - 'public': no login (health, login, static UI)
 * - a list of roles: any of them may call it
 */
export type RouteAccess = 'public' | readonly Role[];

/** Read-only roles may view but never change; auditors also read the audit trail. */
export const readers: readonly Role[] = ['admin', 'supervisor', 'agent', 'auditor'];
export const workers: readonly Role[] = ['admin', 'supervisor', 'agent'];
export const managers: readonly Role[] = ['admin', 'supervisor'];
export const admins: readonly Role[] = ['admin'];

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
