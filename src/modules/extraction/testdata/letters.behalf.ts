/** Letters written on behalf of a customer: lawyers, legal guardians, relatives, heirs. */
import { letter, type LetterCase } from './letter-case.ts';

export const BEHALF_LETTERS: LetterCase[] = [
  {
    name: 'law firm writes for a client whose address is given in the body',
    text: letter`
      Rechtsanwälte Dr. Berger & Kollegen
      Kaiserstraße 10
      60311 Frankfurt am Main

      Fernmeldewerk AG
      Rechtsabteilung
      Postfach 10 20 30
      53105 Bonn

      Frankfurt, 19.11.2026
      Unser Zeichen: 2026/1187-KB

      Ihr Kunde Thomas Krause, Kundennummer 6612309876
      Widerspruch gegen die Rechnung vom 02.11.2026

      Sehr geehrte Damen und Herren,

      wir zeigen an, dass wir die rechtlichen Interessen von Herrn Thomas Krause, Gartenweg 7,
      65183 Wiesbaden, vertreten. Eine auf uns lautende Vollmacht liegt bei.

      Im Namen und in Vollmacht unseres Mandanten widersprechen wir der Rechnung vom 02.11.2026
      über 249,90 EUR. Die abgerechneten Mehrwertdienste wurden von unserem Mandanten nicht genutzt.
      Wir fordern Sie auf, den Betrag bis zum 10.12.2026 gutzuschreiben.

      Mit freundlichen Grüßen

      Dr. Klaus Berger
      Rechtsanwalt
    `,
    expected: {
      firstName: 'Thomas',
      lastName: 'Krause',
      street: 'Gartenweg 7',
      postalCode: '65183',
      city: 'Wiesbaden',
      customerNumber: '6612309876',
    },
    flags: ['written_on_behalf'],
  },
  {
    name: 'single lawyer, client named as "Mandantin, Frau …", cancellation date',
    text: letter`
      Kanzlei Sommer
      Rechtsanwältin Dr. Eva Sommer
      Marienplatz 4
      80331 München
      Tel. 089 2109870

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      München, 23.11.2026

      Unsere Mandantin, Frau Maria Gruber – Vertrag V 778899001

      Sehr geehrte Damen und Herren,

      unsere Mandantin, Frau Maria Gruber, hat uns mit der Wahrnehmung ihrer Interessen beauftragt.
      Namens unserer Mandantin kündigen wir den oben genannten Vertrag außerordentlich zum 31.12.2026.

      Mit freundlichen Grüßen
      Dr. Eva Sommer
      Rechtsanwältin
    `,
    expected: {
      firstName: 'Maria',
      lastName: 'Gruber',
      street: 'Marienplatz 4',
      postalCode: '80331',
      city: 'München',
      phone: '+49892109870',
      contractNumber: 'V778899001',
      desiredDate: '2026-12-31',
    },
    flags: ['written_on_behalf'],
  },
  {
    name: 'legal guardian (Betreuungsverein) for a named person with birth date',
    text: letter`
      Betreuungsverein Lebenshilfe Köln e.V.
      Frau Andrea Klein – Berufsbetreuerin
      Venloer Str. 210
      50823 Köln

      Fernmeldewerk AG
      Kundenservice
      Postfach 10 20 30
      53105 Bonn

      Köln, 23.11.2026

      Betreuung von Herrn Otto Brandt, geb. 03.05.1941
      Kundennummer 5566778899

      Sehr geehrte Damen und Herren,

      ich bin vom Amtsgericht Köln zur gesetzlichen Betreuerin von Herrn Otto Brandt bestellt worden.
      Die Bestallungsurkunde füge ich in Kopie bei. Herr Brandt lebt seit Oktober im Seniorenheim
      St. Anna. Bitte kündigen Sie seinen Festnetzanschluss zum 31.12.2026 und senden Sie künftig
      alle Schreiben an meine Adresse.

      Mit freundlichen Grüßen
      Andrea Klein
    `,
    expected: {
      firstName: 'Otto',
      lastName: 'Brandt',
      birthDate: '1941-05-03',
      customerNumber: '5566778899',
      street: 'Venloer Str. 210',
      postalCode: '50823',
      city: 'Köln',
      desiredDate: '2026-12-31',
    },
    flags: ['written_on_behalf'],
  },
  {
    name: 'heir after a death: the deceased father is the customer',
    text: letter`
      Sabine Hoffmann
      Birkenweg 3
      30159 Hannover

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Hannover, 20.11.2026

      Kündigung wegen Todesfall – Kundennummer 1029384756

      Sehr geehrte Damen und Herren,

      mein Vater, Herr Gerhard Hoffmann, ist am 02.11.2026 verstorben. Als Erbin kündige ich hiermit
      seinen Festnetzvertrag zum nächstmöglichen Zeitpunkt. Eine Kopie der Sterbeurkunde liegt bei.

      Mit freundlichen Grüßen
      Sabine Hoffmann
    `,
    expected: {
      firstName: 'Gerhard',
      lastName: 'Hoffmann',
      street: 'Birkenweg 3',
      postalCode: '30159',
      city: 'Hannover',
      customerNumber: '1029384756',
    },
    flags: ['written_on_behalf', 'date_next_possible'],
  },
  {
    name: 'son writes "für meinen Vater" without naming him',
    text: letter`
      Michael Wolf
      Schützenstraße 6
      39104 Magdeburg

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Magdeburg, 22.11.2026

      Kundennummer 8080808080

      Sehr geehrte Damen und Herren,

      ich schreibe für meinen Vater, der nicht mehr gut sieht. Er möchte seinen Tarif ab dem
      1. Januar 2027 auf den Senioren-Tarif umstellen. Eine Vollmacht liegt bei.

      Mit freundlichen Grüßen
      Michael Wolf
    `,
    expected: {
      firstName: 'Michael',
      lastName: 'Wolf',
      street: 'Schützenstraße 6',
      postalCode: '39104',
      city: 'Magdeburg',
      customerNumber: '8080808080',
      desiredDate: '2027-01-01',
    },
    flags: ['written_on_behalf'],
  },
  {
    name: 'lawyer letter "In Sachen … ./. Fernmeldewerk AG" with the client named only there',
    text: letter`
      Anwaltsbüro Yıldız & Partner
      Königsallee 60
      40212 Düsseldorf

      Fernmeldewerk AG
      Postfach 10 20 30
      53105 Bonn

      Düsseldorf, 24.11.2026

      In Sachen Peter Lange ./. Fernmeldewerk AG
      Kundennummer: 4242424242

      Sehr geehrte Damen und Herren,

      in vorbezeichneter Angelegenheit vertreten wir die Interessen unseres Mandanten. Wir fordern
      Sie auf, die Sperre des Anschlusses umgehend aufzuheben.

      Mit freundlichen Grüßen
      Ahmet Yıldız
      Rechtsanwalt
    `,
    expected: {
      firstName: 'Peter',
      lastName: 'Lange',
      street: 'Königsallee 60',
      postalCode: '40212',
      city: 'Düsseldorf',
      customerNumber: '4242424242',
    },
    flags: ['written_on_behalf'],
  },
];
