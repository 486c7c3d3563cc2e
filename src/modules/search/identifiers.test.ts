import { describe, expect, it } from 'vitest';
import { compactIdentifier, extractIdentifierTokens, looksLikeIdentifierQuery } from './identifiers.ts';

describe('identifier tokens', () => {
  it('compacts IBANs written in groups', () => {
    const tokens = extractIdentifierTokens('Meine neue IBAN lautet DE89 3704 0044 0532 0130 00, bitte ab sofort abbuchen.');
    expect(tokens).toContain('de89370400440532013000');
    expect(extractIdentifierTokens('IBAN: DE44  1203  0000  0048  3702  34 (Deutsche Kreditbank)')).toContain('de44120300000048370234');
  });

  it('compacts phone numbers and grouped customer numbers but leaves plain numbers alone', () => {
    const tokens = extractIdentifierTokens('Tel. 0221 / 555 01 23, Kundennummer 12 3456 7890, Vertrag 4711');
    expect(tokens).toContain('02215550123');
    expect(tokens).toContain('1234567890');
    expect(tokens).not.toContain('4711');
  });

  it('keeps dashed contract codes as one token', () => {
    expect(extractIdentifierTokens('Vertragsnummer V-2024-08151 vom Mai')).toContain('v202408151');
  });

  it('recognises identifier queries', () => {
    expect(looksLikeIdentifierQuery('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(looksLikeIdentifierQuery('0221 555 0123')).toBe(true);
    expect(looksLikeIdentifierQuery('Kündigung Vertrag')).toBe(false);
    expect(compactIdentifier('DE89 3704-0044')).toBe('de8937040044');
  });
});
