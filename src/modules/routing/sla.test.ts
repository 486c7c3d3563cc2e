import { describe, expect, it } from 'vitest';
import { berlinDay, dueDate, dueDateFor, isBusinessDay } from './sla.ts';

describe('SLA due dates in German business days', () => {
  it('counts Monday to Friday only', () => {
    // 2026-12-07 is a Monday.
    expect(dueDate('2026-12-07', 1, 'NW')).toBe('2026-12-08');
    expect(dueDate('2026-12-07', 4, 'NW')).toBe('2026-12-11');
    expect(dueDate('2026-12-07', 5, 'NW')).toBe('2026-12-14');
    expect(dueDate('2026-12-11', 1, 'NW')).toBe('2026-12-14');
    expect(dueDate('2026-12-07', 0, 'NW')).toBe('2026-12-07');
  });

  it('treats receipt on a weekend as receipt on the next business day', () => {
    expect(dueDate('2026-12-12', 1, 'NW')).toBe('2026-12-15'); // Saturday → Monday + 1 = Tuesday
    expect(dueDate('2026-12-13', 1, 'NW')).toBe('2026-12-15'); // Sunday
    expect(dueDate('2026-12-12', 0, 'NW')).toBe('2026-12-14');
  });

  it('skips Easter: Good Friday and Easter Monday are holidays everywhere', () => {
    // Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    expect(isBusinessDay('2026-04-03', 'BE')).toBe(false);
    expect(isBusinessDay('2026-04-06', 'BE')).toBe(false);
    expect(dueDate('2026-04-02', 1, 'BE')).toBe('2026-04-07');
    // Easter 2027 falls in March: Good Friday 26 March, Easter Monday 29 March.
    expect(dueDate('2027-03-25', 2, 'HH')).toBe('2027-03-31');
  });

  it('skips Christmas and New Year across the year boundary', () => {
    // 24 and 31 December are business days; 25/26 December and 1 January are not.
    expect(dueDate('2026-12-23', 1, 'NW')).toBe('2026-12-24');
    expect(dueDate('2026-12-24', 1, 'NW')).toBe('2026-12-28'); // 25 Fri, 26 Sat, 27 Sun
    expect(dueDate('2026-12-30', 2, 'NW')).toBe('2027-01-04'); // 31 Thu, 1 Jan Fri holiday, weekend
    expect(dueDate('2027-12-24', 3, 'NW')).toBe('2027-12-29'); // Fri 24; 25/26 fall on the weekend in 2027, so Mon 27 counts
  });

  it('treats receipt on a public holiday as receipt on the next business day', () => {
    expect(dueDate('2026-12-25', 1, 'NW')).toBe('2026-12-29'); // → Mon 28, +1 = Tue 29
    expect(dueDate('2027-01-01', 0, 'NW')).toBe('2027-01-04');
    expect(dueDate('2026-10-03', 1, 'NW')).toBe('2026-10-06'); // German Unity Day on a Saturday
  });

  it('follows the federal state of the queue', () => {
    // Epiphany (6 Jan) is a holiday in Bavaria, not in North Rhine-Westphalia.
    expect(dueDate('2027-01-05', 1, 'NW')).toBe('2027-01-06');
    expect(dueDate('2027-01-05', 1, 'BY')).toBe('2027-01-07');
    // Reformation Day (31 Oct 2025, a Friday) in Saxony, All Saints' (1 Nov) in NW falls on a Saturday.
    expect(dueDate('2025-10-30', 1, 'SN')).toBe('2025-11-03');
    expect(dueDate('2025-10-30', 1, 'NW')).toBe('2025-10-31');
    // Corpus Christi 2026 (4 June) in NW but not in Berlin.
    expect(dueDate('2026-06-03', 1, 'NW')).toBe('2026-06-05');
    expect(dueDate('2026-06-03', 1, 'BE')).toBe('2026-06-04');
  });

  it('takes the legal date of receipt in German time, not UTC', () => {
    // 23:30 UTC on Friday 11 Dec is already Saturday 00:30 in Berlin.
    expect(berlinDay(new Date('2026-12-11T23:30:00Z'))).toBe('2026-12-12');
    expect(dueDateFor(new Date('2026-12-11T23:30:00Z'), 1, 'NW')).toBe('2026-12-15');
    expect(dueDateFor(new Date('2026-12-11T22:30:00Z'), 1, 'NW')).toBe('2026-12-14');
    // Summer time: 22:30 UTC on 30 June is 1 July 00:30 in Berlin.
    expect(berlinDay(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });

  it('counts long SLAs over several holidays', () => {
    // 20 business days from 20 April 2026 (NW): 1 May, Ascension 14 May skipped.
    expect(dueDate('2026-04-20', 20, 'NW')).toBe('2026-05-20');
    expect(() => dueDate('2026-04-20', -1, 'NW')).toThrow();
  });
});
