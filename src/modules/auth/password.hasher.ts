import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords as scrypt hashes in PHC string format, parameters encoded so that
 * stronger settings later still verify old hashes (and rehash them on login):
 *   $scrypt$ln=15,r=8,p=1$<salt base64>$<hash base64>
 */
export interface ScryptParameters {
  /** log2 of the cost N */
  logN: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8: 32 MiB and roughly 50–100 ms per hash on one core. */
export const currentParameters: ScryptParameters = { logN: 15, r: 8, p: 1 };

const keyLength = 32;
const saltLength = 16;

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** parameters.logN,
    r: parameters.r,
    p: parameters.p,
    // scrypt needs 128 · N · r bytes; node's default cap (32 MiB) is exactly that at N = 2^15.
    maxmem: 256 * 2 ** parameters.logN * parameters.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string, parameters: ScryptParameters = currentParameters): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, parameters);
  return `$scrypt$ln=${parameters.logN},r=${parameters.r},p=${parameters.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  parameters: ScryptParameters;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) return null;
  const parameters = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (parameters.logN < 10 || parameters.logN > 22 || parameters.r < 1 || parameters.p < 1) return null;
  return { parameters, salt: Buffer.from(match[4] ?? '', 'base64'), key: Buffer.from(match[5] ?? '', 'base64') };
}

export interface PasswordCheck {
  valid: boolean;
  /** the hash was made with weaker parameters than today's: store a fresh one */
  needsRehash: boolean;
}

export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length === 0) return { valid: false, needsRehash: false };
  const key = await derive(password, parsed.salt, parsed.parameters);
  const valid = key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  const { logN, r, p } = parsed.parameters;
  const needsRehash = valid && (logN < currentParameters.logN || r < currentParameters.r || p < currentParameters.p);
  return { valid, needsRehash };
}

/**
 * A hash no password matches, verified when the username is unknown so that a
 * failed login takes as long whether or not the account exists.
 */
export const unmatchableHash = `$scrypt$ln=${currentParameters.logN},r=${currentParameters.r},p=${currentParameters.p}$${Buffer.alloc(saltLength).toString('base64')}$${Buffer.alloc(keyLength).toString('base64')}`;
