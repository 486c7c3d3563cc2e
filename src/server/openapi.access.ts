import type { SwaggerTransform } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import type { RouteAccess } from '../modules/auth/auth.types.ts';

/** The two ways to authenticate, as OpenAPI security schemes. */
export const securitySchemes = {
  session: { type: 'apiKey', in: 'cookie', name: 'pst_session', description: 'From POST /api/v1/auth/login; state-changing requests also send header x-csrf-token.' },
  token: { type: 'http', scheme: 'bearer', description: 'API token pst_… (POST /api/v1/tokens).' },
} as const;

/**
 * Wraps a schema transform so that each operation in /openapi.json says who
 * may call it: `security` (none for public routes) and the roles in
 * `x-roles` and the description, taken from the route's `config.access`.
 */
export function withAccessDocs<S extends FastifySchema>(transform: SwaggerTransform<S>): SwaggerTransform<S> {
  return (input) => {
    const { schema, url } = transform(input);
    const access = (input.route.config as { access?: RouteAccess } | undefined)?.access;
    if (access === undefined) return { schema, url };
    const documented = schema as FastifySchema & { description?: string };
    if (access === 'public') return { schema: { ...documented, security: [] } as FastifySchema, url };
    const roles = `Roles: ${access.join(', ')}.`;
    const description = documented.description ? `${documented.description}\n\n${roles}` : roles;
    return { schema: { ...documented, security: [{ session: [] }, { token: [] }], 'x-roles': access, description } as FastifySchema, url };
  };
}
