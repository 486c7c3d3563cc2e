import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTRACT_PATTERN, resolveConfig } from './extraction.config.ts';
import { readAlphanumericAt, readNumberAt, skipFiller } from './number-reader.ts';

const { customerNumber } = resolveConfig();
const contract = { pattern: DEFAULT_CONTRACT_PATTERN, minLength: 6, maxLength: 20 };

function readAfterLabel(text: string, label: string): string | undefined {
  const at = skipFiller(text, text.indexOf(label) + label.length);
  return at < 0 ? undefined : readNumberAt(text, at, customerNumber)?.value;
}

describe('readNumberAt (customer numbers)', () => {
  it.each([
    ['Kundennummer: 1234567890', '1234567890'],
    ['Kundennummer 307 768 5297 vom', '3077685297'],
    ['Kundennummer 307.768.5297', '3077685297'],
    ['Kundennummer 123-456-7890', '1234567890'],
    ['Kundennummer 77 88 99 00 11', '7788990011'],
    ['Kundennummer lautet: 3O7 768 S297', '3077685297'],
    ['Kundennummer:\n9876501234', '9876501234'],
    ['Kundennummer ist 1234567890, Tel. 0221 123', '1234567890'],
    ['Kundennummer ist KD-1234567890.', '1234567890'],
  ])('%j → %s', (text, value) => {
    expect(readAfterLabel(text, 'Kundennummer')).toBe(value);
  });

  it.each(['Kundennummer 123456789', 'Kundennummer 12345678901', 'Kundennummer lautet wie folgt', 'Kundennummer Oslo'])('finds nothing in %j', (text) => {
    expect(readAfterLabel(text, 'Kundennummer')).toBeUndefined();
  });

  it('stops before a following date', () => {
    expect(readAfterLabel('Kundennummer 1234567890 12.03.2026', 'Kundennummer')).toBe('1234567890');
  });

  it('reports OCR repair', () => {
    const text = 'Kd-Nr l234567890';
    expect(readNumberAt(text, 6, customerNumber)).toMatchObject({ value: '1234567890', repaired: true, raw: 'l234567890' });
  });

  it('honours other configured lengths', () => {
    const eight = resolveConfig({ customerNumber: { length: 8 } }).customerNumber;
    expect(readNumberAt('12 34 56 78', 0, eight)?.value).toBe('12345678');
  });
});

describe('readAlphanumericAt (contract numbers)', () => {
  it.each([
    ['V123456789', 'V123456789'],
    ['VN-88123456', 'VN-88123456'],
    ['VN 1234 5678', 'VN12345678'],
    ['V 2023 445 566.', 'V2023445566'],
    ['FW-20261234', 'FW-20261234'],
    ['4711-123456', '4711-123456'],
    ['A-2026-00417, Kundennummer', 'A-2026-00417'],
    ['VK-77665544 / Widerruf', 'VK-77665544'],
    ['V12345678O', 'V123456780'],
    ['9S50-601649', '9550-601649'],
  ])('%j → %s', (text, value) => {
    expect(readAlphanumericAt(text, 0, contract)?.value).toBe(value);
  });

  it.each(['vom 12.03.2024', 'V12', 'ABCDEFGH', 'Kündigung'])('finds nothing in %j', (text) => {
    expect(readAlphanumericAt(text, 0, contract)).toBeNull();
  });
});
