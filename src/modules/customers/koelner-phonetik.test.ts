import { describe, expect, it } from 'vitest';
import { koelnerPhonetik, koelnerPhonetikRaw } from './koelner-phonetik.ts';

describe('Kölner Phonetik', () => {
  it('gives the reference codes (Postel 1969 / Wikipedia examples)', () => {
    expect(koelnerPhonetikRaw('Müller-Lüdenscheidt')).toBe('60550750206880022');
    expect(koelnerPhonetik('Müller-Lüdenscheidt')).toBe('65752682');
    expect(koelnerPhonetik('Wikipedia')).toBe('3412');
    expect(koelnerPhonetik('Breschnew')).toBe('17863');
  });

  it('codes spelling variants of a name alike', () => {
    for (const name of ['Meier', 'Mayer', 'Maier', 'Meyer', 'Mayr']) expect(koelnerPhonetik(name)).toBe('67');
    expect(koelnerPhonetik('Müller')).toBe('657');
    expect(koelnerPhonetik('Mueller')).toBe('657');
    expect(koelnerPhonetik('Muller')).toBe('657');
    expect(koelnerPhonetik('Schmidt')).toBe('862');
    expect(koelnerPhonetik('Schmitt')).toBe('862');
    expect(koelnerPhonetik('Weiß')).toBe(koelnerPhonetik('Weiss'));
    expect(koelnerPhonetik('Christoph')).toBe('47823');
    expect(koelnerPhonetik('Kristoph')).toBe('47823');
  });

  it('applies the context rules for C, D/T, P and X', () => {
    expect(koelnerPhonetik('Cäsar')).toBe('887'); // C at the start before Ä (not A/H/K/L/O/Q/R/U/X) → 8
    expect(koelnerPhonetik('Carl')).toBe('475'); // C at the start before A → 4
    expect(koelnerPhonetik('Dietz')).toBe('28'); // T before Z → 8
    expect(koelnerPhonetik('Philipp')).toBe('351'); // P before H → 3
    expect(koelnerPhonetik('Xaver')).toBe('4837'); // X → 48
    expect(koelnerPhonetik('Buchs')).toBe('148'); // C after a vowel before H → 4
    expect(koelnerPhonetik('Alexander')).toBe('0548627');
  });

  it('keeps a leading zero and ignores non-letters', () => {
    expect(koelnerPhonetik('Otto')).toBe('02');
    expect(koelnerPhonetik('  ')).toBe('');
    expect(koelnerPhonetik('Müller Lüdenscheidt')).toBe(koelnerPhonetik('Müller-Lüdenscheidt'));
  });
});
