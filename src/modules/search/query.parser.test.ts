import { describe, expect, it } from 'vitest';
import { parseSearchQuery, quoteLexeme } from './query.parser.ts';

describe('parseSearchQuery', () => {
  it('splits words, phrases and identifiers', () => {
    expect(parseSearchQuery('Kündigung "zum nächstmöglichen Termin" 1234567890')).toEqual([
      { kind: 'word', text: 'Kündigung' },
      { kind: 'phrase', text: 'zum nächstmöglichen Termin' },
      { kind: 'identifier', token: '1234567890' },
    ]);
  });

  it('treats a spaced IBAN as one identifier', () => {
    expect(parseSearchQuery(' DE89 3704 0044 0532 0130 00 ')).toEqual([{ kind: 'identifier', token: 'de89370400440532013000' }]);
  });

  it('drops punctuation around words and ignores empty input', () => {
    expect(parseSearchQuery('Müller,  (Rechnung)!')).toEqual([
      { kind: 'word', text: 'Müller' },
      { kind: 'word', text: 'Rechnung' },
    ]);
    expect(parseSearchQuery('   ')).toEqual([]);
  });

  it('quotes lexemes safely', () => {
    expect(quoteLexeme("o'brien")).toBe("'o''brien'");
    expect(quoteLexeme('a\\b')).toBe("'a\\\\b'");
  });
});
