import { describe, expect, it } from 'vitest';
import { currentParameters, hashPassword, unmatchableHash, verifyPassword } from './password.hasher.ts';

describe('password hashing (scrypt)', () => {
  it('stores parameters and a per-user salt, and verifies only the right password', async () => {
    const first = await hashPassword('Grüne-Tinte-auf-Büttenpapier');
    const second = await hashPassword('Grüne-Tinte-auf-Büttenpapier');
    expect(first).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    // Same password, different salt: different hashes.
    expect(first).not.toBe(second);
    expect(await verifyPassword('Grüne-Tinte-auf-Büttenpapier', first)).toEqual({ valid: true, needsRehash: false });
    expect((await verifyPassword('Grüne-Tinte-auf-Büttenpapier ', first)).valid).toBe(false);
    expect((await verifyPassword('grüne-tinte-auf-büttenpapier', first)).valid).toBe(false);
  });

  it('treats composed and decomposed umlauts alike (NFC)', async () => {
    const hash = await hashPassword('Straße-Möwe-Übergröße');
    expect((await verifyPassword('Straße-Möwe-Übergröße'.normalize('NFD'), hash)).valid).toBe(true);
  });

  it('asks for a rehash when a hash was made with weaker parameters', async () => {
    const weak = await hashPassword('Altes-Passwort-1998', { logN: 12, r: 8, p: 1 });
    expect(weak.startsWith('$scrypt$ln=12,')).toBe(true);
    expect(await verifyPassword('Altes-Passwort-1998', weak)).toEqual({ valid: true, needsRehash: true });
    expect(await verifyPassword('Falsches-Passwort', weak)).toEqual({ valid: false, needsRehash: false });
    expect(currentParameters.logN).toBeGreaterThanOrEqual(15);
  });

  it('rejects malformed hashes and matches nothing with the placeholder hash', async () => {
    expect((await verifyPassword('x', 'plaintext')).valid).toBe(false);
    expect((await verifyPassword('x', '$scrypt$ln=40,r=8,p=1$AAAA$AAAA')).valid).toBe(false);
    expect((await verifyPassword('', unmatchableHash)).valid).toBe(false);
    expect((await verifyPassword('poststelle-demo', unmatchableHash)).valid).toBe(false);
  });
});
