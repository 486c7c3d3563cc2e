import type { FastifyRequest } from 'fastify';
import type { Principal } from '../modules/auth/auth.types.ts';
import { createError } from '../modules/shared/errors.ts';

/** The caller of a route that declared roles (set by the auth plugin); the tenant always comes from here. */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.principal) throw createError({ code: 'auth.unauthenticated', message: 'login required', statusCode: 401 });
  return request.principal;
}
