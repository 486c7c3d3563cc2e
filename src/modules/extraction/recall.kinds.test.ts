/**
 * The kinds of wording the recall round of issue 4 taught the extractor, one small case each,
 * with the look-alikes that must stay unextracted. Whole letters of each kind are in
 * testdata/letters.recall.ts (run by field.extractor.test.ts and precision.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createFieldExtractor } from './field.extractor.ts';
import { isGarbledClosing } from './letter.structure.ts';
import { isCompanyName, isLoneNameToken, parsePersonName } from './person-name.ts';
import { parseStreetLine, streetAtEnd } from './street.ts';

const extractor = createFieldExtractor();
const RECEIVED = new Date('2026-11-25T08:00:00Z');
const extract = (text: string, receivedAt: Date = RECEIVED) => extractor.extract({ text, receivedAt });

describe('names', () => {
  it.each([
    ['Herrn Hahn, Dieter', { firstName: 'Dieter', lastName: 'Hahn', salutation: 'Herr' }],
    ['Frau Dr. Lindqvist, Maren', { firstName: 'Maren', lastName: 'Lindqvist', salutation: 'Frau' }],
    ['Björn Kuch:-', { firstName: 'Björn', lastName: 'Kuch' }],
    ['F.Böttcher', { firstName: 'F.', lastName: 'Böttcher', initialOnly: true }],
  ])('parses %s', (line, expected) => {
    expect(parsePersonName(line)).toEqual(expected);
  });

  it.each(['Mehr Datenvolumen, bitte.', 'Neuer Router, danke'])('%s is no name', (line) => {
    expect(parsePersonName(line)).toBeNull();
  });

  it.each([
    ['Vogt Versicherungsbüro', true],
    ['Müller Malerbetrieb', true],
    ['Schreinerei Albrecht', true],
    ['Elektro Kaminski', true],
    ['Kaya Haustechnik', true],
    ['Hans Bauer', false],
    ['Edith Grabau', false],
    ['Walter Dienst', false],
    ['Sollte ich nichts hören, beschwere ich mich bei der Bundesnetzagentur.', false],
  ])('isCompanyName(%s) = %s', (text, expected) => {
    expect(isCompanyName(text)).toBe(expected);
  });

  it.each([
    ['Siegfried', true],
    ['Anna-Lena', true],
    ['Svetlana .', true],
    ['Danke', false],
    ['Euer', false],
    ['Hausverwaltung', false],
    ['am', false],
  ])('isLoneNameToken(%s) = %s', (text, expected) => {
    expect(isLoneNameToken(text)).toBe(expected);
  });

  it('a one-word signature that is the surname already known is no first name', () => {
    const text = 'Von: Hannelore Brückner <h.brueckner@web.de>\nBetreff: Frage\n\nHallo,\nwann kommt der Techniker?\n\nGruß\nBrückner\n';
    const { fields } = extract(text);
    expect(fields.firstName).toBe('Hannelore');
    expect(fields.lastName).toBe('Brückner');
  });

  it('a one-word signature with another initial in the header does not replace it', () => {
    const text = 'Von: P. Okonkwo <okonkwo@posteo.de>\nBetreff: Rechnung\n\nHallo,\ndie Rechnung ist zu hoch.\n\nGruß\nMaria\n';
    const { fields } = extract(text);
    expect(fields.lastName).toBe('Okonkwo');
    expect(fields.firstName).toBeUndefined();
    expect(fields.firstNameInitial).toBe('P.');
  });
});

describe('closing formulas garbled by typing or OCR', () => {
  it.each(['Mit freundlichen Gfüßen', 'Freunldiche Gruesse', 'Grruss', 'Mit. freundlichen Grüßen', 'mit freundlichen grüsen', 'Hochachtungsvol'])('%s', (line) => {
    expect(isGarbledClosing(line)).toBe(true);
  });

  it.each(['Gross', 'Mit freundlicher Unterstützung', 'Grundgebühr', 'Hans Gruber', 'Grünstraße 4'])('%s is no closing', (line) => {
    expect(isGarbledClosing(line)).toBe(false);
  });
});

describe('streets', () => {
  it.each([
    ['Mühlenweg.50', 'Mühlenweg 50'],
    ['Carl-Benz- -Straße 13', 'Carl-Benz-Straße 13'],
    ['Friedrich- Ebert-Str. 5', 'Friedrich-Ebert-Str. 5'],
    ['Kastanienallee 12a-14', 'Kastanienallee 12a-14'],
    ['Hauptstr. 5', 'Hauptstr. 5'],
  ])('%s → %s', (line, value) => {
    expect(parseStreetLine(line)?.value).toBe(value);
  });

  it('a bare street word takes the adjective before it in running text', () => {
    expect(streetAtEnd('wohne ich jetzt in der Hohenheimer Straße 118')?.value).toBe('Hohenheimer Straße 118');
    expect(streetAtEnd('mein Umzug in die Breite Gasse 4')?.value).toBe('Breite Gasse 4');
  });
});

describe('contract numbers', () => {
  it.each([
    ['VNR: FW-48328853', 'FW-48328853'],
    ['VNr. 5278-040551', '5278-040551'],
    ['VK-Nr.: 8841-220913', '8841-220913'],
    ['Vertragskonto 8841220913', '8841220913'],
    ['Vertrag: FW55-4906012', 'FW55-4906012'],
    ['Auftrag: 9995-458362', '9995-458362'],
    ['wenn wir unseren Geschäftskundenvertrag 2276-117733 beenden wollten', '2276-117733'],
    ['Auftrag V622933998, gegengezeichnet.', 'V622933998'],
  ])('%s', (text, value) => {
    expect(extract(text).fields.contractNumber).toBe(value);
  });

  it.each(['den Mobilfunkvertrag seit 2019', 'Vertrag: 24 Monate Laufzeit', 'im Auftrag meiner Mutter 1934 geboren'])('%s has none', (text) => {
    expect(extract(text).fields.contractNumber).toBeUndefined();
  });

  it('an invoice number after "Rg.-Nr." is no customer number, a grouped number alone is one', () => {
    const { fields } = extract('Abrechnungsfehler\n45812-37082\nRg.-Nr.: 70 5705 8784\nSehr geehrte Damen und Herren,\nbitte prüfen.');
    expect(fields.customerNumber).toBe('4581237082');
    expect(fields.phone).toBeUndefined();
  });
});

describe('desired dates', () => {
  it('reads the wish in an e-mail subject line', () => {
    const text = 'Von: Ilse Kern <ikern@web.de>\nGesendet: Montag, 23. November 2026 09:00\nBetreff: Tarifwechsel ab 01.02.2027\n\nHallo,\nbitte stellen Sie um.\n\nGruß\nIlse Kern\n';
    expect(extract(text).fields.desiredDate).toBe('2027-02-01');
  });

  it('"Abbuchung ab 8. Juni": the trigger right before the date counts', () => {
    expect(extract('Betreff: Abbuchung ab 8. Juni 2027 von neuem Konto').fields.desiredDate).toBe('2027-06-08');
  });

  it('a subject line with a date and a number is no fax header', () => {
    const text = 'Lukas Herrmann\nAlte Landstraße 128\n57076 Siegen\n\nFernmeldewerk AG\nPostfach 10 20 30\n53105 Bonn\n\nSiegen, den 25. November 2026\nAbbuchung ab 31.1.2027 von neuem Konto – Kundennummer 6028820800\nSehr geehrte Damen und Herren,\nbitte umstellen.';
    expect(extract(text).fields.desiredDate).toBe('2027-01-31');
  });

  it('"innerhalb von 14 Tagen" is a period, not a wished day', () => {
    const { fields } = extract('Ich widerrufe den Vertrag innerhalb von 14 Tagen. Bitte bestätigen Sie den Widerruf.');
    expect(fields.desiredDate).toBeUndefined();
  });

  it('a yearless date counts from the letter date when the letter arrives late', () => {
    const text = 'Rostock, 24.11.2026\n\nSehr geehrte Damen und Herren,\nich kündige zum 31.12.\n\nMit freundlichen Grüßen\nHenrike Sommerfeld';
    expect(extract(text, new Date('2027-01-12T09:00:00Z')).fields.desiredDate).toBe('2026-12-31');
    // A letter date long before the receipt (misread, or an old copy) is not trusted: the receipt date decides.
    const old = text.replace('24.11.2026', '24.11.2025');
    expect(extract(old, new Date('2027-01-12T09:00:00Z')).fields.desiredDate).toBe('2027-12-31');
  });

  it('"Ende nächsten Monats" counts from the mail\'s sent date', () => {
    const text = 'Von: Ute Rahn <rahn@web.de>\nGesendet: Freitag, 30. Oktober 2026 22:10\nBetreff: Kündigung\n\nHallo,\nich kündige zum Ende des nächsten Monats.\n\nGruß\nUte Rahn\n';
    expect(extract(text, new Date('2026-11-02T08:00:00Z')).fields.desiredDate).toBe('2026-11-30');
  });

  it('"zum nächstmöglichen Termin" is a flag, not a date', () => {
    const result = extract('Hiermit kündige ich meinen Vertrag zum nächstmöglichen Termin.');
    expect(result.fields.desiredDate).toBeUndefined();
    expect(result.flags).toContain('date_next_possible');
  });
});

describe('addresses', () => {
  it('"an Sie" in the sentence before does not make a move address ours', () => {
    const text = 'Sehr geehrte Damen und Herren,\nIhr Mitarbeiter hat mich an Sie verwiesen.\nAm 31.08. steht mein Umzug nach Marktplatz 19, 02826 Görlitz an.\n';
    const { fields } = extract(text);
    expect(fields.newStreet).toBe('Marktplatz 19');
    expect(fields.newCity).toBe('Görlitz');
  });

  it('"Bitte senden Sie die Unterlagen an Ihre Adresse" keeps our own address out', () => {
    const text = 'Sehr geehrte Damen und Herren,\nich habe den Router an Ihre Adresse Postfach 10 20 30, 53105 Bonn geschickt.\n';
    const { fields } = extract(text);
    expect(fields.newCity).toBeUndefined();
    expect(fields.city).toBeUndefined();
  });
});
