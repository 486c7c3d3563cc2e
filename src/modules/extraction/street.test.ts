import { describe, expect, it } from 'vitest';
import { parseStreetLine, streetAtEnd } from './street.ts';

describe('parseStreetLine', () => {
  it.each([
    ['Hauptstr. 5a', 'Hauptstr. 5a', 1],
    ['Hauptstraße 5 a', 'Hauptstraße 5a', 1],
    ['Am Ring 12-14', 'Am Ring 12-14', 1],
    ['Am Ring 12 - 14', 'Am Ring 12-14', 1],
    ['Straße des 17. Juni 3', 'Straße des 17. Juni 3', 1],
    ['Karl-Marx-Allee 90 / Whg. 12', 'Karl-Marx-Allee 90', 1],
    ['An der Alster 5 b', 'An der Alster 5b', 0.9],
    ['Im Winkel 3', 'Im Winkel 3', 1],
    ['Hauptstraße l7', 'Hauptstraße 17', 1],
    ['Lindenstr.2', 'Lindenstr. 2', 1],
    ['Goethestrasse 8', 'Goethestrasse 8', 1],
    ['Seestraße 1, 2. OG', 'Seestraße 1', 1],
    ['Alter Markt 7 (Hinterhaus)', 'Alter Markt 7', 1],
    ['Marienplatz 4', 'Marienplatz 4', 1],
    ['Domplatz 3', 'Domplatz 3', 1],
    ['Rübezahlweg 84', 'Rübezahlweg 84', 1],
  ])('%s → %s', (line, value, score) => {
    const parsed = parseStreetLine(line);
    expect(parsed?.value).toBe(value);
    expect(parsed?.score).toBe(score);
  });

  it('takes PO boxes', () => {
    expect(parseStreetLine('Postfach 10 20 30')?.value).toBe('Postfach 10 20 30');
  });

  it('accepts unusual street names only by position (lower score)', () => {
    expect(parseStreetLine('Kuhle Wampe 3')?.score).toBe(0.55);
  });

  it.each(['Kundennummer 1234567890', 'Tel. 0221 12345', 'Seite 2', 'Mobil Flex 10', '29,99 €', 'vom 12.03.2026', 'ich wohne hier 5', 'Laufzeit 24'])('rejects %s', (line) => {
    expect(parseStreetLine(line)).toBeNull();
  });
});

describe('streetAtEnd', () => {
  it.each([
    ['meine neue Anschrift lautet Lindenweg 7', 'Lindenweg 7'],
    ['ab dem 1. Dezember wohne ich in der Straße des 17. Juni 112', 'Straße des 17. Juni 112'],
    ['wir ziehen in die Rosenstraße 8', 'Rosenstraße 8'],
    ['Herrn Thomas Krause, Gartenweg 7', 'Gartenweg 7'],
    ['wohnhaft Am Lindenhof 2', 'Am Lindenhof 2'],
  ])('%s → %s', (phrase, value) => {
    expect(streetAtEnd(phrase)?.value).toBe(value);
  });

  it('does not invent streets from ordinary phrases', () => {
    expect(streetAtEnd('seit 15 Jahren Kunde und habe 3')).toBeNull();
    expect(streetAtEnd('ich zahle monatlich 29')).toBeNull();
  });
});
