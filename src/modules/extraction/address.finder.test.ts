import { describe, expect, it } from 'vitest';
import { findAddresses } from './address.finder.ts';
import { classifyAddresses } from './address.roles.ts';
import { DEFAULT_OWN_IDENTITY } from './extraction.config.ts';
import { analyseStructure } from './letter.structure.ts';
import { compileOwnIdentity } from './own-identity.ts';
import { prepareDocument } from './text.document.ts';

const own = compileOwnIdentity(DEFAULT_OWN_IDENTITY, 'DE');

function addresses(text: string) {
  const doc = prepareDocument(text);
  return findAddresses(doc).map((h) => ({ street: h.street, postalCode: h.postalCode, city: h.city, names: h.nameLines.map((n) => n.text) }));
}

function roles(text: string) {
  const doc = prepareDocument(text);
  return classifyAddresses(findAddresses(doc), analyseStructure(doc), own, { lineOf: (o) => doc.lineAt(o) }).map((a) => [a.hit.street ?? null, a.role]);
}

describe('findAddresses', () => {
  it('reads an address block with names above the street, skipping c/o', () => {
    expect(addresses('Herrn\nDr. Hans Müller\nc/o Schmidt\nHauptstr. 5a\n50667 Köln')).toEqual([
      { street: 'Hauptstr. 5a', postalCode: '50667', city: 'Köln', names: ['Herrn', 'Dr. Hans Müller'] },
    ]);
  });

  it('reads one-line addresses with separators', () => {
    expect(addresses('Hans Müller · Hauptstr. 5 · 50667 Köln')).toEqual([{ street: 'Hauptstr. 5', postalCode: '50667', city: 'Köln', names: ['Hans Müller'] }]);
    expect(addresses('Absender: Yusuf Kaya, Lutherstraße 9, 68169 Mannheim')[0]?.names).toEqual(['Yusuf Kaya']);
    expect(addresses('Miriam Yilmaz | Weberstraße 7 | 53113 Bonn | 0228 7654321')[0]?.street).toBe('Weberstraße 7');
  });

  it('reads addresses inside sentences', () => {
    expect(addresses('Ab dem 1. Dezember wohne ich in der Lindenstraße 7, 04109 Leipzig.')).toEqual([
      { street: 'Lindenstraße 7', postalCode: '04109', city: 'Leipzig', names: [] },
    ]);
  });

  it('repairs OCR postcodes and restores city spellings', () => {
    expect(addresses('Goethestrasse 8\nO6108 Halle (Saale)')[0]).toMatchObject({ postalCode: '06108', city: 'Halle (Saale)' });
    expect(addresses('Am Dom 1\n49074 Osnabruck')[0]?.city).toBe('Osnabrück');
    expect(addresses('Hauptstr. 1\n04 109 Leipzig')[0]?.postalCode).toBe('04109');
    expect(addresses('Parkallee 3\nD-28209 Bremen')[0]?.postalCode).toBe('28209');
  });

  it('reads multi-word cities and stops at the end of the city', () => {
    expect(addresses('Im Winkel 3\n79098 Freiburg im Breisgau')[0]?.city).toBe('Freiburg im Breisgau');
    expect(addresses('Kaiserstraße 10\n60311 Frankfurt am Main')[0]?.city).toBe('Frankfurt am Main');
    expect(addresses('Wir sind nach 04109 Leipzig gezogen.')[0]?.city).toBe('Leipzig');
  });

  it('ignores amounts and counts that look like postcodes', () => {
    expect(addresses('Sie haben 12345 Euro abgebucht.')).toEqual([]);
    expect(addresses('Tarif mit 50000 Minuten')).toEqual([]);
  });
});

describe('classifyAddresses', () => {
  it('tells our recipient block from the sender block', () => {
    expect(roles('Hans Müller\nHauptstr. 5\n50667 Köln\n\nFernmeldewerk AG\nKundenservice\nPostfach 10 20 30\n53105 Bonn\n\nSehr geehrte Damen und Herren,\ntext')).toEqual([
      ['Hauptstr. 5', 'sender'],
      ['Postfach 10 20 30', 'own'],
    ]);
  });

  it('recognises our address mentioned in the body', () => {
    const text = 'Sehr geehrte Damen und Herren,\nich habe bereits an Ihre Adresse Postfach 10 20 30, 53105 Bonn geschrieben.\nGruß';
    expect(roles(text)).toEqual([['Postfach 10 20 30', 'own']]);
  });

  it('labels new and old addresses of a move', () => {
    const text = [
      'Sehr geehrte Damen und Herren,',
      'ich bin umgezogen von der Hauptstr. 5, 50667 Köln in die Lindenstraße 7, 04109 Leipzig.',
      'Meine neue Anschrift lautet:',
      '',
      'Rosenweg 1',
      '72074 Tübingen',
    ].join('\n');
    expect(roles(text)).toEqual([
      ['Hauptstr. 5', 'old'],
      ['Lindenstraße 7', 'new'],
      ['Rosenweg 1', 'new'],
    ]);
  });
});
