import { createError, type PoststelleError } from '../shared/errors.ts';

export const authErrors = {
  unauthenticated: (): PoststelleError => createError({ code: 'auth.unauthenticated', message: 'login required', statusCode: 401 }),
  forbidden: (): PoststelleError => createError({ code: 'auth.forbidden', message: 'your role may not do this', statusCode: 403 }),
  /** A route that did not declare `config: { access }`: denied until someone decides who may call it. */
  undeclared: (): PoststelleError => createError({ code: 'auth.access_undeclared', message: 'this route declares no access and is denied', statusCode: 403 }),
  csrf: (): PoststelleError => createError({ code: 'auth.csrf', message: 'missing or wrong x-csrf-token header', statusCode: 403 }),
  invalidCredentials: (): PoststelleError => createError({ code: 'auth.invalid_credentials', message: 'wrong username or password', statusCode: 401 }),
  rateLimited: (): PoststelleError => createError({ code: 'auth.rate_limited', message: 'too many failed logins, try again later', statusCode: 429 }),
  usernameTaken: (): PoststelleError => createError({ code: 'users.username_taken', message: 'this username is taken', statusCode: 409 }),
  userNotFound: (): PoststelleError => createError({ code: 'users.not_found', message: 'no such user', statusCode: 404 }),
  wrongPassword: (): PoststelleError => createError({ code: 'auth.wrong_password', message: 'the current password is wrong', statusCode: 403 }),
  tokenNotFound: (): PoststelleError => createError({ code: 'tokens.not_found', message: 'no such API token', statusCode: 404 }),
  lastAdmin: (): PoststelleError => createError({ code: 'users.last_admin', message: 'the last active admin cannot be demoted or disabled', statusCode: 409 }),
};
