/** E-mails (with headers, signatures, quoted replies) and web-form messages. */
import { letter, type LetterCase } from './letter-case.ts';

export const EMAIL_LETTERS: LetterCase[] = [
  {
    name: 'e-mail tariff change with header, signature and phone',
    text: letter`
      Von: Jörg Bauer <joerg.bauer@gmx.de>
      Gesendet: Montag, 23. November 2026 21:14
      An: kundenservice@fernmeldewerk.de
      Betreff: Tarifwechsel - Kundennr. 5520019876

      Hallo liebes Fernmeldewerk-Team,

      ich möchte ab dem 1. Januar in den Tarif Glasfaser 500 wechseln. Mein bisheriger Tarif ist
      DSL 100. Bitte schicken Sie mir die neue Auftragsbestätigung per Mail.

      Viele Grüße
      Jörg Bauer
      Tel. 0151 23456789
    `,
    expected: {
      customerNumber: '5520019876',
      email: 'joerg.bauer@gmx.de',
      firstName: 'Jörg',
      lastName: 'Bauer',
      phone: '+4915123456789',
      desiredDate: '2027-01-01',
    },
  },
  {
    name: 'e-mail number porting, new customer, address in signature',
    text: letter`
      Von: Aylin Demir <aylin.demir@web.de>
      An: service@fernmeldewerk.de
      Betreff: Rufnummernmitnahme

      Guten Tag,

      ich bin Neukundin und möchte meine bisherige Mobilfunknummer 0160 / 987 65 43 von meinem alten
      Anbieter zu Ihnen mitnehmen. Mein Vertrag beim alten Anbieter endet am 28.02.2027.
      Meine Vertragsnummer bei Ihnen: FW-20261234

      Danke und viele Grüße
      Aylin Demir
      Körnerstraße 17
      45143 Essen
    `,
    expected: {
      email: 'aylin.demir@web.de',
      firstName: 'Aylin',
      lastName: 'Demir',
      phone: '+491609876543',
      contractNumber: 'FW-20261234',
      street: 'Körnerstraße 17',
      postalCode: '45143',
      city: 'Essen',
      desiredDate: '2027-02-28',
    },
  },
  {
    name: 'web form with labelled fields, old and new address, birth date',
    text: letter`
      Kontaktformular fernmeldewerk.de
      ----------------------------------
      Anliegen: Adressänderung
      Vorname: Lena
      Nachname: Fischer
      Kundennummer: 7766554433
      Straße: Uhlandstraße 5
      PLZ/Ort: 10623 Berlin
      Neue Straße: Sonnenallee 120
      Neue PLZ/Ort: 12045 Berlin
      E-Mail: lena.fischer@t-online.de
      Telefon: 030 12345678
      Geburtsdatum: 14.07.1988
      Nachricht: Ich bin zum 1. Dezember umgezogen. Bitte ändern Sie meine Anschrift.
    `,
    expected: {
      firstName: 'Lena',
      lastName: 'Fischer',
      customerNumber: '7766554433',
      street: 'Uhlandstraße 5',
      postalCode: '10623',
      city: 'Berlin',
      newStreet: 'Sonnenallee 120',
      newPostalCode: '12045',
      newCity: 'Berlin',
      email: 'lena.fischer@t-online.de',
      phone: '+493012345678',
      birthDate: '1988-07-14',
      desiredDate: '2026-12-01',
    },
  },
  {
    name: 'reply with our quoted mail below (our address, hotline and greeting must not count)',
    text: letter`
      Von: Kevin Schäfer <k.schaefer@outlook.de>
      Gesendet: Mittwoch, 25. November 2026 07:45
      An: kundenservice@fernmeldewerk.de
      Betreff: AW: Ihre Anfrage vom 20.11.2026 – Vorgangsnummer 20261120-4477

      Hallo,

      die gewünschte Vertragsnummer lautet V 2023 445 566. Ich möchte den Vertrag in zwei Wochen beenden.

      Gruß
      Kevin Schäfer
      Mobil: 0176 - 55 44 33 22

      -----Ursprüngliche Nachricht-----
      Von: Fernmeldewerk AG Kundenservice <kundenservice@fernmeldewerk.de>
      Gesendet: Freitag, 20. November 2026 10:02
      An: k.schaefer@outlook.de
      Betreff: Ihre Anfrage

      Sehr geehrter Herr Schäfer,

      bitte teilen Sie uns Ihre Vertragsnummer mit.

      Mit freundlichen Grüßen
      Ihr Fernmeldewerk Kundenservice
      Fernmeldewerk AG, Postfach 10 20 30, 53105 Bonn, Tel. 0800 3300 1234
    `,
    expected: {
      email: 'k.schaefer@outlook.de',
      firstName: 'Kevin',
      lastName: 'Schäfer',
      contractNumber: 'V2023445566',
      phone: '+4917655443322',
      desiredDate: '2026-12-09',
    },
  },
  {
    name: 'daughter writes for her mother (named), with power of attorney',
    text: letter`
      Von: Julia Neumann <julia.neumann@gmail.com>
      Betreff: Vertrag meiner Mutter

      Hallo,

      ich schreibe im Namen meiner Mutter, Frau Hildegard Neumann (Kundennummer 3030303030). Sie ist
      seit Oktober im Pflegeheim und braucht ihren Festnetzanschluss nicht mehr. Bitte kündigen Sie
      den Vertrag zum 31.01.2027.

      Eine Vorsorgevollmacht habe ich angehängt.

      Viele Grüße
      Julia Neumann
      Tel. 0711 2233445
    `,
    expected: {
      firstName: 'Hildegard',
      lastName: 'Neumann',
      customerNumber: '3030303030',
      desiredDate: '2027-01-31',
      email: 'julia.neumann@gmail.com',
      phone: '+497112233445',
    },
    flags: ['written_on_behalf'],
  },
  {
    name: 'invoice complaint e-mail: our account in the text, the customer refund account',
    text: letter`
      Von: Thomas Lindner <t.lindner@icloud.com>
      An: rechnung@fernmeldewerk.de
      Betreff: Rechnung Oktober doppelt bezahlt

      Guten Tag,

      ich habe die Oktoberrechnung (Rechnungsnummer 2026-10-778899) am 12.10. per Überweisung auf
      Ihr Konto DE15 3705 0198 0001 2345 67 bezahlt, und trotzdem wurde der Betrag am 15.10.2026 per
      Lastschrift abgebucht. Bitte erstatten Sie mir 45,90 € auf mein Konto
      DE37 4306 0967 4000 1234 00.

      Meine Kundennummer: 1212121212

      Viele Grüße
      Thomas Lindner
      +49 (0) 89 / 123 456 78
    `,
    expected: {
      email: 't.lindner@icloud.com',
      firstName: 'Thomas',
      lastName: 'Lindner',
      iban: 'DE37430609674000123400',
      customerNumber: '1212121212',
      phone: '+498912345678',
    },
  },
  {
    name: 'short e-mail body, one-line signature with pipes, "per" date, "Danke!" closing',
    text: letter`
      Sehr geehrte Damen und Herren,

      bitte stellen Sie meinen Tarif per 01.01.2027 auf Kombi Plus um. Meine Kundennummer lautet 5544332211.

      Danke!
      Miriam Yilmaz | Weberstraße 7 | 53113 Bonn | 0228 7654321
    `,
    expected: {
      firstName: 'Miriam',
      lastName: 'Yilmaz',
      street: 'Weberstraße 7',
      postalCode: '53113',
      city: 'Bonn',
      phone: '+492287654321',
      customerNumber: '5544332211',
      desiredDate: '2027-01-01',
    },
  },
  {
    name: 'e-mail with display name "Nachname, Vorname" and address lines in the signature',
    text: letter`
      From: "Krüger, Sebastian" <s.krueger@arcor.de>
      To: kundenservice@fernmeldewerk.de
      Subject: Kündigung Internet + Telefon

      Sehr geehrte Damen und Herren,

      hiermit kündige ich fristgerecht meinen Vertrag (Kd.Nr. 8765432109) zum Ende der Mindestvertragslaufzeit.
      Bitte bestätigen Sie mir den Kündigungstermin schriftlich.

      Beste Grüße

      Sebastian Krüger
      Fliederweg 12a
      38100 Braunschweig
    `,
    expected: {
      email: 's.krueger@arcor.de',
      firstName: 'Sebastian',
      lastName: 'Krüger',
      street: 'Fliederweg 12a',
      postalCode: '38100',
      city: 'Braunschweig',
      customerNumber: '8765432109',
    },
    flags: ['date_next_possible'],
  },
];
