import { describe, expect, it } from 'vitest';
import { analyseStructure, isFaxHeader } from './letter.structure.ts';
import { prepareDocument } from './text.document.ts';

describe('prepareDocument', () => {
  it('cleans dashes, spaces and decomposed umlauts and maps offsets back', () => {
    const input = 'K\u00fcndigung \u2013 Kd.-Nr.\u00a0123\r\nGru\u0308\u00dfe\tH. M\u00fcller';
    const doc = prepareDocument(input);
    expect(doc.text).toBe('Kündigung - Kd.-Nr. 123\nGrüße   H. Müller');
    const at = doc.text.indexOf('H. Müller');
    expect(input.slice(doc.toOriginal(at), doc.toOriginal(at + 9 - 1) + 1)).toBe('H. M\u00fcller');
    expect(doc.lines).toHaveLength(2);
    expect(doc.lineAt(at)).toBe(1);
  });

  it('splits lines at wide gaps into a left and a right column', () => {
    const doc = prepareDocument('Fernmeldewerk AG                 Hans Müller\n                                 Hauptstr. 5');
    expect(doc.segments[0]?.map((s) => [s.col, s.text])).toEqual([
      [0, 'Fernmeldewerk AG'],
      [1, 'Hans Müller'],
    ]);
    expect(doc.segments[1]?.map((s) => [s.col, s.text])).toEqual([[1, 'Hauptstr. 5']]);
  });
});

describe('analyseStructure', () => {
  it('finds header, subject, salutation, closing and signature of a letter', () => {
    const doc = prepareDocument(
      [
        'Hans Müller',
        'Hauptstr. 5',
        '50667 Köln',
        '',
        'Köln, den 20. November 2026',
        '',
        'Betreff: Kündigung',
        '',
        'Sehr geehrte Damen und Herren,',
        'hiermit kündige ich.',
        '',
        'Mit freundlichen Grüßen',
        'Hans Müller',
      ].join('\n'),
    );
    const s = analyseStructure(doc);
    expect(s.subjectLine).toBe(6);
    expect(s.salutationLine).toBe(8);
    expect(s.headerEnd).toBe(6);
    expect(s.closingLine).toBe(11);
    expect(s.signatureStart).toBe(12);
    expect([...s.dateLines]).toEqual([4]);
  });

  it('recognises e-mail headers and quoted replies', () => {
    const doc = prepareDocument(
      [
        'Von: Hans Müller <h.mueller@web.de>',
        'An: kundenservice@fernmeldewerk.de',
        'Betreff: Frage',
        '',
        'Hallo,',
        'eine Frage.',
        'Gruß',
        'Hans',
        '',
        '-----Ursprüngliche Nachricht-----',
        'Von: Fernmeldewerk AG',
        'Mit freundlichen Grüßen',
      ].join('\n'),
    );
    const s = analyseStructure(doc);
    expect([...s.emailFromLines]).toEqual([0]);
    expect([...s.emailToLines]).toEqual([1]);
    expect(s.quotedFrom).toBe(9);
    expect(s.closingLine).toBe(6);
  });

  it('treats the last short block of a note without closing as its signature', () => {
    const doc = prepareDocument('Kd-Nr 3077685297\n\nIch kündige hiermit zum nächstmöglichen Termin, weil nichts funktioniert.\n\nK. Wagner\nBahnhofstr. 3\n97070 Würzburg');
    const s = analyseStructure(doc);
    expect(s.closingLine).toBe(-1);
    expect([s.signatureStart, s.signatureEnd]).toEqual([4, 7]);
  });

  it.each([
    ['Mit freundlichen Grüßen', true],
    ['Mit freundlichen Grusen', true],
    ['Freundliche Grüße', true],
    ['MfG', true],
    ['Gruß', true],
    ['Hochachtungsvoll', true],
    ['Danke und viele Grüße', true],
    ['Vielen Dank und freundliche Grüße', true],
    ['Danke!', true],
    ['Mit verärgerten Grüßen', true],
    ['Grüße an Ihre Kollegen sind nicht nötig', false],
  ])('closing %j: %s', (line, closing) => {
    const s = analyseStructure(prepareDocument(`Sehr geehrte Damen und Herren,\nText.\n${line}\nHans Müller`));
    expect(s.closingLine === 2).toBe(closing);
  });
});

describe('isFaxHeader', () => {
  it.each([
    ['25.11.2026 09:14   +49 221 5550123   Mustermann   S. 1/2', true],
    ['FAX  24.11.2026  16:52  Von: 0621 3344556  An: 0228 9990000  Seite 1 von 1', true],
    ['24.11.26 17:02 FAX 0521 776655 Schneider Bielefeld S.01', true],
    ['Köln, 24.11.2026', false],
    ['Termin am 24.11.2026 um 10:00 Uhr', false],
  ])('%s → %s', (line, fax) => {
    expect(isFaxHeader(line)).toBe(fax);
  });
});
