import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger', () => {
  it('redacts credentials and letter text wherever they turn up', () => {
    const lines: string[] = [];
    const logger = createLogger('info', 'test', { write: (line: string) => lines.push(line) });
    const cookie = 'pst_session=Zm9vYmFyYmF6cXV4cXV1eA';
    const bearer = 'Bearer pst_c2VjcmV0LXRva2VuLWZ1ZXItZGllLWNybQ';
    logger.info({ req: { method: 'POST', url: '/api/v1/auth/login', headers: { authorization: bearer, cookie, 'x-csrf-token': 'Q1NSRi1Ub2tlbg', 'user-agent': 'Firefox' } } }, 'request');
    logger.info({ res: { statusCode: 200, headers: { 'set-cookie': cookie } } }, 'response');
    logger.info({ body: { username: 'erika.mueller', password: 'Sommer-Brief-Kasten-2026' }, token: 'pst_abc', user: { password_hash: '$scrypt$ln=15,r=8,p=1$x$y' }, csrfToken: 'Q1NSRi1Ub2tlbg' }, 'login');
    logger.info({ document: { id: 'd-1', text: 'Sehr geehrte Damen und Herren, Erika Müller, IBAN DE89 3704 0044 0532 0130 00' } }, 'indexed');
    const output = lines.join('');
    for (const secret of ['Zm9vYmFyYmF6cXV4cXV1eA', 'c2VjcmV0LXRva2VuLWZ1ZXItZGllLWNybQ', 'Q1NSRi1Ub2tlbg', 'Sommer-Brief-Kasten-2026', 'pst_abc', '$scrypt$', 'Erika Müller', 'DE89']) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('[redacted]');
    // What is needed to follow a request stays.
    expect(output).toContain('/api/v1/auth/login');
    expect(output).toContain('Firefox');
    expect(output).toContain('"id":"d-1"');
  });
});
