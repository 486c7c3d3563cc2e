/**
 * Letters for the kinds of sender, address, number and date wording that were missed before
 * (issue 4, recall round): "Absender:" mail headers, first names alone in signatures, "Name,
 * Vorname", trades without a legal form, OCR blank lines inside address blocks, wrapped
 * street lines, lawyers naming the client in brackets, new addresses in running text,
 * "VNR"/"VK-Nr."/compound contract labels, yearless dates in letters scanned late, subject
 * lines with the wished date, and the things that must NOT be taken (a law firm as the
 * customer's company, an initial as a first name, a branch city as a new address).
 */
import { letter, type LetterCase } from './letter-case.ts';

export const RECALL_LETTERS: LetterCase[] = [
  {
    name: 'mail print-out with "Absender:" header, signed with the first name only',
    text: letter`
      Absender: Kerstin Baumgärtner <k.baumgaertner@posteo.de>
      Gesendet: Donnerstag, 19. November 2026 07:58
      An: kundenservice@fernmeldewerk.de
      Betreff: Router blinkt rot

      Moin,

      seit dem Gewitter am Wochenende blinkt mein Router nur noch rot. Neustart hat nichts gebracht.
      Könnt ihr bitte einen Techniker schicken? Vormittags bin ich zu Hause.

      LG
      Kerstin
    `,
    expected: { firstName: 'Kerstin', lastName: 'Baumgärtner', email: 'k.baumgaertner@posteo.de' },
  },
  {
    name: 'initial in the mail header, full first name in the signature, address below it',
    text: letter`
      Von: T. Oberländer <oberlaender.t@web.de>
      Gesendet: Sonntag, 22. November 2026 19:03
      An: service@fernmeldewerk.de
      Betreff: Kundennummer 6081234457 – Rechnung doppelt

      Hallo zusammen,

      die Novemberrechnung wurde zweimal abgebucht. Bitte den doppelten Betrag zurück aufs Konto.

      Danke und Gruß
      Tilman
      Kastanienallee 12a-14
      10435 Berlin
    `,
    expected: {
      customerNumber: '6081234457',
      firstName: 'Tilman',
      lastName: 'Oberländer',
      street: 'Kastanienallee 12a-14',
      postalCode: '10435',
      city: 'Berlin',
      email: 'oberlaender.t@web.de',
    },
  },
  {
    name: 'note signed with a first name, e-mail address spells it',
    text: letter`
      Von: gesine.harms@t-online.de
      Gesendet: Freitag, 20. November 2026 12:40
      An: kundenservice@fernmeldewerk.de
      Betreff: Frage zur Rufumleitung

      Guten Tag,

      wie richte ich eine Rufumleitung vom Festnetz auf mein Handy ein? In der Anleitung finde ich nichts.

      Beste Grüße
      Gesine
    `,
    expected: { firstName: 'Gesine', email: 'gesine.harms@t-online.de' },
  },
  {
    name: 'business letter: trade without legal form in the letterhead, "Name, Vorname" with ppa. in the signature',
    text: letter`
      Hoffmann Malerbetrieb
      Gewerbestr. 7
      34117 Kassel

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Kassel, 18.11.2026

      Kundennummer 7730190042 – zweiter Anschluss für die Werkstatt

      Sehr geehrte Damen und Herren,

      für unsere neue Werkstatthalle benötigen wir einen weiteren Telefonanschluss. Bitte senden
      Sie uns ein Angebot.

      Mit freundlichen Grüßen

      ppa. Lindqvist, Maren
      Hoffmann Malerbetrieb
    `,
    expected: {
      company: 'Hoffmann Malerbetrieb',
      firstName: 'Maren',
      lastName: 'Lindqvist',
      street: 'Gewerbestr. 7',
      postalCode: '34117',
      city: 'Kassel',
      customerNumber: '7730190042',
    },
  },
  {
    name: 'scanned letter: OCR put empty lines inside the address block and a speck before the postcode',
    text: letter`
      Prof. Dr. Hans-Georg Wiesenthal-Brückner

      Mühlenweg.50

      . 79098 Freiburg im Breisgau

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Freiburg, den 16. November 2026

      Sehr geehrte Damen und Herren,

      bitte senden Sie mir eine Kopie meines Vertrags V-4471120 zu.

      Mit freundlichen Grüßen

      H.-G. Wiesenthal-Brückner
    `,
    expected: {
      firstName: 'Hans-Georg',
      lastName: 'Wiesenthal-Brückner',
      street: 'Mühlenweg 50',
      postalCode: '79098',
      city: 'Freiburg im Breisgau',
      contractNumber: 'V-4471120',
    },
  },
  {
    name: 'fax whose header date OCR garbled; letterhead without a blank line before our address',
    text: letter`
      S7.11.2O26 09:41  +49 511 4471902  Kowalczyk  S. 1/1
      Bogdan Kowalczyk
      Am Lindenhofe 3
      30519 Hannover
      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn
      16.11.2026
      Widerruf Zusatzoption
      VK-Nr.: FW-3318207
      Die Option Sport Plus widerrufe ich fristgerecht innerhalb von 14 Tagen.
      B. Kowalczyk
    `,
    expected: {
      firstName: 'Bogdan',
      lastName: 'Kowalczyk',
      street: 'Am Lindenhofe 3',
      postalCode: '30519',
      city: 'Hannover',
      contractNumber: 'FW-3318207',
      phone: '+495114471902',
    },
    flags: ['date_next_possible'],
  },
  {
    name: 'lawyer: client named with address in brackets, sentence wrapped before the house number',
    text: letter`
      Kanzlei Arslan & Vogel
      Rechtsanwälte
      Schillerplatz 4
      70173 Stuttgart

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Stuttgart, 17.11.2026

      Vertragskonto 8841-220913

      Sehr geehrte Damen und Herren,

      in obiger Sache hat uns Frau Irmgard Stöckle (Hohenheimer Straße
      118, 70184 Stuttgart) mit der Wahrnehmung ihrer Interessen beauftragt. Eine Vollmacht liegt bei.
      Wir bitten um Übersendung sämtlicher Rechnungen seit Januar.

      Mit freundlichen Grüßen

      Deniz Arslan
      Rechtsanwalt
    `,
    expected: {
      firstName: 'Irmgard',
      lastName: 'Stöckle',
      street: 'Hohenheimer Straße 118',
      postalCode: '70184',
      city: 'Stuttgart',
      contractNumber: '8841-220913',
    },
    flags: ['written_on_behalf'],
  },
  {
    name: 'move told in running text: "ab 1. März wohne ich in …", date without a year',
    text: letter`
      Annegret Lüdtke
      Sandweg 41
      60316 Frankfurt am Main

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Frankfurt, 20.11.2026

      Umzug – Vertragsnummer V-2290018

      Sehr geehrte Damen und Herren,

      ab 1. März wohne ich in der Rheinstraße 7, 65185 Wiesbaden. Bitte stellen Sie meinen Anschluss
      zum 01.03. dorthin um. Die Rechnungen schicken Sie bitte ab dann an die neue Anschrift.

      Mit freundlichen Grüßen
      Annegret Lüdtke
    `,
    expected: {
      firstName: 'Annegret',
      lastName: 'Lüdtke',
      street: 'Sandweg 41',
      postalCode: '60316',
      city: 'Frankfurt am Main',
      newStreet: 'Rheinstraße 7',
      newPostalCode: '65185',
      newCity: 'Wiesbaden',
      contractNumber: 'V-2290018',
      desiredDate: '2027-03-01',
    },
  },
  {
    name: 'post to be sent to a relative, sentence ending right after the city',
    text: letter`
      Walburga Endres
      Kirchplatz 2
      94032 Passau

      An die Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Passau, 12.11.2026

      Kundennummer 4418800271

      Sehr geehrte Damen und Herren,

      ich bin jetzt im Pflegeheim. Bitte schicken Sie alle Briefe an meinen Neffen: Innstraße 30, 94036 Passau. Er kümmert sich um alles.

      Mit freundlichen Grüßen
      Walburga Endres
    `,
    expected: {
      firstName: 'Walburga',
      lastName: 'Endres',
      street: 'Kirchplatz 2',
      postalCode: '94032',
      city: 'Passau',
      newStreet: 'Innstraße 30',
      newPostalCode: '94036',
      newCity: 'Passau',
      customerNumber: '4418800271',
    },
  },
  {
    name: 'order form: "Vertragsinhaber: Name, Vorname", "Kontakt: …, Tel.", "Standort:", "VNR:"',
    text: letter`
      Fernmeldewerk AG
      Geschäftskunden
      Postfach 10 20 30
      53105 Bonn

      Auftrag Standortvernetzung

      VNR: FW12-8830021
      Vertragsinhaber: Sauerbrey, Konstantin
      Kontakt: Konstantin Sauerbrey, Tel. 0371 5512090
      Standort: Annaberger Straße 240, 09125 Chemnitz
      Bandbreite: 500 MBit/s
      Gewünschter Termin: 15. Januar 2027
    `,
    expected: {
      contractNumber: 'FW12-8830021',
      firstName: 'Konstantin',
      lastName: 'Sauerbrey',
      phone: '+493715512090',
      street: 'Annaberger Straße 240',
      postalCode: '09125',
      city: 'Chemnitz',
      desiredDate: '2027-01-15',
    },
  },
  {
    name: 'contract number after a compound word, wished date in the mail subject',
    text: letter`
      Von: Mustafa Demirci <m.demirci@gmx.net>
      Gesendet: Montag, 23. November 2026 10:12
      An: kundenservice@fernmeldewerk.de
      Betreff: Kündigung zum 28.02.2027

      Sehr geehrte Damen und Herren,

      meinen Mobilfunkvertrag FW-55102938 kündige ich hiermit. Bitte bestätigen Sie mir das Vertragsende schriftlich.

      Mit freundlichen Grüßen
      Mustafa Demirci
    `,
    expected: {
      firstName: 'Mustafa',
      lastName: 'Demirci',
      email: 'm.demirci@gmx.net',
      contractNumber: 'FW-55102938',
      desiredDate: '2027-02-28',
    },
  },
  {
    name: 'letter scanned from a backlog: "zum 31.12." counts from the letter date, not the day of receipt',
    receivedAt: '2027-01-12T09:00:00Z',
    text: letter`
      Henrike Sommerfeld
      Lerchenweg 19
      18055 Rostock

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Rostock, 24.11.2026

      Kündigung Kundennummer 3390071185

      Sehr geehrte Damen und Herren,

      hiermit kündige ich meinen Festnetzvertrag zum 31.12. Die Abbuchung ab 1. Januar bitte einstellen.

      Mit freundlichen Grüßen
      Henrike Sommerfeld
    `,
    expected: {
      firstName: 'Henrike',
      lastName: 'Sommerfeld',
      street: 'Lerchenweg 19',
      postalCode: '18055',
      city: 'Rostock',
      customerNumber: '3390071185',
      desiredDate: '2026-12-31',
    },
  },
  {
    name: 'new surname after the wedding, signed with the first name under a garbled closing',
    text: letter`
      Von: svetlana.k@mailbox.org
      Gesendet: Dienstag, 24. November 2026 18:22
      An: kundenservice@fernmeldewerk.de
      Betreff: Namensänderung

      Hallo,

      seit der Hochzeit heiße ich jetzt Brandhorst. Bitte ändern Sie den Namen in meinem Kundenkonto.

      Mit freundlichen Grüsen

      Svetlana
      Weidenstieg 4
      22529 Hamburg
    `,
    expected: {
      firstName: 'Svetlana',
      lastName: 'Brandhorst',
      street: 'Weidenstieg 4',
      postalCode: '22529',
      city: 'Hamburg',
      email: 'svetlana.k@mailbox.org',
    },
  },
  {
    name: 'only an initial: kept apart from the first name',
    text: letter`
      R. Tiedemann
      Am Markt 3
      25813 Husum

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Husum, 19.11.2026

      Sehr geehrte Damen und Herren,

      meine Kundennummer ist 5561230087. Bitte schicken Sie mir die Rechnungen künftig per Post.

      Mit freundlichen Grüßen
      R. Tiedemann
    `,
    expected: {
      firstNameInitial: 'R.',
      lastName: 'Tiedemann',
      street: 'Am Markt 3',
      postalCode: '25813',
      city: 'Husum',
      customerNumber: '5561230087',
    },
  },
  {
    name: 'a firm opening a branch: the branch city is no new address; "Mehr Datenvolumen, bitte." is no name',
    text: letter`
      Grünwald Gebäudetechnik GmbH
      Industriering 14
      41751 Viersen

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Viersen, 10.11.2026

      Kundennummer 9011827364

      Sehr geehrte Damen und Herren,

      wir eröffnen im Frühjahr eine Filiale in Mönchengladbach. Welche Anschlüsse gibt es dort?
      Mehr Datenvolumen, bitte.

      Mit freundlichen Grüßen

      Lutz Grünwald
      Geschäftsführer
    `,
    expected: {
      company: 'Grünwald Gebäudetechnik GmbH',
      firstName: 'Lutz',
      lastName: 'Grünwald',
      street: 'Industriering 14',
      postalCode: '41751',
      city: 'Viersen',
      customerNumber: '9011827364',
    },
  },
  {
    name: 'porting form: the receiving provider is no company of the customer, "Empfänger" no person',
    text: letter`
      Rufnummernmitnahme

      Name: Oksana Wittkowski
      Anschrift: Hafenweg 3, 26789 Leer
      Rufnummer: 0491 9977120
      Abgebender Anbieter: Telenova GmbH
      Empfänger: Fernmeldewerk AG

      Hiermit beauftrage ich die Mitnahme meiner Rufnummer zum nächstmöglichen Termin.

      Oksana Wittkowski
    `,
    expected: {
      firstName: 'Oksana',
      lastName: 'Wittkowski',
      street: 'Hafenweg 3',
      postalCode: '26789',
      city: 'Leer',
      phone: '+494919977120',
    },
    flags: ['date_next_possible'],
  },
];
