import { describe, expect, it } from 'vitest';
import { faxHeaderFormats } from '../../../scripts/fixtures/fax.header-formats.ts';
import { findFaxHeader, parseFaxHeaderLine, repairHeaderDigits } from './fax-header.ts';

const receivedAt = new Date('2026-12-07T12:00:00Z');

describe('parseFaxHeaderLine: vendor formats', () => {
  const cases: Array<{ line: string; number: string | null; sentAt: string; page?: number; pageCount?: number | null; station?: string }> = [
    { line: '07.12.2026 10:32   +49 221 98765432   Müller Haustechnik   S. 1/2', number: '+4922198765432', sentAt: '2026-12-07T10:32:00+01:00', page: 1, pageCount: 2, station: 'Müller Haustechnik' },
    { line: 'DEC-07-2026 10:32 FROM: 0221 98765432 TO: 0800 3301000 P.001', number: '+4922198765432', sentAt: '2026-12-07T10:32:00+01:00', page: 1, pageCount: null },
    { line: 'Von: 02219876543  An: 08003301000  07/12/26 10:32  Seite 01', number: '+492219876543', sentAt: '2026-12-07T10:32:00+01:00', page: 1 },
    { line: 'Fax-ID: +49 (0)30 12345678   Absender: Kanzlei Schröder & Partner   2026-07-14 16:05   Seite 2 von 3', number: '+493012345678', sentAt: '2026-07-14T16:05:00+02:00', page: 2, pageCount: 3, station: 'Kanzlei Schröder & Partner' },
    { line: 'TSID: 0049 89 2345678   Dec 07 2026 02:15 PM   Pg 3/4', number: '+49892345678', sentAt: '2026-12-07T14:15:00+01:00', page: 3, pageCount: 4 },
    { line: '07-DEC-2026 09:04AM  FROM  HAUSVERWALTUNG KRAUSE  040 1234567  TO  08003301000  PAGE 1 OF 2', number: '+49401234567', sentAt: '2026-12-07T09:04:00+01:00', page: 1, pageCount: 2, station: 'HAUSVERWALTUNG KRAUSE' },
    { line: 'Absender: 0711/9876543  07. Dez. 2026  23:59  Blatt 1', number: '+497119876543', sentAt: '2026-12-07T23:59:00+01:00', page: 1 },
    { line: '12/07/2026 12:05 AM  Fax +49 351 4567890  Page 001', number: '+493514567890', sentAt: '2026-07-12T00:05:00+02:00', page: 1 },
    { line: '15.03.26 08:30 Uhr  Telefax 0341-5566778  Dr. Wagner Zahnarztpraxis  1/1', number: '+493415566778', sentAt: '2026-03-15T08:30:00+01:00', page: 1, pageCount: 1, station: 'Dr. Wagner Zahnarztpraxis' },
  ];
  for (const c of cases) {
    it(c.line, () => {
      const header = parseFaxHeaderLine(c.line, { receivedAt });
      expect(header).not.toBeNull();
      expect(header?.senderNumber).toBe(c.number);
      expect(header?.sentAt).toBe(c.sentAt);
      if (c.page !== undefined) expect(header?.page).toBe(c.page);
      if (c.pageCount !== undefined) expect(header?.pageCount).toBe(c.pageCount);
      if (c.station) expect(header?.stationName).toBe(c.station);
    });
  }

  it('never takes the recipient number for the sender', () => {
    const header = parseFaxHeaderLine('07.12.2026 10:32 TO: 0800 3301000 FROM: 0221 98765432', { receivedAt });
    expect(header?.senderNumber).toBe('+4922198765432');
    const onlyRecipient = parseFaxHeaderLine('07.12.2026 10:32  An: 0800 3301000  Seite 1', { receivedAt });
    expect(onlyRecipient?.senderNumber).toBeNull();
    expect(onlyRecipient?.sentAt).toBe('2026-12-07T10:32:00+01:00');
  });

  it('a header without a configured station number still gives the send time', () => {
    const header = parseFaxHeaderLine('FAX   07.12.2026   10:32   S. 2/2', { receivedAt });
    expect(header?.senderNumber).toBeNull();
    expect(header?.sentAt).toBe('2026-12-07T10:32:00+01:00');
    expect(header?.page).toBe(2);
  });
});

describe('parseFaxHeaderLine: OCR noise', () => {
  it('repairs O/0 and l/1 inside digit runs', () => {
    const header = parseFaxHeaderLine('O7.12.2O26 1O:32   +49 22l 98765432   Müller Haustechnik   S. l/2', { receivedAt });
    expect(header?.senderNumber).toBe('+4922198765432');
    expect(header?.sentAt).toBe('2026-12-07T10:32:00+01:00');
  });

  it('reads a colon misread as a full stop or semicolon', () => {
    expect(parseFaxHeaderLine('07.12.2026 10.32  +49 221 98765432  S. 1/2', { receivedAt })?.sentAt).toBe('2026-12-07T10:32:00+01:00');
    expect(parseFaxHeaderLine('DEC-07-2026 10;32 FROM: 0221 98765432 P.001', { receivedAt })?.sentAt).toBe('2026-12-07T10:32:00+01:00');
  });

  it('copes with split digit groups and stray punctuation', () => {
    const header = parseFaxHeaderLine('07.12.2026 10:32 ,  +49 221 9876 5432 .  Müller Haustechnik |  S. 1/2', { receivedAt });
    expect(header?.senderNumber).toBe('+4922198765432');
  });

  it('leaves words alone', () => {
    expect(repairHeaderDigits('Seite SOl 1O:32 O221')).toBe('Seite SOl 10:32 0221');
  });
});

describe('parseFaxHeaderLine: what is not a header', () => {
  const notHeaders = [
    'Köln, 07.12.2026',
    'Tel. 0221 98765432 · Fax 0221 98765433',
    'Sehr geehrte Damen und Herren,',
    'Kundennummer 1234567890 vom 07.12.2026',
    'Rechnung Nr. 4711 über 123,45 EUR',
    'Am 07.12.2026 um 10:32 habe ich angerufen.',
  ];
  for (const line of notHeaders) it(line, () => expect(parseFaxHeaderLine(line, { receivedAt })).toBeNull());
});

describe('findFaxHeader', () => {
  it('finds the header in the first lines of a page and ignores the letterhead below', () => {
    const page = ['', '07.12.2026 10:32   +49 221 98765432   Müller Haustechnik   S. 1/2', '', 'Müller Haustechnik GmbH', 'Tel. 0221 555 0123', 'Köln, 05.12.2026'].join('\n');
    const found = findFaxHeader(page, { receivedAt });
    expect(found?.lineIndex).toBe(1);
    expect(found?.header.senderNumber).toBe('+4922198765432');
  });

  it('finds nothing in a letter without header', () => {
    const page = ['Sabine Krause', 'Lindenstraße 12', '50667 Köln', '', 'Köln, 05.12.2026', '', 'Kündigung'].join('\n');
    expect(findFaxHeader(page, { receivedAt })).toBeNull();
  });
});

describe('parseFaxHeaderLine: every layout the fixture generator prints', () => {
  const senders = [
    { intl: '+49 221 5556854', e164: '+492215556854', name: 'Schröder' },
    { intl: '+49 911 5550285', e164: '+499115550285', name: 'Albrecht & Kühn' },
    { intl: '+49 30 5551234', e164: '+49305551234', name: 'Krämer' },
    { intl: '+49 7071 5559876', e164: '+4970715559876', name: 'Öztürk' },
  ];
  const sends = [
    { date: new Date(Date.UTC(2026, 11, 7)), time: '10:32', iso: '2026-12-07T10:32:00+01:00' },
    { date: new Date(Date.UTC(2026, 6, 14)), time: '16:05', iso: '2026-07-14T16:05:00+02:00' },
    { date: new Date(Date.UTC(2026, 2, 3)), time: '00:15', iso: '2026-03-03T00:15:00+01:00' },
    { date: new Date(Date.UTC(2026, 9, 30)), time: '12:45', iso: '2026-10-30T12:45:00+01:00' },
  ];
  it.each(faxHeaderFormats.map((format, index) => ({ format, index })))('layout $index', ({ format }) => {
    for (const sender of senders) {
      for (const send of sends) {
        const line = format({ sendDate: send.date, time: send.time, senderIntl: sender.intl, stationName: sender.name, recipient: '0800 3301000', page: 2, total: 3 });
        const header = parseFaxHeaderLine(line, { receivedAt });
        expect(header?.senderNumber, line).toBe(sender.e164);
        expect(header?.sentAt, line).toBe(send.iso);
        expect(header?.page, line).toBe(2);
      }
    }
  });
});
