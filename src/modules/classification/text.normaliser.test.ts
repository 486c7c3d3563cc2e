import { describe, expect, it } from 'vitest';
import { isNumberPlaceholder, normaliseText, tokenise } from './text.normaliser.ts';

describe('normaliseText', () => {
  it('lower-cases and folds umlauts and ß so spelling variants meet', () => {
    expect(normaliseText('KÜNDIGUNG meines Vertrags')).toBe('kuendigung meines vertrags');
    expect(normaliseText('Kuendigung')).toBe(normaliseText('Kündigung'));
    expect(normaliseText('Straße Grüße ÖL ÄRGER')).toBe('strasse gruesse oel aerger');
    expect(normaliseText('GROẞ')).toBe('gross');
  });

  it('treats decomposed (NFD) and precomposed umlauts alike and drops other diacritics', () => {
    expect(normaliseText('Ku\u0308ndigung')).toBe('kuendigung');
    expect(normaliseText('Café Crème')).toBe('cafe creme');
  });

  it('strips punctuation and collapses whitespace', () => {
    expect(normaliseText('  Sehr geehrte Damen und Herren,\n\n bitte   (sofort!) prüfen...  ')).toBe('sehr geehrte damen und herren bitte sofort pruefen');
    expect(normaliseText('E-Mail: max@example.de')).toBe('e mail max example de');
  });

  it('replaces digit runs by a placeholder per length', () => {
    expect(normaliseText('Kundennummer 1234567890, Rechnung vom 12.03.2024 über 49,99 €')).toBe(
      'kundennummer #num10 rechnung vom #num2 #num2 #num4 ueber #num2 #num2 eur',
    );
    expect(normaliseText('IBAN DE89370400440532013000')).toBe('iban de #num20');
    expect(normaliseText('5 % Rabatt')).toBe('#num1 prozent rabatt');
  });

  it('repairs line-end hyphenation, soft hyphens and 0/1 read for o/l', () => {
    expect(normaliseText('meine Kün-\ndigung')).toBe('meine kuendigung');
    expect(normaliseText('Kün\u00addigung')).toBe('kuendigung');
    expect(normaliseText('Strom-Vertrag')).toBe('strom vertrag');
    expect(normaliseText('H0tline Vertrag5')).toBe('hotline vertrag #num1');
    expect(normaliseText('a1b')).toBe('alb');
  });

  it('handles empty and punctuation-only input', () => {
    expect(normaliseText('')).toBe('');
    expect(normaliseText(' ...!? ')).toBe('');
    expect(tokenise('---')).toEqual([]);
  });
});

describe('tokenise', () => {
  it('splits the normalised text into words and placeholders', () => {
    const tokens = tokenise('Zählerstand: 004711 kWh');
    expect(tokens).toEqual(['zaehlerstand', '#num6', 'kwh']);
    expect(tokens.filter(isNumberPlaceholder)).toEqual(['#num6']);
  });
});
