import { describe, expect, it } from 'vitest';
import { digitRatio, foldForCompare, isDigitLike, looksLikeNoisyNumber, repairDigits, repairLetters, wasRepaired } from './ocr-repair.ts';

describe('repairDigits', () => {
  it.each([
    ['3O7 768 S297', '307 768 5297'],
    ['l23456789O', '1234567890'],
    ['B8|2', '8812'],
    ['Z0G7', '2067'],
    ['12-34', '12-34'],
  ])('%s → %s', (raw, repaired) => {
    expect(repairDigits(raw)).toBe(repaired);
  });

  it('keeps the length, so offsets stay valid', () => {
    const raw = 'Kd-Nr l2O4';
    expect(repairDigits(raw)).toHaveLength(raw.length);
  });
});

describe('repairLetters', () => {
  it('turns digits in letter positions back into letters', () => {
    expect(repairLetters('0E')).toBe('OE');
    expect(repairLetters('de')).toBe('DE');
    expect(repairLetters('N8NK')).toBe('NBNK');
  });
});

describe('noisy number detection', () => {
  it('accepts digit-dominated tokens and rejects words', () => {
    expect(looksLikeNoisyNumber('3O7')).toBe(true);
    expect(looksLikeNoisyNumber('S297')).toBe(true);
    expect(looksLikeNoisyNumber('Oslo')).toBe(false);
    expect(looksLikeNoisyNumber('bis')).toBe(false);
    expect(looksLikeNoisyNumber('lBS')).toBe(false);
    expect(looksLikeNoisyNumber('')).toBe(false);
  });

  it('measures the share of real digits', () => {
    expect(digitRatio('12ab')).toBe(0.5);
    expect(digitRatio('')).toBe(0);
    expect(isDigitLike('O')).toBe(true);
    expect(isDigitLike('x')).toBe(false);
  });

  it('reports whether a repair changed the value', () => {
    expect(wasRepaired('3O7 768', '307768')).toBe(true);
    expect(wasRepaired('307 768', '307768')).toBe(false);
  });
});

describe('foldForCompare', () => {
  it('treats umlauts, their transcriptions and missing dots alike', () => {
    expect(foldForCompare('Köln')).toBe('koln');
    expect(foldForCompare('Koeln')).toBe('koln');
    expect(foldForCompare('KOLN')).toBe('koln');
    expect(foldForCompare('Straße')).toBe(foldForCompare('Strasse'));
    expect(foldForCompare('Halle (Saale)')).toBe('halle saale');
    expect(foldForCompare('Fernmeldewerk AG')).toBe('fernmeldewerk ag');
  });
});
