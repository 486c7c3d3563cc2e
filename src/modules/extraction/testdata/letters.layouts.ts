/** Further layouts: reference-line tables, page markers, company footers, property managers, fax notes. */
import { letter, type LetterCase } from './letter-case.ts';

export const LAYOUT_LETTERS: LetterCase[] = [
  {
    name: 'DIN reference line as a table (labels above values)',
    text: letter`
      Brigitte Kaufmann
      Elbchaussee 212
      22605 Hamburg

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      Ihr Zeichen      Kundennummer      Vertragsnummer     Datum
      KS-44            4711002345        V-1234567          20.11.2026

      Kündigung des Zusatzpakets "TV Plus"

      Sehr geehrte Damen und Herren,

      bitte kündigen Sie das Zusatzpaket zum 31.01.2027. Der Hauptvertrag bleibt bestehen.

      Mit freundlichen Grüßen

      Brigitte Kaufmann
    `,
    expected: {
      firstName: 'Brigitte',
      lastName: 'Kaufmann',
      street: 'Elbchaussee 212',
      postalCode: '22605',
      city: 'Hamburg',
      customerNumber: '4711002345',
      contractNumber: 'V-1234567',
      desiredDate: '2027-01-31',
    },
  },
  {
    name: 'page markers, "Frau Dr." on its own line, threat with an extraordinary cancellation date',
    text: letter`
      Seite 1 von 2

      Frau Dr.
      Cornelia Haas
      Bergstraße 7
      69120 Heidelberg

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Heidelberg, 19. November 2026

      Beschwerde – Kundennummer 5050505050

      Sehr geehrte Damen und Herren,

      seit dem 2. November funktioniert mein Internetanschluss nur noch sporadisch. Ihr Techniker war am 12.11. da, ohne Erfolg. Ich erwarte, dass Sie den Fehler bis Ende nächster Woche beheben, andernfalls kündige ich zum 31.12.2026 außerordentlich.

      Seite 2 von 2

      Außerdem verlange ich eine Gutschrift für November.

      Mit freundlichen Grüßen
      C. Haas
    `,
    expected: {
      firstName: 'Cornelia',
      lastName: 'Haas',
      street: 'Bergstraße 7',
      postalCode: '69120',
      city: 'Heidelberg',
      customerNumber: '5050505050',
      desiredDate: '2026-12-31',
    },
  },
  {
    name: 'business e-mail: move of the premises, company footer with address and register data',
    text: letter`
      Von: Marco Rossi <m.rossi@rossi-gastro.de>
      An: geschaeftskunden@fernmeldewerk.de
      Betreff: Anschlussumzug Restaurant

      Sehr geehrte Damen und Herren,

      unser Restaurant zieht um. Ab dem 01.02.2027 lautet die neue Adresse: Marktstraße 22, 67655 Kaiserslautern. Bitte verlegen Sie den Geschäftsanschluss (Vertragsnummer GK-2020-4411) dorthin.

      Mit freundlichen Grüßen
      Marco Rossi
      Geschäftsführer

      Rossi Gastro GmbH
      Fackelstraße 3 · 67655 Kaiserslautern · Tel. 0631 4455667
      Amtsgericht Kaiserslautern HRB 12345 · USt-IdNr. DE123456789
    `,
    expected: {
      email: 'm.rossi@rossi-gastro.de',
      firstName: 'Marco',
      lastName: 'Rossi',
      company: 'Rossi Gastro GmbH',
      street: 'Fackelstraße 3',
      postalCode: '67655',
      city: 'Kaiserslautern',
      newStreet: 'Marktstraße 22',
      newPostalCode: '67655',
      newCity: 'Kaiserslautern',
      contractNumber: 'GK-2020-4411',
      phone: '+496314455667',
      desiredDate: '2027-02-01',
    },
  },
  {
    name: 'property manager asks for an offer; object address in the subject is not the sender',
    text: letter`
      Hausverwaltung Meyer & Partner GmbH
      Lindenplatz 1
      04103 Leipzig

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Leipzig, 18.11.2026

      Objekt: Karl-Liebknecht-Straße 45, 04107 Leipzig – Glasfaseranschluss

      Sehr geehrte Damen und Herren,

      als Verwalterin der Wohnanlage Karl-Liebknecht-Straße 45 bitten wir um ein Angebot für die Glasfaserversorgung aller 24 Wohneinheiten. Bitte wenden Sie sich an unseren Objektbetreuer Herrn Jonas Weiß, Tel. 0341 9988770.

      Mit freundlichen Grüßen
      i. A. Jonas Weiß
    `,
    expected: {
      company: 'Hausverwaltung Meyer & Partner GmbH',
      firstName: 'Jonas',
      lastName: 'Weiß',
      street: 'Lindenplatz 1',
      postalCode: '04103',
      city: 'Leipzig',
      phone: '+493419988770',
    },
  },
  {
    name: 'three-line fax note, sender only in the last line, slash date in the fax header',
    text: letter`
      24/11/2026 08:01 FAX 030 5566778 H. LANGE BERLIN PAGE 01/01

      Betr. Kd.Nr. 6060 1234 56
      Bitte Rufnummer 030 5566778 zum 01.01.2027 abmelden. Danke.
      Horst Lange, Kantstr. 88, 10627 Berlin
    `,
    expected: {
      customerNumber: '6060123456',
      phone: '+49305566778',
      desiredDate: '2027-01-01',
      firstName: 'Horst',
      lastName: 'Lange',
      street: 'Kantstr. 88',
      postalCode: '10627',
      city: 'Berlin',
    },
  },
  {
    name: 'customer number with a "KD-" prefix next to an invoice number, address in the signature line',
    text: letter`
      Sehr geehrte Damen und Herren,
      meine Kundennummer ist KD-1234567890. Bitte kündigen Sie meinen Vertrag zum 31.12.2026.
      Rechnungsnummer: 9876543210
      Mit freundlichen Grüßen
      Petra Lang
      Rosenweg 4, 31134 Hildesheim
    `,
    expected: {
      customerNumber: '1234567890',
      desiredDate: '2026-12-31',
      firstName: 'Petra',
      lastName: 'Lang',
      street: 'Rosenweg 4',
      postalCode: '31134',
      city: 'Hildesheim',
    },
  },
  {
    name: 'professional guardian by e-mail: client and birth date in the subject, office address in the signature',
    text: letter`
      Von: Betreuungsbüro Schneider <info@betreuung-schneider.de>
      An: kundenservice@fernmeldewerk.de
      Betreff: Kündigung für Frau Ilse Becker, geb. 12.02.1938, Kundennummer 2345678901

      Sehr geehrte Damen und Herren,

      als rechtliche Betreuerin von Frau Ilse Becker kündige ich den Telefonanschluss zum 31.01.2027, da Frau Becker in ein Pflegeheim umzieht. Die Betreuerbestellung füge ich bei.

      Mit freundlichen Grüßen
      i. V. Martina Schneider
      Berufsbetreuerin
      Betreuungsbüro Schneider
      Weinstraße 3, 67433 Neustadt an der Weinstraße
    `,
    expected: {
      firstName: 'Ilse',
      lastName: 'Becker',
      birthDate: '1938-02-12',
      customerNumber: '2345678901',
      desiredDate: '2027-01-31',
      email: 'info@betreuung-schneider.de',
      street: 'Weinstraße 3',
      postalCode: '67433',
      city: 'Neustadt an der Weinstraße',
    },
    flags: ['written_on_behalf'],
  },
  {
    name: 'sender given only in an "Absender:" line at the bottom, payment date in the past',
    text: letter`
      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Betreff: Widerspruch Mahnung vom 10.11.2026

      Sehr geehrte Damen und Herren,

      ich widerspreche Ihrer Mahnung. Die Rechnung (Kundennummer 1122112211) habe ich am 01.11.2026 vollständig bezahlt.

      Hochachtungsvoll

      Absender: Dr. Wolfgang Peters, Am Schlossgarten 9, 76131 Karlsruhe, Tel. 0721 556677
    `,
    expected: {
      firstName: 'Wolfgang',
      lastName: 'Peters',
      street: 'Am Schlossgarten 9',
      postalCode: '76131',
      city: 'Karlsruhe',
      customerNumber: '1122112211',
      phone: '+49721556677',
    },
  },
];
