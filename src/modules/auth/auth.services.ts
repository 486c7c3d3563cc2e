import type { Kysely } from 'kysely';
import type { Database } from '../database/database.types.ts';
import { createLoginThrottle, type LoginThrottle } from './login.throttle.ts';
import { createSessionsService, type SessionsService } from './sessions.service.ts';
import { createTokensService, type TokensService } from './tokens.service.ts';
import { createUsersService, type UsersService } from './users.service.ts';

export interface AuthServices {
  users: UsersService;
  sessions: SessionsService;
  tokens: TokensService;
  throttle: LoginThrottle;
}

export function createAuthServices({ db }: { db: Kysely<Database> }): AuthServices {
  return { users: createUsersService({ db }), sessions: createSessionsService({ db }), tokens: createTokensService({ db }), throttle: createLoginThrottle({ db }) };
}
