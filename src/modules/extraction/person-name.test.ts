import { describe, expect, it } from 'vitest';
import { isCompanyName, isLawFirm, parsePersonName } from './person-name.ts';

describe('parsePersonName', () => {
  it.each([
    ['Hans Müller', { firstName: 'Hans', lastName: 'Müller' }],
    ['Herrn Dr. Hans Müller', { firstName: 'Hans', lastName: 'Müller', salutation: 'Herr' }],
    ['Frau Prof. Dr. Erika Meier-Schulz', { firstName: 'Erika', lastName: 'Meier-Schulz', salutation: 'Frau' }],
    ['Müller, Hans', { firstName: 'Hans', lastName: 'Müller' }],
    ['Schröder, Wolfgang', { firstName: 'Wolfgang', lastName: 'Schröder' }],
    ['Hans und Erika Müller', { firstName: 'Hans', lastName: 'Müller' }],
    ['Karl u. Erna Huber', { firstName: 'Karl', lastName: 'Huber' }],
    ['Hans-Peter von der Heide', { firstName: 'Hans-Peter', lastName: 'von der Heide' }],
    ['Prof. Dr. Friedrich von Ahlen', { firstName: 'Friedrich', lastName: 'von Ahlen' }],
    ['HANS MÜLLER', { firstName: 'Hans', lastName: 'Müller' }],
    ['H. Müller', { firstName: 'H.', lastName: 'Müller', initialOnly: true }],
    ['Frau Schmidt', { lastName: 'Schmidt', salutation: 'Frau' }],
    ['z. Hd. Herrn Jens Otto', { firstName: 'Jens', lastName: 'Otto', salutation: 'Herr' }],
    ['Dr. med. Ulrich Sommer', { firstName: 'Ulrich', lastName: 'Sommer' }],
    ['Rechtsanwältin Dr. Eva Sommer', { firstName: 'Eva', lastName: 'Sommer' }],
    ['Klaus-Dieter Hahn', { firstName: 'Klaus-Dieter', lastName: 'Hahn' }],
    ['Aylin Demir', { firstName: 'Aylin', lastName: 'Demir' }],
    ['Ayşe Özdemir', { firstName: 'Ayşe', lastName: 'Özdemir' }],
    ['Łukasz Nowak', { firstName: 'Łukasz', lastName: 'Nowak' }],
    ['Familie Özdemir', { lastName: 'Özdemir' }],
    ['Erika Schulz geb. Müller', { firstName: 'Erika', lastName: 'Schulz' }],
  ])('%s', (line, expected) => {
    expect(parsePersonName(line)).toEqual(expected);
  });

  it.each([
    'Kundenservice',
    'Sehr geehrte Damen und Herren',
    'Mit freundlichen Grüßen',
    'Fernmeldewerk AG Postfach',
    'Postfach 10 20 30',
    'Hauptstraße 5',
    'Herrn',
    'Müller',
    'hans müller',
    'Betreff: Kündigung',
    'Tel. 0221 123456',
    'In Sachen Müller',
    'Widerspruch',
  ])('rejects %s', (line) => {
    expect(parsePersonName(line)).toBeNull();
  });
});

describe('companies', () => {
  it.each(['Müller Bau GmbH', 'Bäckerei Schmitz e.K.', 'Otto Logistik GmbH & Co. KG', 'Rechtsanwälte Berger & Kollegen', 'Kanzlei Sommer', 'Betreuungsverein Lebenshilfe e.V.', 'Praxis am Dom', 'Müller & Söhne Sanitär'])(
    '%s is a company',
    (name) => {
      expect(isCompanyName(name)).toBe(true);
    },
  );

  it('recognises law firms', () => {
    expect(isLawFirm('Rechtsanwälte Dr. Berger & Kollegen')).toBe(true);
    expect(isLawFirm('Anwaltsbüro Yıldız & Partner')).toBe(true);
    expect(isLawFirm('Kanzlei Sommer')).toBe(true);
    expect(isLawFirm('Betreuungsverein Lebenshilfe e.V.')).toBe(false);
    expect(isCompanyName('Hans Müller')).toBe(false);
  });
});
