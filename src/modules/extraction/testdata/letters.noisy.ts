/** Faxes, OCR-noisy scans, terse notes and angry complaints. */
import { letter, type LetterCase } from './letter-case.ts';

export const NOISY_LETTERS: LetterCase[] = [
  {
    name: 'fax with transmission header, OCR-garbled customer number and IBAN, new and old IBAN',
    text: letter`
      25.11.2026 09:14   +49 221 5550123   Mustermann   S. 1/2

      Max Mustermann
      Am Ring 12-14
      50996 Köln

      An Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      Betreff: Änderung Bankverbindung
      Kundennumrner: 2O18 4455 66

      Sehr geehrte Damen und Herren,

      bitte buchen Sie die monatlichen Beträge ab sofort von meinem neuen Konto ab.
      Neue IBAN: DE75 12O3 OOOO 1O2O 3O4O 5O
      Meine alte IBAN DE89 3704 0044 0532 0130 00 bitte nicht mehr verwenden.

      Mit freundlichen Grüßen
      Max Mustermann
    `,
    expected: {
      customerNumber: '2018445566',
      iban: 'DE75120300001020304050',
      phone: '+492215550123',
      firstName: 'Max',
      lastName: 'Mustermann',
      street: 'Am Ring 12-14',
      postalCode: '50996',
      city: 'Köln',
    },
    flags: ['date_next_possible'],
  },
  {
    name: 'OCR scan without umlauts, O/0 in postcode, date and phone, rn for m in the label',
    text: letter`
      Gerda Lehmann
      Goethestrasse 8
      O6108 Halle (Saale)

      Fernmeldewerk AG
      Kundenservice
      Postfach 1O 2O 3O
      531O5 Bonn

      Halle, 17.11.2O26

      Kundennumrner: 3O7 768 S297

      Sehr geehrte Damen und Herren,
      ich mochte meinen Vertrag kundigen. Bitte zum 31.l2.2O26.
      Meine Telefonnummer: O345 / 123 45 67

      Mit freundlichen Grusen
      Gerda Lehmann
    `,
    expected: {
      customerNumber: '3077685297',
      firstName: 'Gerda',
      lastName: 'Lehmann',
      street: 'Goethestrasse 8',
      postalCode: '06108',
      city: 'Halle (Saale)',
      phone: '+493451234567',
      desiredDate: '2026-12-31',
    },
  },
  {
    name: 'terse note: label without separator, initial only, address at the end, no closing',
    text: letter`
      Kd-Nr 3077685297

      Ich kündige hiermit ALLES zum nächstmöglichen Termin!!! Seit 3 Wochen kein Internet und keiner ruft zurück.

      K. Wagner
      Bahnhofstr. 3
      97070 Würzburg
    `,
    expected: {
      customerNumber: '3077685297',
      firstNameInitial: 'K.',
      lastName: 'Wagner',
      street: 'Bahnhofstr. 3',
      postalCode: '97070',
      city: 'Würzburg',
    },
    flags: ['date_next_possible'],
  },
  {
    name: 'angry complaint in capitals, unlabelled customer number in the subject, no closing',
    text: letter`
      Heinz Meier
      Kirchgasse 4
      35390 Gießen

      An die Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      BETREFF: 1234509876 - IHRE UNVERSCHÄMTE RECHNUNG

      Was fällt Ihnen eigentlich ein?! Schon wieder haben Sie mir 89,97 € abgebucht, obwohl ich im
      September einen Tarif für 29,99 € abgeschlossen habe. Ich verlange, dass Sie mir die Differenz
      SOFORT erstatten, sonst gehe ich zum Anwalt und zur Verbraucherzentrale!!!

      Heinz Meier
    `,
    expected: {
      customerNumber: '1234509876',
      firstName: 'Heinz',
      lastName: 'Meier',
      street: 'Kirchgasse 4',
      postalCode: '35390',
      city: 'Gießen',
    },
  },
  {
    name: 'fax: "Von:/An:" numbers in the header, Absender line, grouped customer number',
    text: letter`
      FAX  24.11.2026  16:52  Von: 0621 3344556  An: 0228 9990000  Seite 1 von 1

      Absender: Yusuf Kaya, Lutherstraße 9, 68169 Mannheim

      An
      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Betr.: Lastschrift / Kundennr. 77 88 99 00 11

      Sehr geehrte Damen und Herren,
      bitte ziehen Sie ab sofort von folgendem Konto ab:
      IBAN DE44 5001 0517 5407 3249 31
      (Kontoinhaber Yusuf Kaya, ING)

      Mit freundlichem Gruß
      Y. Kaya
    `,
    expected: {
      firstName: 'Yusuf',
      lastName: 'Kaya',
      street: 'Lutherstraße 9',
      postalCode: '68169',
      city: 'Mannheim',
      iban: 'DE44500105175407324931',
      customerNumber: '7788990011',
      phone: '+496213344556',
    },
    flags: ['date_next_possible'],
  },
  {
    name: 'handwriting OCR in lower case, no structure',
    text: letter`
      fernmeldewerk ag
      postfach 10 20 30
      53105 bonn

      hallo, bitte meinen internet vertrag kündigen zum 28.2.27, ich ziehe ins ausland.
      danke
      renate voigt
      kundennummer 4400220011
      tel 0172 9988776
    `,
    expected: {
      customerNumber: '4400220011',
      phone: '+491729988776',
      desiredDate: '2027-02-28',
      firstName: 'Renate',
      lastName: 'Voigt',
    },
  },
  {
    name: 'scan with broken lines: label and number split over lines, stray spaces in IBAN',
    text: letter`
      Dieter Franke
      Rheinstraße 101
      55116 Mainz

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Mainz, 18.11.2026

      SEPA-Lastschriftmandat

      Sehr geehrte Damen und Herren,

      zu meiner Kunden-
      nummer 24681 35790 teile ich Ihnen meine neue Bankverbindung mit: DE34 2005 0550 12
      34 5678 90 (Hamburger Sparkasse). Bitte buchen Sie ab Januar 2027 von diesem Konto ab.

      Mit freundlichen Grüßen

      D. Franke
    `,
    expected: {
      firstName: 'Dieter',
      lastName: 'Franke',
      street: 'Rheinstraße 101',
      postalCode: '55116',
      city: 'Mainz',
      customerNumber: '2468135790',
      iban: 'DE34200505501234567890',
      desiredDate: '2027-01-01',
    },
  },
  {
    name: 'OCR: l/1 and S/5 confusions in street number and phone, "Kundennr" with colon on next line',
    text: letter`
      Susanne Vogel
      Hauptstraße l7
      8O331 München
      Tel.: O89 / 5S 66 77 88

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      München, 20.11.2026

      Kundennr.:
      9876501234

      Sehr geehrte Damen und Herren,

      mein Router ist seit dem 10.11.2026 defekt. Bitte schicken Sie mir bis Ende nächster Woche ein
      Ersatzgerät.

      Mit freundlichen Grüßen
      Susanne Vogel
    `,
    expected: {
      firstName: 'Susanne',
      lastName: 'Vogel',
      street: 'Hauptstraße 17',
      postalCode: '80331',
      city: 'München',
      phone: '+498955667788',
      customerNumber: '9876501234',
    },
  },
];
