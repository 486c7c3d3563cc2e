/** More formal letters: companies, birth dates, contact data changes, revocations, invoice numbers. */
import { letter, type LetterCase } from './letter-case.ts';

export const FORMAL_LETTERS_MORE: LetterCase[] = [
  {
    name: 'company with department signature "i. A.", phone with extension, contract in parentheses',
    text: letter`
      Müller & Söhne Sanitär GmbH
      Industriestraße 44
      44147 Dortmund
      Telefon 0231 / 44 55 66-0
      info@mueller-soehne-sanitaer.de

      Fernmeldewerk AG
      Geschäftskunden
      Postfach 10 20 30
      53105 Bonn

      Dortmund, 20.11.2026

      Anforderung Vertragsunterlagen – Kunden-Nr. 3344556677

      Sehr geehrte Damen und Herren,

      für unsere Buchhaltung benötigen wir eine Kopie des Vertrages über unsere Telefonanlage
      (Vertragsnummer 88-1234567) sowie die Rechnungen der Monate August bis Oktober 2026.

      Mit freundlichen Grüßen

      i. A. Sandra Kühn
      Buchhaltung
      Müller & Söhne Sanitär GmbH
    `,
    expected: {
      company: 'Müller & Söhne Sanitär GmbH',
      firstName: 'Sandra',
      lastName: 'Kühn',
      street: 'Industriestraße 44',
      postalCode: '44147',
      city: 'Dortmund',
      phone: '+492314455660',
      email: 'info@mueller-soehne-sanitaer.de',
      customerNumber: '3344556677',
      contractNumber: '88-1234567',
    },
  },
  {
    name: 'extraordinary cancellation, birth date in sender block, two mentions of the date',
    text: letter`
      Klaus-Dieter Hahn
      Wilhelmstraße 55
      65185 Wiesbaden
      geb. am 12.04.1958

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      Wiesbaden, 19.11.2026

      Sonderkündigung

      Kundennummer: 9090909090

      Sehr geehrte Damen und Herren,

      da ich zum 15. Dezember nach Spanien auswandere, kündige ich meinen Vertrag außerordentlich
      zum 15.12.2026, hilfsweise fristgerecht zum nächstmöglichen Termin.

      Mit freundlichen Grüßen
      Klaus-Dieter Hahn
    `,
    expected: {
      firstName: 'Klaus-Dieter',
      lastName: 'Hahn',
      street: 'Wilhelmstraße 55',
      postalCode: '65185',
      city: 'Wiesbaden',
      birthDate: '1958-04-12',
      customerNumber: '9090909090',
      desiredDate: '2026-12-15',
    },
    flags: ['date_next_possible'],
  },
  {
    name: 'contact data change: new mobile number and new e-mail',
    text: letter`
      Monika Braun
      Am Lindenhof 2
      26122 Oldenburg

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Oldenburg, 22.11.2026

      Änderung meiner Kontaktdaten – KNr. 6677889900

      Sehr geehrte Damen und Herren,

      bitte ändern Sie meine Kontaktdaten wie folgt:
      Meine neue Handynummer: 0157 33445566
      Neue E-Mail-Adresse: monika.braun@freenet.de

      Mit freundlichen Grüßen
      Monika Braun
    `,
    expected: {
      firstName: 'Monika',
      lastName: 'Braun',
      street: 'Am Lindenhof 2',
      postalCode: '26122',
      city: 'Oldenburg',
      customerNumber: '6677889900',
      phone: '+4915733445566',
      email: 'monika.braun@freenet.de',
    },
  },
  {
    name: '"Absender:" label, "Nachname, Vorname", D- postcode, revocation with a past date only',
    text: letter`
      Absender:
      Schröder, Wolfgang
      Parkallee 3 b
      D-28209 Bremen

      An die
      Fernmeldewerk AG
      - Kundenservice -
      Postfach 10 20 30
      53105 Bonn

      Bremen, den 21. Nov. 2026

      Vertrags-Nr. VK-77665544 / Widerruf

      Sehr geehrte Damen und Herren,

      hiermit widerrufe ich den am 16.11.2026 telefonisch abgeschlossenen Vertrag.

      Mit freundlichen Grüßen
      W. Schröder
    `,
    expected: {
      firstName: 'Wolfgang',
      lastName: 'Schröder',
      street: 'Parkallee 3b',
      postalCode: '28209',
      city: 'Bremen',
      contractNumber: 'VK-77665544',
    },
  },
  {
    name: 'invoice number and invoice dates that must not be taken for customer number or wish',
    text: letter`
      Bernd Keller
      Talstraße 18
      66111 Saarbrücken

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Datum: 20.11.2026

      Rechnungsnummer 5566778899 vom 03.11.2026

      Sehr geehrte Damen und Herren,

      in der oben genannten Rechnung wird mir ein Router berechnet, den ich am 14.10.2026 bereits
      zurückgeschickt habe. Meine Nummer bei Ihnen ist 123-456-7890.

      Mit freundlichen Grüßen
      Bernd Keller
    `,
    expected: {
      firstName: 'Bernd',
      lastName: 'Keller',
      street: 'Talstraße 18',
      postalCode: '66111',
      city: 'Saarbrücken',
      customerNumber: '1234567890',
    },
  },
  {
    name: 'customer living in our own postcode area (Bonn) is still the sender',
    text: letter`
      Hannelore Becker
      Kaiserstraße 7
      53105 Bonn

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      Bonn, 24.11.2026

      Kundennummer 1357924680

      Sehr geehrte Damen und Herren,

      bitte senden Sie mir die Vertragsunterlagen zu meinem Festnetzanschluss noch einmal zu.

      Mit freundlichen Grüßen
      Hannelore Becker
    `,
    expected: {
      firstName: 'Hannelore',
      lastName: 'Becker',
      street: 'Kaiserstraße 7',
      postalCode: '53105',
      city: 'Bonn',
      customerNumber: '1357924680',
    },
  },
];
