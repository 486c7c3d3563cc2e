import { describe, expect, it } from 'vitest';
import { normalisePhone, samePhone } from './phone.normaliser.ts';

describe('normalisePhone', () => {
  it.each([
    ['0221 / 555 01 23', '+492215550123'],
    ['+49 (0)221 5550123', '+492215550123'],
    ['+49 (0) 89 / 123 456 78', '+498912345678'],
    ['0049 221 5550123', '+492215550123'],
    ['0171-1234567', '+491711234567'],
    ['(0221) 98 76 54', '+49221987654'],
    ['030 12345678', '+493012345678'],
    ['0160 / 987 65 43', '+491609876543'],
    ['0176 - 55 44 33 22', '+4917655443322'],
    ['+43 1 5123456', '+4315123456'],
    ['+41 44 668 18 00', '+41446681800'],
  ])('%s → %s', (raw, e164) => {
    expect(normalisePhone(raw)?.e164).toBe(e164);
  });

  it('classifies German mobile and fixed-line numbers', () => {
    expect(normalisePhone('0151 23456789')?.type).toBe('mobile');
    expect(normalisePhone('0228 654321')?.type).toBe('fixed');
  });

  it('rejects what is not a phone number', () => {
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('01.12.2026')).toBeNull();
    expect(normalisePhone('0000 000000')).toBeNull();
    expect(normalisePhone('1234567890123456789')).toBeNull();
  });

  it('compares numbers however written', () => {
    expect(samePhone('0221 5550123', '+49 221 555 01 23')).toBe(true);
    expect(samePhone('0221 5550123', '0221 5550124')).toBe(false);
  });
});
