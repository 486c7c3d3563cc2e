/**
 * Name and place pools for corpus letters: the fixture pools plus more names, towns, streets and the look-alike
 * surname groups (Meier/Maier/Meyer) that make customer matching hard.
 */
import { BANKS } from '../fixtures/companies.ts';
import { CITIES, type CityInfo, FEMALE_FIRST, LAST_NAMES, MALE_FIRST, STREETS } from '../fixtures/people.ts';

export const FEMALE_NAMES: readonly string[] = [
  ...FEMALE_FIRST,
  'Elke', 'Gabriele', 'Helga', 'Ingrid', 'Susanne', 'Andrea', 'Nicole', 'Stefanie', 'Katrin', 'Julia', 'Laura', 'Emma',
  'Mia', 'Hannah', 'Lina', 'Ayşe', 'Fatma', 'Agnieszka', 'Svetlana', 'Irmgard', 'Waltraud', 'Edeltraud', 'Rosemarie',
  'Christa', 'Marlene', 'Franziska', 'Johanna', 'Charlotte', 'Nadine', 'Tanja', 'Silke', 'Anke', 'Ute', 'Doris',
];
export const MALE_NAMES: readonly string[] = [
  ...MALE_FIRST,
  'Peter', 'Manfred', 'Heinz', 'Werner', 'Gerhard', 'Karl-Heinz', 'Rainer', 'Bernd', 'Ralf', 'Sven', 'Tobias', 'Florian',
  'Maximilian', 'Felix', 'Paul', 'Leon', 'Niklas', 'Ali', 'Hüseyin', 'Piotr', 'Dmitri', 'Helmut', 'Siegfried', 'Erwin',
  'Friedhelm', 'Joachim', 'Detlef', 'Holger', 'Dirk', 'Marco', 'Daniel', 'Christian', 'Alexander', 'Martin',
];

/** Surnames that are easily confused with each other. */
export const SIMILAR_SURNAMES: readonly (readonly string[])[] = [
  ['Meier', 'Maier', 'Meyer', 'Mayer', 'Mayr'],
  ['Schmidt', 'Schmitt', 'Schmid', 'Schmitz'],
  ['Hoffmann', 'Hofmann', 'Hoffman'],
  ['Schäfer', 'Schaefer', 'Schäffer'],
  ['Müller', 'Mueller', 'Möller'],
  ['Schröder', 'Schroeder', 'Schröter'],
  ['Krüger', 'Krueger', 'Kröger'],
  ['Schulz', 'Schultz', 'Schulze', 'Scholz'],
  ['Neumann', 'Naumann', 'Niemann'],
  ['Wagner', 'Wegner', 'Wagener'],
  ['Becker', 'Bäcker', 'Böcker'],
  ['Herrmann', 'Hermann', 'Herrman'],
  ['Walter', 'Walther', 'Walder'],
  ['Wolf', 'Wolff', 'Wolfe'],
  ['Lange', 'Lang', 'Langer'],
  ['Weiß', 'Weiss', 'Weise'],
  ['Koch', 'Kock', 'Kuch'],
  ['Peters', 'Petersen', 'Peterson'],
  ['Kaiser', 'Keiser', 'Kayser'],
  ['Fischer', 'Fischler', 'Fiedler'],
];

export const SURNAMES: readonly string[] = [
  ...new Set([
    ...LAST_NAMES,
    ...SIMILAR_SURNAMES.flat(),
    'Richter', 'Klein', 'Schwarz', 'Zimmer', 'Braun', 'Hahn', 'Vogel', 'Friedrich', 'Keller', 'Günther', 'Frank',
    'Berger', 'Roth', 'Beck', 'Lorenz', 'Baumann', 'Franke', 'Albrecht', 'Ludwig', 'Winter', 'Simon', 'Kraus',
    'Böttcher', 'Jung', 'Hahn', 'Haas', 'Schuster', 'Arnold', 'Pohl', 'Sommer', 'Seidel', 'Heinrich', 'Brandt',
    'Yılmaz', 'Demir', 'Kaya', 'Nguyen', 'Popescu', 'Wiśniewski', 'Ivanov', 'Rossi', 'García',
  ]),
];

export const MORE_CITIES: readonly CityInfo[] = [
  { city: 'Bonn', postcode: '53111', areaCode: '0228' },
  { city: 'Aachen', postcode: '52062', areaCode: '0241' },
  { city: 'Augsburg', postcode: '86150', areaCode: '0821' },
  { city: 'Karlsruhe', postcode: '76133', areaCode: '0721' },
  { city: 'Mannheim', postcode: '68159', areaCode: '0621' },
  { city: 'Heidelberg', postcode: '69117', areaCode: '06221' },
  { city: 'Ulm', postcode: '89073', areaCode: '0731' },
  { city: 'Chemnitz', postcode: '09111', areaCode: '0371' },
  { city: 'Halle (Saale)', postcode: '06108', areaCode: '0345' },
  { city: 'Jena', postcode: '07743', areaCode: '03641' },
  { city: 'Cottbus', postcode: '03046', areaCode: '0355' },
  { city: 'Schwerin', postcode: '19053', areaCode: '0385' },
  { city: 'Braunschweig', postcode: '38100', areaCode: '0531' },
  { city: 'Hildesheim', postcode: '31134', areaCode: '05121' },
  { city: 'Paderborn', postcode: '33098', areaCode: '05251' },
  { city: 'Siegen', postcode: '57072', areaCode: '0271' },
  { city: 'Koblenz', postcode: '56068', areaCode: '0261' },
  { city: 'Trier', postcode: '54290', areaCode: '0651' },
  { city: 'Darmstadt', postcode: '64283', areaCode: '06151' },
  { city: 'Fulda', postcode: '36037', areaCode: '0661' },
  { city: 'Bamberg', postcode: '96047', areaCode: '0951' },
  { city: 'Bayreuth', postcode: '95444', areaCode: '0921' },
  { city: 'Ingolstadt', postcode: '85049', areaCode: '0841' },
  { city: 'Passau', postcode: '94032', areaCode: '0851' },
  { city: 'Rosenheim', postcode: '83022', areaCode: '08031' },
  { city: 'Kempten (Allgäu)', postcode: '87435', areaCode: '0831' },
  { city: 'Konstanz', postcode: '78462', areaCode: '07531' },
  { city: 'Pforzheim', postcode: '75175', areaCode: '07231' },
  { city: 'Heilbronn', postcode: '74072', areaCode: '07131' },
  { city: 'Flensburg', postcode: '24937', areaCode: '0461' },
  { city: 'Cuxhaven', postcode: '27472', areaCode: '04721' },
  { city: 'Gelsenkirchen', postcode: '45879', areaCode: '0209' },
  { city: 'Bochum', postcode: '44787', areaCode: '0234' },
  { city: 'Wuppertal', postcode: '42103', areaCode: '0202' },
  { city: 'Krefeld', postcode: '47798', areaCode: '02151' },
  { city: 'Mönchengladbach', postcode: '41061', areaCode: '02161' },
  { city: 'Stralsund', postcode: '18439', areaCode: '03831' },
  { city: 'Zwickau', postcode: '08056', areaCode: '0375' },
  { city: 'Marburg', postcode: '35037', areaCode: '06421' },
  { city: 'Kaiserslautern', postcode: '67655', areaCode: '0631' },
];

export const ALL_CITIES: readonly CityInfo[] = [...CITIES, ...MORE_CITIES];

export const ALL_STREETS: readonly string[] = [
  ...STREETS,
  'Am Anger', 'Ahornweg', 'Poststraße', 'Marktplatz', 'Ringstraße', 'Feldstraße', 'Parkstraße', 'Waldweg',
  'Beethovenstraße', 'Am Sportplatz', 'Im Winkel', 'Kirchstraße', 'Neue Straße', 'Ulmenweg', 'Akazienweg',
  'Sankt-Georg-Straße', 'An der Bleiche', 'Zum Steinbruch', 'Breite Straße', 'Lange Reihe', 'Mittelweg', 'Heideweg',
  'Tannenstraße', 'Am Hafen', 'Deichstraße', 'Wiesenstraße', 'Schulstraße', 'Alte Landstraße', 'Hinter den Höfen',
];

export const BUSINESS_STREETS: readonly string[] = ['Industriestraße', 'Gewerbepark Nord', 'Robert-Bosch-Straße', 'Carl-Benz-Straße', 'Am Gewerbehof', 'Hafenstraße', 'Max-Planck-Straße'];

/** Trades of small business customers: "{surname} {trade}". */
export const TRADES: readonly string[] = [
  'Haustechnik GmbH', 'Elektro GmbH', 'Bedachungen GmbH & Co. KG', 'Immobilien GmbH', 'Steuerberatung', 'Logistik GmbH',
  'Autohaus GmbH', 'Bäckerei e.K.', 'Malerbetrieb', 'IT-Service UG (haftungsbeschränkt)', 'Fliesen GmbH',
  'Gartenbau GmbH', 'Sanitär & Heizung GmbH', 'Zahntechnik GmbH', 'Hausverwaltung GmbH', 'Metallbau GmbH',
  'Physiotherapie', 'Transporte GmbH', 'Versicherungsbüro', 'Druckerei GmbH',
];

export const LAW_FIRM_PATTERNS: readonly string[] = [
  'Rechtsanwälte {a} & Kollegen', 'Kanzlei {a} & {b} Rechtsanwälte PartG mbB', 'Rechtsanwaltskanzlei Dr. {a}',
  '{a} {b} Rechtsanwälte', 'Anwaltsbüro {a} & Partner',
];

export const MORE_BANKS: readonly { blz: string; name: string }[] = [
  ...BANKS,
  { blz: '66190000', name: 'Volksbank Karlsruhe' },
  { blz: '25050180', name: 'Sparkasse Hannover' },
  { blz: '76026000', name: 'Norisbank' },
  { blz: '10090000', name: 'Berliner Volksbank' },
  { blz: '50050201', name: 'Frankfurter Sparkasse' },
  { blz: '12030000', name: 'DKB' },
  { blz: '10011001', name: 'N26' },
];

/** The other look-alike surnames of `lastName`, or [] if it has none. */
export function similarSurnames(lastName: string): string[] {
  const group = SIMILAR_SURNAMES.find((g) => g.includes(lastName));
  return group ? group.filter((n) => n !== lastName) : [];
}
