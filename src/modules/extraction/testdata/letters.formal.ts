/** Formal letters: DIN-style sender and recipient blocks, subject, salutation, closing. */
import { letter, type LetterCase } from './letter-case.ts';

export const FORMAL_LETTERS: LetterCase[] = [
  {
    name: 'formal cancellation with contract number and number porting',
    text: letter`
      Petra Schneider
      Lindenallee 14
      04109 Leipzig

      Fernmeldewerk AG
      Kündigungsabteilung
      Postfach 10 20 30
      53105 Bonn

      Leipzig, den 18. November 2026

      Kündigung meines Mobilfunkvertrages
      Kundennummer: 4711002345
      Vertrags-Nr.: VN-88123456

      Sehr geehrte Damen und Herren,

      hiermit kündige ich meinen Mobilfunkvertrag zum 31.01.2027. Bitte senden Sie mir eine
      schriftliche Bestätigung der Kündigung unter Angabe des Beendigungszeitpunktes.

      Die Rufnummer 0176 12345678 möchte ich zu einem anderen Anbieter mitnehmen.

      Mit freundlichen Grüßen

      Petra Schneider
    `,
    expected: {
      customerNumber: '4711002345',
      contractNumber: 'VN-88123456',
      phone: '+4917612345678',
      firstName: 'Petra',
      lastName: 'Schneider',
      street: 'Lindenallee 14',
      postalCode: '04109',
      city: 'Leipzig',
      desiredDate: '2027-01-31',
    },
  },
  {
    name: 'company sender (e.K.) with owner in signature, second line, future start date',
    text: letter`
      Bäckerei Schmitz e.K.
      Inh. Werner Schmitz
      Marktplatz 2
      53111 Bonn
      Tel. 0228 654321

      Fernmeldewerk AG
      Geschäftskundenservice
      Postfach 10 20 30
      53105 Bonn

      Bonn, 16.11.2026

      Vertragsnummer: GK-4455667788 – Erweiterung um einen zweiten Anschluss

      Sehr geehrte Damen und Herren,

      für unsere Filiale in der Poststraße 15 benötigen wir ab dem 1. Februar 2027 einen zweiten
      Telefonanschluss mit eigener Rufnummer. Bitte senden Sie uns ein Angebot.

      Mit freundlichen Grüßen

      Werner Schmitz
      Bäckerei Schmitz e.K.
    `,
    expected: {
      company: 'Bäckerei Schmitz e.K.',
      firstName: 'Werner',
      lastName: 'Schmitz',
      street: 'Marktplatz 2',
      postalCode: '53111',
      city: 'Bonn',
      phone: '+49228654321',
      contractNumber: 'GK-4455667788',
      desiredDate: '2027-02-01',
    },
  },
  {
    name: 'move letter: old address in sender block, new address as a block in the body',
    text: letter`
      Familie Schulz
      Eichendorffstraße 22
      70173 Stuttgart

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      Stuttgart, 21.11.2026

      Umzug – Kundennummer 8800112233

      Sehr geehrte Damen und Herren,

      wir ziehen zum 15.12.2026 um. Unsere neue Anschrift lautet:

      Rosenstraße 8
      72074 Tübingen

      Bitte stellen Sie unseren DSL-Anschluss ab dem Umzugstag an der neuen Adresse bereit.
      Telefonisch sind wir unter 07071 998877 erreichbar.

      Mit freundlichen Grüßen
      Markus Schulz
    `,
    expected: {
      customerNumber: '8800112233',
      firstName: 'Markus',
      lastName: 'Schulz',
      street: 'Eichendorffstraße 22',
      postalCode: '70173',
      city: 'Stuttgart',
      newStreet: 'Rosenstraße 8',
      newPostalCode: '72074',
      newCity: 'Tübingen',
      desiredDate: '2026-12-15',
      phone: '+497071998877',
    },
  },
  {
    name: 'complaint that mentions our postal address and hotline in the body',
    text: letter`
      Ingrid Weber
      Schillerstr. 41
      01069 Dresden

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Beschwerde über falsche Rechnung

      Sehr geehrte Damen und Herren,

      ich habe bereits am 28.10.2026 an Ihre Adresse Postfach 10 20 30, 53105 Bonn geschrieben und
      Ihre Hotline 0800 3300 1234 dreimal angerufen. Niemand fühlt sich zuständig! Meine Kundennummer
      ist 2233445566.

      Die Rechnung vom 05.11.2026 enthält Gebühren für Auslandsgespräche, die ich nie geführt habe.
      Ich bitte um Korrektur bis zum 15.12.2026.

      Sie erreichen mich unter 0351 4567890.

      Mit freundlichen Grüßen
      Ingrid Weber
    `,
    expected: {
      customerNumber: '2233445566',
      phone: '+493514567890',
      firstName: 'Ingrid',
      lastName: 'Weber',
      street: 'Schillerstr. 41',
      postalCode: '01069',
      city: 'Dresden',
    },
  },
  {
    name: 'bank details change with return line only, new and old IBAN',
    text: letter`
      Ralf Zimmermann · Mozartweg 9 · 80331 München

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      München, 22. November 2026

      Neue Bankverbindung für Kundennummer 9988776655

      Sehr geehrte Damen und Herren,

      ich habe meine Bank gewechselt. Bitte ziehen Sie die Rechnungsbeträge ab dem 01.01.2027 von
      meiner neuen Bankverbindung ein:

      Kontoinhaber: Ralf Zimmermann
      IBAN: DE20 7015 0000 0012 3456 78
      Stadtsparkasse München

      Das alte Konto (IBAN DE89 3704 0044 0532 0130 00) wird zum Jahresende aufgelöst.

      Mit freundlichen Grüßen
      R. Zimmermann
    `,
    expected: {
      firstName: 'Ralf',
      lastName: 'Zimmermann',
      street: 'Mozartweg 9',
      postalCode: '80331',
      city: 'München',
      iban: 'DE20701500000012345678',
      customerNumber: '9988776655',
      desiredDate: '2027-01-01',
    },
  },
  {
    name: 'right-aligned sender block with title and double name, relative date',
    text: letter`
                                                Dr. Stefanie Roth-Weber
                                                Im Winkel 3
                                                79098 Freiburg im Breisgau
                                                Tel.: +49 (0)761 2345678

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn
                                                Freiburg, 24.11.2026

      Tarifwechsel
      Ihre Kundennummer: 6655443322

      Sehr geehrte Damen und Herren,

      ich bitte um Umstellung meines Mobilfunktarifs auf „Mobil Unlimited" zum Ende des Monats.

      Freundliche Grüße

      Dr. Stefanie Roth-Weber
    `,
    expected: {
      firstName: 'Stefanie',
      lastName: 'Roth-Weber',
      street: 'Im Winkel 3',
      postalCode: '79098',
      city: 'Freiburg im Breisgau',
      phone: '+497612345678',
      customerNumber: '6655443322',
      desiredDate: '2026-11-30',
    },
  },
  {
    name: 'move letter with the new address inside a sentence',
    text: letter`
      Jan Kowalski
      Neue Str. 12
      93047 Regensburg

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      Regensburg, 12. November 2026

      Adressänderung, Kd.-Nr. 1122334455

      Sehr geehrte Damen und Herren,

      ich bin umgezogen. Ab dem 1. Dezember 2026 wohne ich in der Straße des 17. Juni 112, 10623 Berlin.
      Bitte senden Sie alle Rechnungen an die neue Adresse. Meinen Internetanschluss möchte ich mitnehmen.

      Mit freundlichen Grüßen
      Jan Kowalski
    `,
    expected: {
      firstName: 'Jan',
      lastName: 'Kowalski',
      street: 'Neue Str. 12',
      postalCode: '93047',
      city: 'Regensburg',
      newStreet: 'Straße des 17. Juni 112',
      newPostalCode: '10623',
      newCity: 'Berlin',
      customerNumber: '1122334455',
      desiredDate: '2026-12-01',
    },
  },
  {
    name: 'number porting with international notation, contract "Vertrag Nr.", e-mail in sender block',
    text: letter`
      Olga Petrova
      Hafenstraße 31
      20457 Hamburg
      E-Mail: olga.petrova@posteo.de

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Portierung meiner Rufnummer

      Sehr geehrte Damen und Herren,

      ich möchte meine Mobilfunknummer +49 171 2345678 zu einem anderen Anbieter portieren. Mein
      Vertrag Nr. 2024-556677 läuft zum 28.02.2027 aus. Bitte bestätigen Sie mir die Portierung
      zum Vertragsende.

      Freundliche Grüße
      Olga Petrova
    `,
    expected: {
      firstName: 'Olga',
      lastName: 'Petrova',
      street: 'Hafenstraße 31',
      postalCode: '20457',
      city: 'Hamburg',
      email: 'olga.petrova@posteo.de',
      phone: '+491712345678',
      contractNumber: '2024-556677',
      desiredDate: '2027-02-28',
    },
    flags: ['date_next_possible'],
  },
  {
    name: '"Herrn" on its own line, professor with particle, c/o line, initial in signature',
    text: letter`
      Herrn
      Prof. Dr. Friedrich von Ahlen
      c/o Hotel Seeblick
      Seestraße 1
      82319 Starnberg

      Fernmeldewerk AG
      z. Hd. Frau Lange
      Postfach 10 20 30
      53105 Bonn

      Starnberg, den 23.11.2026

      Kundennummer 4455667788 – Rechnungsanschrift

      Sehr geehrte Frau Lange,

      bitte senden Sie meine Rechnungen bis auf Weiteres an die obige Adresse.

      Hochachtungsvoll
      F. von Ahlen
    `,
    expected: {
      firstName: 'Friedrich',
      lastName: 'von Ahlen',
      street: 'Seestraße 1',
      postalCode: '82319',
      city: 'Starnberg',
      customerNumber: '4455667788',
    },
  },
];
