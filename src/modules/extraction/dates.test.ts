import { describe, expect, it } from 'vitest';
import { addMonths, type CalendarDate, dayDiff, endOfMonth, expandYear, findDateMentions, inferYear, localDate, monthNumber, toIso } from './dates.ts';

const REF: CalendarDate = { y: 2026, m: 11, d: 25 };

function first(text: string): string | undefined {
  const m = findDateMentions(text, REF)[0];
  return m ? toIso(m.date) : undefined;
}

describe('findDateMentions: written dates', () => {
  it.each([
    ['31.12.2026', '2026-12-31'],
    ['1.2.27', '2027-02-01'],
    ['01.02.', '2027-02-01'],
    ['1.11.', '2026-11-01'],
    ['31/12/2026', '2026-12-31'],
    ['2026-12-31', '2026-12-31'],
    ['3l.l2.2O26', '2026-12-31'],
    ['1. Januar 2027', '2027-01-01'],
    ['15 Dez. 2026', '2026-12-15'],
    ['1. Januar', '2027-01-01'],
    ['28. Feb', '2027-02-28'],
    ['3. März 1975', '1975-03-03'],
    ['12.04.58', '1958-04-12'],
  ])('%s → %s', (text, iso) => {
    expect(first(`zum ${text}`)).toBe(iso);
  });

  it('ignores impossible dates and number groups', () => {
    expect(first('zum 31.02.2027')).toBeUndefined();
    expect(first('Kundennummer 307.768.5297')).toBeUndefined();
    expect(first('Betrag 12.50 EUR')).toBeUndefined();
  });
});

describe('findDateMentions: month names and relative expressions', () => {
  it.each([
    ['ab Januar', '2027-01-01'],
    ['Ende Februar', '2027-02-28'],
    ['Anfang März 2027', '2027-03-01'],
    ['Mitte Dezember', '2026-12-15'],
    ['zum Monatsende', '2026-11-30'],
    ['Ende des Monats', '2026-11-30'],
    ['Ende des nächsten Monats', '2026-12-31'],
    ['zum nächsten Monat', '2026-12-01'],
    ['Anfang nächsten Monats', '2026-12-01'],
    ['zum Ersten des Folgemonats', '2026-12-01'],
    ['zum 1. des Folgemonats', '2026-12-01'],
    ['zum Jahresende', '2026-12-31'],
    ['Ende des Jahres', '2026-12-31'],
    ['ab nächstem Jahr', '2027-01-01'],
    ['zum Quartalsende', '2026-12-31'],
    ['in zwei Wochen', '2026-12-09'],
    ['in 14 Tagen', '2026-12-09'],
    ['in drei Monaten', '2027-02-25'],
    ['binnen einer Woche', '2026-12-02'],
    ['ab morgen', '2026-11-26'],
    ['übermorgen', '2026-11-27'],
  ])('%s → %s', (text, iso) => {
    expect(first(text)).toBe(iso);
  });

  it('keeps the longer of two overlapping readings', () => {
    const mentions = findDateMentions('Kündigung zum 15. Januar 2027, bitte.', REF);
    expect(mentions).toHaveLength(1);
    expect(mentions[0]?.raw).toBe('15. Januar 2027');
  });

  it('does not take "Guten Morgen" for tomorrow', () => {
    expect(first('Guten Morgen, ich habe eine Frage.')).toBeUndefined();
  });
});

describe('calendar helpers', () => {
  it('infers the year of day-month dates relative to the receipt', () => {
    expect(inferYear(2, 1, REF)).toEqual({ y: 2027, m: 2, d: 1 });
    expect(inferYear(11, 1, REF)).toEqual({ y: 2026, m: 11, d: 1 });
    expect(inferYear(12, 24, REF)).toEqual({ y: 2026, m: 12, d: 24 });
  });

  it('expands two-digit years around the reference', () => {
    expect(expandYear(27, REF)).toBe(2027);
    expect(expandYear(58, REF)).toBe(1958);
    expect(expandYear(36, REF)).toBe(2036);
    expect(expandYear(37, REF)).toBe(1937);
  });

  it('does month arithmetic and end-of-month', () => {
    expect(addMonths({ y: 2027, m: 1, d: 31 }, 1)).toEqual({ y: 2027, m: 2, d: 28 });
    expect(endOfMonth({ y: 2028, m: 2, d: 3 })).toEqual({ y: 2028, m: 2, d: 29 });
    expect(dayDiff(REF, { y: 2026, m: 12, d: 25 })).toBe(30);
    expect(monthNumber('Sept.')).toBe(9);
    expect(monthNumber('Maerz')).toBe(3);
    expect(monthNumber('Foo')).toBeUndefined();
  });

  it('reads the receipt date in the German time zone', () => {
    expect(localDate(new Date('2026-11-24T23:30:00Z'), 'Europe/Berlin')).toEqual({ y: 2026, m: 11, d: 25 });
    expect(localDate(new Date('2026-06-30T22:30:00Z'), 'Europe/Berlin')).toEqual({ y: 2026, m: 7, d: 1 });
  });
});
