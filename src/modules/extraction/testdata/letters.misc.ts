/** Assorted cases: foreign IBAN, fax and phone labels, order numbers, relative dates. */
import { letter, type LetterCase } from './letter-case.ts';

export const MISC_LETTERS: LetterCase[] = [
  {
    name: 'Austrian IBAN, phone and fax labelled, "Auftragsnummer" as contract label',
    text: letter`
      Elisabeth Gruber
      Salzburger Straße 3
      83395 Freilassing
      Telefon (privat): 08654 / 77 88 99
      Fax: 08654 / 77 88 90

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      Freilassing, 21.11.2026

      Auftragsnummer A-2026-00417, Kundennummer 6060606060

      Sehr geehrte Damen und Herren,

      bitte buchen Sie die Gebühren künftig von meinem österreichischen Konto ab:
      IBAN AT61 1904 3002 3457 3201.
      Die Umstellung soll zum nächsten Monat erfolgen.

      Mit freundlichen Grüßen
      Elisabeth Gruber
    `,
    expected: {
      firstName: 'Elisabeth',
      lastName: 'Gruber',
      street: 'Salzburger Straße 3',
      postalCode: '83395',
      city: 'Freilassing',
      phone: '+498654778899',
      iban: 'AT611904300234573201',
      contractNumber: 'A-2026-00417',
      customerNumber: '6060606060',
      desiredDate: '2026-12-01',
    },
  },
  {
    name: 'terse cancellation "zum Monatsende" with Mobil label and e-mail in signature',
    text: letter`
      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Kündigung Kundennummer 7070707070

      Hiermit kündige ich meinen Handyvertrag zum Monatsende.

      Gruß
      Leon Hartmann
      Mobil 0162 1122334
      leon.hartmann@mailbox.org
    `,
    expected: {
      customerNumber: '7070707070',
      firstName: 'Leon',
      lastName: 'Hartmann',
      phone: '+491621122334',
      email: 'leon.hartmann@mailbox.org',
      desiredDate: '2026-11-30',
    },
  },
  {
    name: 'move with "ziehen nach" inline address and the move date "Ende Februar"',
    text: letter`
      Paul und Anna Richter
      Brunnenweg 11
      99084 Erfurt

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      Erfurt, 23.11.2026

      Umzug / Kundennummer 5151515151

      Sehr geehrte Damen und Herren,

      Ende Februar ziehen wir nach Weimar, Schillerstraße 14, 99423 Weimar. Bitte schalten Sie
      unseren Anschluss dort frei. Die alte Wohnung in Erfurt wird zum 28.02.2027 gekündigt.

      Mit freundlichen Grüßen
      Paul Richter
    `,
    expected: {
      firstName: 'Paul',
      lastName: 'Richter',
      street: 'Brunnenweg 11',
      postalCode: '99084',
      city: 'Erfurt',
      newStreet: 'Schillerstraße 14',
      newPostalCode: '99423',
      newCity: 'Weimar',
      customerNumber: '5151515151',
      desiredDate: '2027-02-28',
    },
  },
];
