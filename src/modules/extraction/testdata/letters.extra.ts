/** More layouts: references lines, "--" signatures, fax headers with FAX mark, old/new address blocks, two columns. */
import { letter, type LetterCase } from './letter-case.ts';

export const EXTRA_LETTERS: LetterCase[] = [
  {
    name: '"Frau" line, bracketed area code, reference lines, grouped customer number in the subject',
    text: letter`
      Frau
      Sabine Krämer-Ott
      Lortzingstraße 23
      50931 Köln
      Tel. (0221) 98 76 54

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

                                                    Köln, 24.11.2026

      Ihr Zeichen: KS-20261101
      Mein Zeichen: SKO

      Widerspruch gegen Vertragsverlängerung / Kundennummer 334 455 6677

      Sehr geehrte Damen und Herren,

      der automatischen Verlängerung meines Vertrages (Vertragsnummer V-2021-77881) widerspreche ich.
      Mein Vertrag soll wie vereinbart am 31.03.2027 enden.

      Mit freundlichen Grüßen

      Sabine Krämer-Ott
    `,
    expected: {
      firstName: 'Sabine',
      lastName: 'Krämer-Ott',
      street: 'Lortzingstraße 23',
      postalCode: '50931',
      city: 'Köln',
      phone: '+49221987654',
      customerNumber: '3344556677',
      contractNumber: 'V-2021-77881',
      desiredDate: '2027-03-31',
    },
  },
  {
    name: 'e-mail body with "--" signature delimiter and one-line address',
    text: letter`
      Hallo zusammen,

      seit gestern funktioniert mein Festnetztelefon nicht mehr. Bitte schicken Sie einen Techniker.
      Ich bin ab Montag wieder zu Hause.
      Kundennummer: 8642097531

      --
      Frank Albrecht
      Gneisenaustraße 66, 10961 Berlin
      Mobil +49 172 3344556
    `,
    expected: {
      firstName: 'Frank',
      lastName: 'Albrecht',
      street: 'Gneisenaustraße 66',
      postalCode: '10961',
      city: 'Berlin',
      phone: '+491723344556',
      customerNumber: '8642097531',
      desiredDate: '2026-11-30',
    },
  },
  {
    name: 'fax with "FAX" header mark, labels split by spaces ("Kunden nummer", "Vertrags nr")',
    text: letter`
      24.11.26 17:02 FAX 0521 776655 Schneider Bielefeld S.01

      Uwe Schneider
      Jahnplatz 5
      33602 Bielefeld

      Fernmeldewerk AG
      Postfach 102030
      53105 Bonn

      Bielefeld, 23.11.2026

      Kunden nummer 5005 0050 05
      Vertrags nr VN 1234 5678

      Kündigung

      Sehr geehrte Damen und Herren
      hiermit kündige ich den oben genannten Vertrag zum 28.02.2027.
      Mit freundlichem Gruss
      U. Schneider
    `,
    expected: {
      firstName: 'Uwe',
      lastName: 'Schneider',
      street: 'Jahnplatz 5',
      postalCode: '33602',
      city: 'Bielefeld',
      customerNumber: '5005005005',
      contractNumber: 'VN12345678',
      desiredDate: '2027-02-28',
      phone: '+49521776655',
    },
  },
  {
    name: 'move with labelled old and new address blocks, name-only letterhead',
    text: letter`
      Tobias Engel

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Ummeldung meines Anschlusses, Kundennummer 2727272727

      Hallo,

      ich bin umgezogen und bitte Sie, meine Adresse zu ändern.

      Alte Anschrift:
      Tobias Engel
      Feldstraße 3
      24105 Kiel

      Neue Anschrift:
      Tobias Engel
      Holtenauer Straße 190
      24106 Kiel

      Der Umzug war am 15.11.2026. Bitte schalten Sie den Anschluss schnellstmöglich in der neuen Wohnung frei.

      Viele Grüße
      Tobias Engel
    `,
    expected: {
      firstName: 'Tobias',
      lastName: 'Engel',
      street: 'Feldstraße 3',
      postalCode: '24105',
      city: 'Kiel',
      newStreet: 'Holtenauer Straße 190',
      newPostalCode: '24106',
      newCity: 'Kiel',
      customerNumber: '2727272727',
    },
    flags: ['date_next_possible'],
  },
  {
    name: 'lower-case IBAN with irregular spaces next to a BIC',
    text: letter`
      Carsten Wolff
      Lindenstr. 2
      18055 Rostock

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Rostock, 20. November 2026

      Einzugsermächtigung – Kunden-Nr. 6543210987

      Sehr geehrte Damen und Herren,

      bitte ziehen Sie die Beträge zukünftig von folgendem Konto ein:
      Kontoinhaber: Carsten Wolff
      IBAN: de02 8605 55920099 8877 66
      BIC: WELADE8LXXX

      Mit freundlichen Grüßen
      Carsten Wolff
    `,
    expected: {
      firstName: 'Carsten',
      lastName: 'Wolff',
      street: 'Lindenstr. 2',
      postalCode: '18055',
      city: 'Rostock',
      iban: 'DE02860555920099887766',
      customerNumber: '6543210987',
    },
  },
  {
    name: 'angry e-mail: misspelt label, birth date in words, phone after "rufen Sie mich an"',
    text: letter`
      Von: gabi.schmitt@web.de
      Betreff: BESCHWERDE!!!!

      Ich bin seit 15 Jahren Kundin und so was habe ich noch nie erlebt. Seit drei Wochen kein Internet!!!
      Meine Kundenummer ist 1928374650, geboren am 3. März 1975, falls Sie das zur Identifikation
      brauchen. Rufen Sie mich sofort an: 0170/9876543.

      Gabriele Schmitt
    `,
    expected: {
      email: 'gabi.schmitt@web.de',
      customerNumber: '1928374650',
      birthDate: '1975-03-03',
      phone: '+491709876543',
      firstName: 'Gabriele',
      lastName: 'Schmitt',
    },
  },
  {
    name: 'GmbH & Co. KG with "z. Hd. Herrn" contact, "zum 1.1." without year',
    text: letter`
      Otto Logistik GmbH & Co. KG
      z. Hd. Herrn Jens Otto
      Hafenweg 8-10
      48155 Münster

      Fernmeldewerk AG
      Geschäftskunden-Service
      Postfach 10 20 30
      53105 Bonn

      Münster, 25.11.2026

      Tarifumstellung Kundennummer 4040404040

      Sehr geehrte Damen und Herren,

      wir möchten unsere 12 Mobilfunkverträge zum 1.1. auf den Tarif Business XL umstellen.

      Mit freundlichen Grüßen

      Otto Logistik GmbH & Co. KG
      i. V. Jens Otto
    `,
    expected: {
      company: 'Otto Logistik GmbH & Co. KG',
      firstName: 'Jens',
      lastName: 'Otto',
      street: 'Hafenweg 8-10',
      postalCode: '48155',
      city: 'Münster',
      customerNumber: '4040404040',
      desiredDate: '2027-01-01',
    },
  },
  {
    name: '"zum Ende des nächsten Monats", closing "Vielen Dank und freundliche Grüße"',
    text: letter`
      Lisa Brandt
      Ostertorsteinweg 12
      28203 Bremen

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Kd.-Nr.: 3141592653

      Sehr geehrte Damen und Herren,

      bitte kündigen Sie meine Zusatzoption "Mobil Extra" zum Ende des nächsten Monats. Den
      Hauptvertrag möchte ich behalten.

      Vielen Dank und freundliche Grüße
      Lisa Brandt
    `,
    expected: {
      firstName: 'Lisa',
      lastName: 'Brandt',
      street: 'Ostertorsteinweg 12',
      postalCode: '28203',
      city: 'Bremen',
      customerNumber: '3141592653',
      desiredDate: '2026-12-31',
    },
  },
  {
    name: 'married couple ("Eheleute", "Karl und Erna Huber"), two signatures side by side, "Vertragskonto"',
    text: letter`
      Eheleute
      Karl und Erna Huber
      Dorfplatz 1
      94032 Passau

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Passau, 22.11.2026

      Sehr geehrte Damen und Herren,

      wir möchten unseren Vertrag (Vertragskonto 7788-112233) auf Erna Huber umschreiben lassen.
      Die Anschrift bleibt unverändert.

      Mit freundlichen Grüßen

      Karl Huber          Erna Huber
    `,
    expected: {
      firstName: 'Karl',
      lastName: 'Huber',
      street: 'Dorfplatz 1',
      postalCode: '94032',
      city: 'Passau',
      contractNumber: '7788-112233',
    },
  },
  {
    name: 'window-envelope layout: our address left, sender block in the right column',
    text: letter`
      Fernmeldewerk AG                                  Absender:
      Kundenservice                                     Dr. med. Ulrich Sommer
      Postfach 10 20 30                                 Praxis am Dom
      53105 Bonn                                        Domplatz 3
                                                        39104 Magdeburg

      Betreff: Störung Praxisanschluss, Kundennummer 1111222233

      Sehr geehrte Damen und Herren,

      unser Praxisanschluss ist seit Tagen gestört. Bitte beheben Sie die Störung umgehend; für
      Rückfragen erreichen Sie uns unter 0391 5556677.

      Mit freundlichen Grüßen
      Dr. Ulrich Sommer
    `,
    expected: {
      company: 'Praxis am Dom',
      firstName: 'Ulrich',
      lastName: 'Sommer',
      street: 'Domplatz 3',
      postalCode: '39104',
      city: 'Magdeburg',
      customerNumber: '1111222233',
      phone: '+493915556677',
    },
  },
];
