/**
 * Deterministic generator of realistic test documents for the Poststelle mailroom.
 *
 * Produces German customer letters to a (fictional) telecom, "Fernmeldewerk AG", as
 *  - born-digital PDFs (text layer present),
 *  - 300-dpi greyscale "scans" (PNG, JPEG and image-only PDFs) with skew, noise, blur, …,
 *  - bilevel fax TIFFs (CCITT G3/G4, 204×98 "normal" and 204×196 "fine"), partly multi-page,
 *  - broken inputs for quarantine tests,
 * and a manifest.json describing every file (request type, customer number, expected keywords, full text).
 *
 * Usage:
 *   npx tsx scripts/generate-fixtures.ts [--seed 42] [--out test/fixtures/generated] [--count 24] [--force]
 *
 * or programmatically: `await generateFixtures({ outDir, seed, count })`.
 *
 * Needs poppler-utils (pdftoppm), libtiff-tools (tiffcp) and qpdf on PATH.
 * All randomness comes from a seeded PRNG: the same seed/count/version yields the same letters,
 * the same pixels and (apart from qpdf's random encryption salt) the same bytes.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import sharp, { type Sharp } from 'sharp';

const execFileAsync = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** Bump whenever the output changes, so cached fixture sets are regenerated. */
export const FIXTURE_VERSION = 1;
export const DEFAULT_SEED = 42;
export const DEFAULT_COUNT = 24;
export const DEFAULT_OUT_DIR = 'test/fixtures/generated';

export const REQUEST_TYPES = [
  'cancellation',
  'contract_renewal',
  'tariff_change',
  'customer_data_change',
  'bank_details_change',
  'invoice_complaint',
  'number_porting',
  'general_inquiry',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const FIXTURE_KINDS = [
  'scan-png',
  'scan-jpeg',
  'scan-pdf',
  'digital-pdf',
  'fax-g3-normal',
  'fax-g3-fine',
  'fax-g4-normal',
  'fax-g4-fine',
  'bad',
] as const;
export type FixtureKind = (typeof FIXTURE_KINDS)[number];
export type GoodFixtureKind = Exclude<FixtureKind, 'bad'>;

export const EXPECTED_ERRORS = ['empty_file', 'corrupt_pdf', 'encrypted_pdf', 'extension_mismatch', 'unsupported_format'] as const;
export type ExpectedError = (typeof EXPECTED_ERRORS)[number];

export type Tone = 'formal' | 'informal' | 'terse' | 'angry';

/** Common shape of every manifest entry (good and bad). */
interface FixtureDocumentBase {
  /** Path relative to the manifest's directory. */
  file: string;
  kind: FixtureKind;
  /** Number of pages (images: 1). For bad inputs the page count of the underlying content, 0 if there is none. */
  pages: number;
  requestType: RequestType | null;
  expectedError: ExpectedError | null;
  /** Canonical 10-digit customer number (the letter may write it with spaces, see customerNumberAsWritten). */
  customerNumber: string | null;
  /** Valid German IBAN without spaces, only for letters that mention one. */
  iban?: string;
  lastName: string | null;
  city: string | null;
  /** 3–5 distinctive words (≥ 6 letters, at least one with an umlaut) that occur verbatim in `text`. */
  keywords: string[];
  /** The full text printed on the document, pages separated by a blank line. Empty for bad inputs. */
  text: string;
}

export interface GoodFixtureDocument extends FixtureDocumentBase {
  kind: GoodFixtureKind;
  requestType: RequestType;
  expectedError: null;
  customerNumber: string;
  customerNumberAsWritten: string;
  contractNumber: string | null;
  firstName: string;
  lastName: string;
  postcode: string;
  city: string;
  tone: Tone;
  /** Raster resolution in dpi for scans and faxes. */
  resolution?: { x: number; y: number };
  /** For faxes: 'g3-1d' | 'g3-2d' | 'g4'. */
  compression?: 'g3-1d' | 'g3-2d' | 'g4';
  /** Applied degradation for scans and faxes. */
  degradation?: {
    skewDegrees: number;
    blurSigma: number;
    noiseSigma: number;
    speckles: number;
    binarised: boolean;
  };
  /** Fax header line of each page. */
  faxHeaders?: string[];
}

export interface BadFixtureDocument extends FixtureDocumentBase {
  kind: 'bad';
  requestType: null;
  expectedError: ExpectedError;
  customerNumber: null;
  lastName: null;
  city: null;
  /** What is wrong with the file. */
  note: string;
  /** User password of the encrypted PDF. */
  password?: string;
}

export type FixtureDocument = GoodFixtureDocument | BadFixtureDocument;

export interface FixtureManifest {
  version: number;
  /** Hash of this generator's source: a cached set made by different code is regenerated. */
  generatorHash: string;
  seed: number;
  /** Number of good documents requested (bad inputs come on top). */
  count: number;
  documents: FixtureDocument[];
}

export interface GenerateFixturesOptions {
  outDir: string;
  seed?: number;
  count?: number;
  /** Regenerate even if an up-to-date manifest exists. */
  force?: boolean;
  /** Parallel render jobs (default: number of CPUs, max 4). */
  concurrency?: number;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
    // Warm up so that neighbouring seeds diverge quickly.
    for (let i = 0; i < 4; i++) this.next();
  }

  /** mulberry32: uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** n distinct items (fewer if the list is shorter). */
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, n);
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  /** A fresh 32-bit seed for a child generator. */
  seed(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

// ---------------------------------------------------------------------------------------------
// IBAN
// ---------------------------------------------------------------------------------------------

function mod97(numeric: string): number {
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  return rem;
}

function ibanToNumeric(rearranged: string): string {
  return rearranged.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
}

/** German IBAN from an 8-digit bank code (BLZ) and a 10-digit account number, with mod-97 check digits. */
export function computeGermanIban(blz: string, account: string): string {
  if (!/^\d{8}$/.test(blz) || !/^\d{1,10}$/.test(account)) throw new Error(`invalid BLZ/account ${blz}/${account}`);
  const bban = blz + account.padStart(10, '0');
  const check = 98 - mod97(ibanToNumeric(`${bban}DE00`));
  return `DE${String(check).padStart(2, '0')}${bban}`;
}

/** ISO 13616 check (any country). */
export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return false;
  return mod97(ibanToNumeric(compact.slice(4) + compact.slice(0, 4))) === 1;
}

function formatIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}

// ---------------------------------------------------------------------------------------------
// Data pools
// ---------------------------------------------------------------------------------------------

const FEMALE_FIRST = [
  'Anna', 'Sabine', 'Käthe', 'Hannelore', 'Renate', 'Ursula', 'Petra', 'Monika', 'Lea', 'Sophie', 'Marie', 'Jana',
  'Claudia', 'Birgit', 'Özlem', 'Dörte', 'Gisela', 'Ilse', 'Karin', 'Mareike', 'Annegret', 'Bärbel', 'Jülide', 'Heike',
] as const;
const MALE_FIRST = [
  'Thomas', 'Michael', 'Stefan', 'Jürgen', 'Günther', 'Björn', 'Jörg', 'Uwe', 'Klaus', 'Dieter', 'Hans-Peter', 'Mehmet',
  'Lukas', 'Jonas', 'Matthias', 'Sören', 'Torsten', 'Wolfgang', 'Horst', 'Reinhard', 'Ömer', 'Andreas', 'Frank', 'Volker',
] as const;
const LAST_NAMES = [
  'Müller', 'Schäfer', 'Köhler', 'Weiß', 'Groß', 'Jäger', 'Krüger', 'Böhm', 'Kühn', 'Günther', 'Schröder', 'Schmitz',
  'Becker', 'Hoffmann', 'Wagner', 'Schulz', 'Fischer', 'Meyer', 'Braun', 'Zimmermann', 'Hartmann', 'Lange', 'Werner',
  'Krause', 'Lehmann', 'Schulze', 'Maier', 'Köster', 'Hübner', 'Vogt', 'Möller', 'Löffler', 'Fuß', 'Nußbaum',
  'Süßmann', 'Pöschl', 'Brückner', 'Öztürk', 'Kowalski', 'Dörr', 'Bäumer', 'Kästner', 'Wöhler', 'Strauß', 'Rößler',
  'Hähnel', 'Engelhardt', 'Nowak',
] as const;

interface CityInfo {
  city: string;
  postcode: string;
  areaCode: string;
}

const CITIES: readonly CityInfo[] = [
  { city: 'Köln', postcode: '50667', areaCode: '0221' },
  { city: 'München', postcode: '80331', areaCode: '089' },
  { city: 'Düsseldorf', postcode: '40210', areaCode: '0211' },
  { city: 'Nürnberg', postcode: '90402', areaCode: '0911' },
  { city: 'Würzburg', postcode: '97070', areaCode: '0931' },
  { city: 'Lübeck', postcode: '23552', areaCode: '0451' },
  { city: 'Mülheim an der Ruhr', postcode: '45468', areaCode: '0208' },
  { city: 'Göttingen', postcode: '37073', areaCode: '0551' },
  { city: 'Tübingen', postcode: '72070', areaCode: '07071' },
  { city: 'Saarbrücken', postcode: '66111', areaCode: '0681' },
  { city: 'Fürth', postcode: '90762', areaCode: '0911' },
  { city: 'Osnabrück', postcode: '49074', areaCode: '0541' },
  { city: 'Gießen', postcode: '35390', areaCode: '0641' },
  { city: 'Lüneburg', postcode: '21335', areaCode: '04131' },
  { city: 'Berlin', postcode: '10115', areaCode: '030' },
  { city: 'Hamburg', postcode: '20095', areaCode: '040' },
  { city: 'Frankfurt am Main', postcode: '60311', areaCode: '069' },
  { city: 'Stuttgart', postcode: '70173', areaCode: '0711' },
  { city: 'Leipzig', postcode: '04109', areaCode: '0341' },
  { city: 'Dresden', postcode: '01067', areaCode: '0351' },
  { city: 'Hannover', postcode: '30159', areaCode: '0511' },
  { city: 'Bremen', postcode: '28195', areaCode: '0421' },
  { city: 'Essen', postcode: '45127', areaCode: '0201' },
  { city: 'Dortmund', postcode: '44135', areaCode: '0231' },
  { city: 'Kiel', postcode: '24103', areaCode: '0431' },
  { city: 'Erfurt', postcode: '99084', areaCode: '0361' },
  { city: 'Regensburg', postcode: '93047', areaCode: '0941' },
  { city: 'Freiburg im Breisgau', postcode: '79098', areaCode: '0761' },
  { city: 'Mainz', postcode: '55116', areaCode: '06131' },
  { city: 'Rostock', postcode: '18055', areaCode: '0381' },
  { city: 'Magdeburg', postcode: '39104', areaCode: '0391' },
  { city: 'Potsdam', postcode: '14467', areaCode: '0331' },
  { city: 'Bielefeld', postcode: '33602', areaCode: '0521' },
  { city: 'Münster', postcode: '48143', areaCode: '0251' },
  { city: 'Kassel', postcode: '34117', areaCode: '0561' },
  { city: 'Oldenburg', postcode: '26122', areaCode: '0441' },
  { city: 'Wiesbaden', postcode: '65183', areaCode: '0611' },
  { city: 'Görlitz', postcode: '02826', areaCode: '03581' },
  { city: 'Schwäbisch Hall', postcode: '74523', areaCode: '0791' },
  { city: 'Bad Tölz', postcode: '83646', areaCode: '08041' },
];

const STREETS = [
  'Hauptstraße', 'Bahnhofstraße', 'Schillerstraße', 'Goethestraße', 'Lindenallee', 'Am Mühlbach', 'Kirchgasse',
  'Gartenweg', 'Rosenstraße', 'Friedrich-Ebert-Straße', 'Königsallee', 'Bergstraße', 'Schloßstraße', 'Mozartweg',
  'Buchenweg', 'Talstraße', 'Wilhelmstraße', 'Lärchenweg', 'Birkenstraße', 'Eichendorffstraße', 'Jägerstraße',
  'Mühlenweg', 'Kölner Straße', 'Sonnenhang', 'Dorfstraße', 'Am Schäferberg', 'Fröbelstraße', 'Brückenstraße',
  'Kastanienallee', 'Rübezahlweg', 'Uhlandstraße', 'Hölderlinweg',
] as const;

const BANKS = [
  { blz: '37040044', name: 'Commerzbank Köln' },
  { blz: '10010010', name: 'Postbank Berlin' },
  { blz: '50010517', name: 'ING' },
  { blz: '12030000', name: 'Deutsche Kreditbank' },
  { blz: '70150000', name: 'Stadtsparkasse München' },
  { blz: '43060967', name: 'GLS Gemeinschaftsbank' },
  { blz: '50070010', name: 'Deutsche Bank' },
  { blz: '20050550', name: 'Hamburger Sparkasse' },
  { blz: '60050101', name: 'BW-Bank Stuttgart' },
  { blz: '86055592', name: 'Sparkasse Leipzig' },
  { blz: '37050198', name: 'Sparkasse KölnBonn' },
  { blz: '76050101', name: 'Sparkasse Nürnberg' },
] as const;

const HOME_TARIFFS = ['FernNetz Zuhause S', 'FernNetz Zuhause M', 'FernNetz Zuhause L', 'FernNetz Zuhause XL', 'Glasfaser 250', 'Glasfaser 500', 'DSL 50', 'DSL 100', 'Kombi Plus'] as const;
const MOBILE_TARIFFS = ['Mobil Flex 10 GB', 'Mobil Flex 25 GB', 'Mobil Unlimited', 'Senioren Mobil', 'Familien-Paket Größe L'] as const;

const OTHER_PROVIDERS = ['Funkwelle GmbH', 'NetzPlus Mobilfunk', 'Kabelstrom AG', 'Blitzfon', 'Telefonia Süd', 'Rheinfunk'] as const;

const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'] as const;

const RECIPIENT_COMPANY = 'Fernmeldewerk AG';

// ---------------------------------------------------------------------------------------------
// Letter model
// ---------------------------------------------------------------------------------------------

interface Person {
  gender: 'f' | 'm';
  firstName: string;
  lastName: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  areaCode: string;
  landline: string;
  landlineIntl: string;
  mobile: string;
  email: string;
}

interface Ctx {
  p: Person;
  fullName: string;
  cn: string;
  cnWritten: string;
  cnLabel: string;
  contract: string;
  letterDate: Date;
  effective: string;
  moveDate: string;
  offerDate: string;
  invoiceDate: string;
  promiseDate: string;
  portDate: string;
  deadline: string;
  tariffOld: string;
  tariffNew: string;
  price: string;
  speed: number;
  gb: number;
  years: number;
  minutes: number;
  age: number;
  newStreet: string;
  newPlz: string;
  newCity: string;
  newAddress: string;
  iban: string;
  ibanFmt: string;
  bankName: string;
  oldBank: string;
  invoiceNumber: string;
  invoiceMonth: string;
  amount: string;
  expected: string;
  diff: string;
  small: string;
  phone: string;
  oldProvider: string;
  sim: string;
  partnerName: string;
  /** 'Kundin' or 'Kunde', matching the sender. */
  kunde: string;
  /** The tariffs concerned are mobile (else fixed-line/home) tariffs. */
  mobileTariff: boolean;
  newLandline: string;
  euro: (value: number) => string;
}

type Tpl = (c: Ctx) => string;

interface RequestTemplates {
  subjects: Tpl[];
  intros: Tpl[];
  details: Tpl[];
  requests: Tpl[];
  /** Page of an "Anlage" (enclosure) for multi-page letters. */
  attachment: (c: Ctx, rng: Rng) => { title: string; lines: string[] };
}

const TEMPLATES: Record<RequestType, RequestTemplates> = {
  cancellation: {
    subjects: [
      () => 'Kündigung meines Vertrags',
      () => 'Kündigung zum nächstmöglichen Zeitpunkt',
      () => 'Kündigung Festnetz- und Internetanschluss',
      () => 'Außerordentliche Kündigung meines Mobilfunkvertrags',
      (c) => `Kündigung Vertrag ${c.contract}`,
      () => 'Kündigung des Anschlusses und Rückgabe der Hardware',
    ],
    intros: [
      (c) => `hiermit kündige ich meinen Vertrag ${c.tariffOld} fristgerecht zum nächstmöglichen Termin.`,
      (c) => `hiermit kündige ich den oben genannten Vertrag ordentlich zum ${c.effective}, hilfsweise zum nächstmöglichen Zeitpunkt.`,
      () => 'ich möchte meinen Anschluss bei Ihnen kündigen.',
      (c) => `nach reiflicher Überlegung habe ich mich entschlossen, meinen Vertrag (${c.tariffOld}) zu kündigen.`,
      (c) => `bitte betrachten Sie dieses Schreiben als Kündigung meines Vertrags mit der Vertragsnummer ${c.contract}.`,
      (c) => `leider muss ich Ihnen mitteilen, dass ich meinen Mobilfunkvertrag mit der Rufnummer ${c.phone} kündigen werde.`,
    ],
    details: [
      () => 'Grund für die Kündigung ist mein Umzug ins Ausland; an meinem künftigen Wohnort bieten Sie leider keine Leistungen an.',
      () => 'Die ständigen Verbindungsabbrüche der letzten Monate haben mich zu diesem Schritt bewogen.',
      () => 'Ich habe ein günstigeres Angebot eines anderen Anbieters gefunden.',
      () => 'Die Kündigung betrifft ausschließlich den Mobilfunkvertrag, nicht den Festnetzanschluss.',
      () => 'Bitte unterlassen Sie Rückgewinnungsanrufe; meine Entscheidung ist endgültig.',
      () => 'Den Router sende ich nach Erhalt Ihrer Rücksendeunterlagen umgehend zurück.',
      () => 'Gemäß § 56 TKG kann ich den Vertrag nach Ablauf der Mindestlaufzeit monatlich kündigen.',
      (c) => `Nach ${c.years} Jahren als ${c.kunde} fällt mir dieser Schritt nicht leicht.`,
      () => 'Das Guthaben auf meinem Kundenkonto überweisen Sie bitte auf mein bekanntes Girokonto.',
    ],
    requests: [
      () => 'Bitte bestätigen Sie mir die Kündigung sowie das genaue Vertragsende schriftlich.',
      () => 'Ich bitte um eine kurze schriftliche Bestätigung des Kündigungstermins.',
      () => 'Senden Sie mir bitte eine Kündigungsbestätigung an die oben genannte Anschrift.',
      (c) => `Eine Bestätigung per E-Mail an ${c.p.email} genügt.`,
    ],
    attachment: (c, rng) => ({
      title: 'Anlage: Übersicht der zu kündigenden Leistungen',
      lines: [
        `Vertragsnummer: ${c.contract}`,
        `1. ${c.tariffOld} (Hauptvertrag)`,
        `2. Zusatzoption ${rng.pick(['Sicherheitspaket', 'Auslandsflatrate', 'Fernsehpaket Plus', 'Zweitkarte'])}`,
        `3. Miete Router, monatlich ${c.euro(rng.int(3, 7) + 0.99)}`,
        `Gewünschtes Vertragsende: ${c.effective}`,
        'Rückgabe der Hardware: per Paket nach Erhalt des Rücksendeetiketts',
      ],
    }),
  },
  contract_renewal: {
    subjects: [
      () => 'Vertragsverlängerung',
      () => 'Verlängerung meines Mobilfunkvertrags',
      () => 'Anfrage zur Vertragsverlängerung mit neuem Smartphone',
      (c) => `Verlängerung Vertrag ${c.contract}`,
      () => 'Ihr Verlängerungsangebot',
    ],
    intros: [
      (c) => `mein Vertrag ${c.tariffOld} läuft am ${c.effective} aus, und ich würde ihn gern verlängern.`,
      (c) => `ich bin seit ${c.years} Jahren ${c.kunde === 'Kundin' ? 'zufriedene Kundin' : 'zufriedener Kunde'} und möchte meinen Vertrag um weitere 24 Monate verlängern.`,
      (c) => `Ihr Angebot zur Vertragsverlängerung vom ${c.offerDate} habe ich erhalten und möchte es hiermit annehmen.`,
      () => 'ich möchte meinen bestehenden Vertrag verlängern, sofern Sie mir ein attraktives Angebot machen.',
      (c) => `die Mindestlaufzeit meines Vertrags ${c.tariffOld} endet demnächst; gern bleibe ich Ihnen treu.`,
    ],
    details: [
      () => 'Dabei würde ich gern ein neues Smartphone erhalten; mein jetziges Gerät ist über vier Jahre alt.',
      () => 'Wichtig ist mir, dass die monatliche Grundgebühr nicht steigt.',
      () => 'Gibt es für langjährige Bestandskunden einen Treuebonus oder einen Rabatt auf die Grundgebühr?',
      (c) => `Das Datenvolumen von ${c.gb} GB reicht mir inzwischen nicht mehr aus.`,
      (c) => `Meine Rufnummer ${c.phone} soll selbstverständlich erhalten bleiben.`,
      () => 'Ein Mitbewerber hat mir ein deutlich günstigeres Angebot unterbreitet; ich würde trotzdem lieber bei Ihnen bleiben.',
      () => 'Die Verlängerung soll auch die Zweitkarte meiner Tochter umfassen.',
    ],
    requests: [
      () => 'Bitte senden Sie mir ein entsprechendes Angebot zu.',
      () => 'Ich freue mich auf Ihre Rückmeldung mit den neuen Konditionen.',
      () => 'Bitte bestätigen Sie mir die Verlängerung schriftlich.',
      () => 'Teilen Sie mir bitte mit, ab wann die neuen Konditionen gelten.',
    ],
    attachment: (c, rng) => ({
      title: `Anlage: Kopie Ihres Angebotsschreibens vom ${c.offerDate}`,
      lines: [
        `Angebotsnummer: AN-${rng.digits(6)}`,
        `Tarif: ${c.tariffNew}, Laufzeit 24 Monate`,
        `Monatlicher Grundpreis: ${c.price}`,
        `Einmaliger Bereitstellungspreis: ${c.euro(rng.pick([0, 19.99, 39.95]))}`,
        `Treuebonus: ${c.euro(rng.int(5, 12) * 10)} Gutschrift`,
        'Das Angebot ist gültig bis zum Ende des laufenden Monats.',
      ],
    }),
  },
  tariff_change: {
    subjects: [
      () => 'Tarifwechsel',
      (c) => `Wechsel in den Tarif ${c.tariffNew}`,
      () => 'Änderung meines Tarifs',
      (c) => `Tarifänderung zum ${c.effective}`,
      () => 'Wunsch nach einem günstigeren Tarif',
    ],
    intros: [
      (c) => `ich möchte von meinem aktuellen Tarif ${c.tariffOld} in den Tarif ${c.tariffNew} wechseln.`,
      (c) => `bitte stellen Sie meinen Anschluss zum ${c.effective} auf den Tarif ${c.tariffNew} um.`,
      (c) =>
        c.mobileTariff
          ? 'da ich mein Datenvolumen regelmäßig überschreite, möchte ich in einen größeren Tarif wechseln.'
          : `da unser Internetanschluss für die ganze Familie zu langsam geworden ist, möchte ich in den Tarif ${c.tariffNew} wechseln.`,
      (c) => `mein derzeitiger Tarif ${c.tariffOld} ist für meine Bedürfnisse zu teuer geworden; ich möchte daher in einen günstigeren Tarif wechseln.`,
      (c) => `hiermit beantrage ich einen Tarifwechsel von ${c.tariffOld} zu ${c.tariffNew}.`,
    ],
    details: [
      (c) => `In Ihrem Prospekt wird der Tarif ${c.tariffNew} mit ${c.price} monatlich beworben.`,
      () => 'Ein Wechsel der Rufnummer soll damit nicht verbunden sein.',
      () => 'Falls durch den Wechsel eine neue Mindestlaufzeit beginnt, teilen Sie mir das bitte vorher mit.',
      (c) => (c.mobileTariff ? `Das Datenvolumen von ${c.gb} GB ist jedes Mal schon nach zwei Wochen verbraucht.` : `Die Bandbreite von ${c.speed} Mbit/s ist für unser Homeoffice inzwischen unverzichtbar.`),
      (c) => (c.mobileTariff ? 'Zusatzoptionen wie die Auslandsflatrate benötige ich künftig nicht mehr.' : 'Seit meine Kinder ausgezogen sind, telefonieren wir kaum noch über das Festnetz.'),
      (c) => (c.mobileTariff ? 'Die Zweitkarte für das Tablet soll in den neuen Tarif übernommen werden.' : 'Das Fernsehpaket nutzen wir überhaupt nicht; es kann ersatzlos entfallen.'),
    ],
    requests: [
      () => 'Bitte bestätigen Sie mir den Tarifwechsel und den Zeitpunkt der Umstellung.',
      () => 'Teilen Sie mir bitte mit, ob für die Umstellung Gebühren anfallen.',
      () => 'Ich bitte um eine schriftliche Auftragsbestätigung.',
    ],
    attachment: (c, rng) => ({
      title: 'Anlage: Gewünschte Tarifoptionen',
      lines: [
        `Bisheriger Tarif: ${c.tariffOld}`,
        `Neuer Tarif: ${c.tariffNew} (${c.price} pro Monat)`,
        `Gewünschter Wechseltermin: ${c.effective}`,
        `Option Festnetz-Flatrate: ${rng.pick(['ja', 'nein'])}`,
        `Option Mobilfunk-Zweitkarte: ${rng.pick(['ja', 'nein'])}`,
        `Rückfragen bitte an: ${c.p.landline}`,
      ],
    }),
  },
  customer_data_change: {
    subjects: [
      () => 'Umzug – neue Anschrift',
      () => 'Änderung meiner Adresse',
      () => 'Adressänderung',
      (c) => `Mitteilung über Umzug zum ${c.moveDate}`,
      () => 'Änderung der Kundendaten',
    ],
    intros: [
      (c) => `zum ${c.moveDate} ziehe ich um. Meine neue Anschrift lautet: ${c.newAddress}.`,
      (c) => `bitte ändern Sie meine Anschrift in Ihren Unterlagen. Ab dem ${c.moveDate} bin ich unter folgender Adresse zu erreichen: ${c.newAddress}.`,
      (c) => `hiermit teile ich Ihnen meine neue Adresse mit: ${c.newAddress}.`,
      (c) => `wir sind vor kurzem nach ${c.newCity} umgezogen. Unsere neue Anschrift: ${c.newAddress}.`,
    ],
    details: [
      () => 'Der Internetanschluss soll in die neue Wohnung mitgenommen werden; bitte prüfen Sie die Verfügbarkeit.',
      (c) => `Meine neue Festnetznummer lautet ${c.newLandline}.`,
      () => 'Bitte schicken Sie künftige Rechnungen ausschließlich an die neue Adresse.',
      () => 'Für die Übergangszeit habe ich einen Nachsendeauftrag bei der Post eingerichtet.',
      () => 'Der Umzug sollte möglichst ohne Unterbrechung erfolgen, da ich von zu Hause aus arbeite.',
      (c) => `Bitte ändern Sie auch meine E-Mail-Adresse in ${c.p.email}.`,
      () => 'Die Wohnung liegt im Dachgeschoss; die Telefondose befindet sich im Flur.',
    ],
    requests: [
      () => 'Bitte bestätigen Sie mir die Änderung.',
      () => 'Vielen Dank für die Aktualisierung meiner Kundendaten.',
      () => 'Teilen Sie mir bitte mit, wann der Techniker den Anschluss in der neuen Wohnung freischalten kann.',
    ],
    attachment: (c) => ({
      title: 'Anlage: Meldebestätigung (Kopie)',
      lines: [
        `Meldebehörde: Bürgeramt ${c.newCity}`,
        `Name: ${c.p.lastName}, ${c.p.firstName}`,
        `Neue Wohnung: ${c.newStreet}, ${c.newPlz} ${c.newCity}`,
        `Einzugsdatum: ${c.moveDate}`,
        `Bisherige Wohnung: ${c.p.street} ${c.p.houseNumber}, ${c.p.postcode} ${c.p.city}`,
        'Diese Bestätigung wurde maschinell erstellt und ist ohne Unterschrift gültig.',
      ],
    }),
  },
  bank_details_change: {
    subjects: [
      () => 'Änderung der Bankverbindung',
      () => 'Neue Bankverbindung für Lastschrift',
      () => 'Neues SEPA-Lastschriftmandat',
      () => 'Kontowechsel – bitte IBAN ändern',
    ],
    intros: [
      (c) => `bitte buchen Sie die monatlichen Beträge ab sofort von meinem neuen Konto ab: IBAN ${c.ibanFmt} bei der ${c.bankName}.`,
      (c) => `ich habe meine Bank gewechselt. Meine neue Bankverbindung lautet: IBAN ${c.ibanFmt} (${c.bankName}).`,
      (c) => `hiermit erteile ich Ihnen ein SEPA-Lastschriftmandat für mein neues Konto mit der IBAN ${c.ibanFmt} (Kontoinhaber: ${c.fullName}).`,
      (c) => `ab dem ${c.effective} wird mein bisheriges Girokonto aufgelöst. Bitte verwenden Sie künftig die IBAN ${c.ibanFmt}.`,
    ],
    details: [
      (c) => `Das alte Konto bei der ${c.oldBank} wird zum Monatsende geschlossen.`,
      (c) => `Kontoinhaber des neuen Kontos ist mein Ehepartner ${c.partnerName}; eine Einverständniserklärung liegt bei.`,
      () => 'Die letzte Abbuchung ist leider zurückgegangen, weil das alte Konto bereits gekündigt war. Bitte erheben Sie dafür keine Rücklastschriftgebühr.',
      () => 'Die Änderung gilt für alle meine Verträge bei Ihnen, also Festnetz und Mobilfunk.',
      () => 'Überweisungen möchte ich künftig nicht mehr selbst veranlassen müssen.',
    ],
    requests: [
      () => 'Bitte bestätigen Sie mir die Änderung der Bankverbindung.',
      () => 'Bitte teilen Sie mir mit, ab welcher Rechnung die neue Bankverbindung berücksichtigt wird.',
      () => 'Für eine kurze Bestätigung wäre ich dankbar.',
    ],
    attachment: (c, rng) => ({
      title: 'SEPA-Lastschriftmandat',
      lines: [
        `Zahlungsempfänger: ${RECIPIENT_COMPANY}, Postfach 10 20 30, 53105 Bonn`,
        'Gläubiger-Identifikationsnummer: DE98ZZZ09999999999',
        `Mandatsreferenz: ${c.cn}-${rng.digits(3)}`,
        `Kontoinhaber: ${c.fullName}`,
        `IBAN: ${c.ibanFmt}`,
        `Kreditinstitut: ${c.bankName}`,
        `${c.p.city}, ${fmtNumeric(c.letterDate)}     Unterschrift: ____________________`,
      ],
    }),
  },
  invoice_complaint: {
    subjects: [
      (c) => `Widerspruch gegen die Rechnung vom ${c.invoiceDate}`,
      (c) => `Reklamation Rechnung Nr. ${c.invoiceNumber}`,
      () => 'Beschwerde über fehlerhafte Rechnung',
      (c) => `Einspruch gegen Rechnung ${c.invoiceMonth}`,
      () => 'Falsche Abrechnung – Bitte um Korrektur',
    ],
    intros: [
      (c) => `hiermit widerspreche ich Ihrer Rechnung Nr. ${c.invoiceNumber} vom ${c.invoiceDate} über ${c.amount}.`,
      (c) => `in meiner Rechnung für ${c.invoiceMonth} wurden mir ${c.amount} berechnet, obwohl mein Tarif nur ${c.expected} kostet.`,
      () => 'auf meiner letzten Rechnung finde ich Positionen, die ich nicht nachvollziehen kann.',
      (c) => `ich beanstande die Rechnung Nr. ${c.invoiceNumber} und bitte um Überprüfung.`,
    ],
    details: [
      () => 'Es wurden Verbindungen zu Sonderrufnummern (0900) berechnet, die ich nie gewählt habe.',
      () => 'Die angebliche Gebühr für einen Technikereinsatz ist nicht gerechtfertigt – der Techniker ist nie erschienen.',
      (c) => `Außerdem wurde eine Drittanbieter-Abo-Gebühr über ${c.small} abgebucht, die ich nie bestellt habe.`,
      () => 'Die Grundgebühr wurde für denselben Zeitraum doppelt berechnet.',
      (c) => `Die Gutschrift, die mir Ihre Hotline am ${c.promiseDate} zugesagt hat, fehlt auf der Rechnung.`,
      () => 'Bitte sperren Sie künftig sämtliche Drittanbieterdienste auf meinem Anschluss.',
      () => 'Roaminggebühren können nicht angefallen sein, da ich mich im fraglichen Zeitraum in Deutschland aufgehalten habe.',
    ],
    requests: [
      (c) => `Bitte korrigieren Sie die Rechnung und erstatten Sie mir den zu viel gezahlten Betrag von ${c.diff}.`,
      () => 'Ich habe den strittigen Betrag bei meiner Bank zurückbuchen lassen und bitte um eine korrigierte Rechnung.',
      () => 'Bitte prüfen Sie den Vorgang und schreiben Sie mir den Differenzbetrag gut.',
    ],
    attachment: (c, rng) => {
      const lines = [`Rechnung Nr. ${c.invoiceNumber} vom ${c.invoiceDate}`, 'Beanstandete Positionen:'];
      const items = rng.sample(
        ['Sonderrufnummer 0900-Verbindung', 'Drittanbieter-Abonnement', 'Technikereinsatz vor Ort', 'Grundgebühr (doppelt)', 'Roaming-Datenpaket', 'Versandkosten Hardware'],
        rng.int(2, 4),
      );
      let sum = 0;
      for (const [i, item] of items.entries()) {
        const v = rng.int(199, 4999) / 100;
        sum += v;
        lines.push(`${i + 1}. ${item}: ${c.euro(v)}`);
      }
      lines.push(`Summe der beanstandeten Beträge: ${c.euro(Math.round(sum * 100) / 100)}`);
      return { title: 'Anlage: Aufstellung der beanstandeten Rechnungspositionen', lines };
    },
  },
  number_porting: {
    subjects: [
      () => 'Rufnummernmitnahme',
      (c) => `Portierung meiner Rufnummer ${c.phone}`,
      () => 'Mitnahme meiner Mobilfunknummer zu Ihnen',
      () => 'Antrag auf Rufnummernportierung',
      () => 'Anbieterwechsel – Freigabe meiner Rufnummer',
    ],
    intros: [
      (c) => `ich möchte meine Mobilfunknummer ${c.phone} von ${c.oldProvider} zu Ihnen mitnehmen.`,
      (c) => `im Rahmen meines neuen Vertrags bei Ihnen beantrage ich die Portierung meiner Rufnummer ${c.phone}.`,
      (c) => `ich wechsle zu ${c.oldProvider} und bitte Sie, meine Rufnummer ${c.phone} für die Mitnahme freizugeben.`,
      (c) => `meine Festnetznummer ${c.phone} soll bei meinem Anbieterwechsel zu Ihnen erhalten bleiben.`,
    ],
    details: [
      (c) => `Mein bisheriger Vertrag bei ${c.oldProvider} endet am ${c.portDate}.`,
      (c) => `Die unterschriebene Portierungserklärung für ${c.oldProvider} liegt diesem Schreiben bei.`,
      (c) => `Bitte führen Sie die Portierung zum ${c.portDate} durch, damit ich durchgehend erreichbar bin.`,
      () => 'Die Portierung ist nun schon zweimal gescheitert, angeblich wegen abweichender Kundendaten.',
      (c) => `Meine neue SIM-Karte mit der Kartennummer ${c.sim} ist bereits aktiviert.`,
      () => 'Beruflich bin ich auf eine unterbrechungsfreie Erreichbarkeit angewiesen.',
    ],
    requests: [
      () => 'Bitte bestätigen Sie mir den Portierungstermin.',
      () => 'Teilen Sie mir bitte mit, ob noch Unterlagen fehlen.',
      () => 'Ich bitte um schnellstmögliche Bearbeitung.',
    ],
    attachment: (c) => ({
      title: 'Anlage: Auftrag zur Rufnummernmitnahme',
      lines: [
        `Zu portierende Rufnummer: ${c.phone}`,
        `Abgebender Anbieter: ${c.oldProvider}`,
        `Anschlussinhaber: ${c.fullName}`,
        `Anschrift: ${c.p.street} ${c.p.houseNumber}, ${c.p.postcode} ${c.p.city}`,
        `Gewünschter Portierungstermin: ${c.portDate}`,
        `SIM-Kartennummer: ${c.sim}`,
      ],
    }),
  },
  general_inquiry: {
    subjects: [
      () => 'Anfrage',
      () => 'Frage zu meinem Anschluss',
      () => 'Bitte um Auskunft',
      () => 'Frage zur Verfügbarkeit von Glasfaser',
      () => 'Anfrage zu Vertragsunterlagen',
    ],
    intros: [
      () => 'ich habe eine Frage zu meinem Anschluss.',
      () => 'könnten Sie mir bitte mitteilen, ob an meiner Adresse inzwischen ein Glasfaseranschluss verfügbar ist?',
      () => 'ich würde gerne wissen, welche Möglichkeiten es gibt, meinen Router gegen ein neueres Modell zu tauschen.',
      () => 'bitte senden Sie mir eine Kopie meines Vertrags sowie die aktuellen Allgemeinen Geschäftsbedingungen zu.',
      (c) => `meine Mutter (${c.age} Jahre) möchte einen Seniorentarif abschließen; welche Tarife können Sie empfehlen?`,
    ],
    details: [
      (c) => `Ich bin telefonisch unter ${c.phone} erreichbar, am besten nachmittags.`,
      () => 'Auf Ihrer Internetseite habe ich dazu leider keine verständlichen Informationen gefunden.',
      () => 'Gibt es eine Möglichkeit, Rechnungen künftig per Post statt per E-Mail zu erhalten?',
      () => 'Außerdem interessiert mich, ob ein Einzelverbindungsnachweis kostenpflichtig ist.',
      () => 'Mein Nachbar hat bereits Glasfaser, deshalb wundere ich mich über die Auskunft Ihrer Hotline.',
    ],
    requests: [
      () => 'Vielen Dank im Voraus für Ihre Mühe.',
      () => 'Über eine baldige Rückmeldung würde ich mich freuen.',
      () => 'Für eine kurze Auskunft wäre ich Ihnen sehr dankbar.',
    ],
    attachment: () => ({
      title: 'Anlage: Meine Fragen im Überblick',
      lines: [
        '1. Ist an meiner Adresse ein Glasfaseranschluss verfügbar?',
        '2. Welche Kosten entstehen für einen Routertausch?',
        '3. Kann ich meine Rechnungen wieder per Post erhalten?',
        '4. Ist der Einzelverbindungsnachweis kostenpflichtig?',
        '5. Welche Kündigungsfrist gilt für meinen Vertrag?',
      ],
    }),
  },
};

const ANGRY_LINES: Tpl[] = [
  () => 'Ich bin mit Ihrem Service äußerst unzufrieden.',
  () => 'Dies ist bereits mein dritter Brief in dieser Angelegenheit – eine Antwort habe ich bis heute nicht erhalten!',
  (c) => `In Ihrer Hotline hänge ich jedes Mal über ${c.minutes} Minuten in der Warteschleife.`,
  (c) => `Sollte ich bis zum ${c.deadline} keine Antwort erhalten, werde ich mich an die Bundesnetzagentur und die Verbraucherzentrale wenden.`,
  () => 'Ein solches Verhalten ist für ein großes Unternehmen schlicht unwürdig.',
  () => 'Meine Geduld ist jetzt wirklich am Ende.',
];
const FORMAL_LINES: Tpl[] = [
  () => 'Für Rückfragen stehe ich Ihnen gerne zur Verfügung.',
  () => 'Ich danke Ihnen im Voraus für die zügige Bearbeitung.',
  (c) => `Sie erreichen mich tagsüber unter ${c.p.mobile}.`,
];
const INFORMAL_LINES: Tpl[] = [
  () => 'Vielen Dank schon mal für Ihre Hilfe!',
  () => 'Ich hoffe, das klappt so unkompliziert.',
  (c) => `Bei Fragen einfach kurz unter ${c.p.mobile} durchklingeln.`,
];
const BACKGROUND_LINES: Tpl[] = [
  (c) => `Bereits am ${c.promiseDate} hatte ich die Angelegenheit telefonisch geschildert; eine schriftliche Bestätigung habe ich jedoch nie bekommen.`,
  (c) => `Zur Einordnung: Ich bin seit ${c.years} Jahren ${c.kunde} bei Ihnen und war bislang überwiegend zufrieden.`,
  () => 'Im Kundenportal kann ich das leider nicht selbst erledigen, weil die Anmeldung seit Wochen fehlschlägt.',
  () => 'Auch mein Versuch über das Kontaktformular auf Ihrer Internetseite blieb ohne Rückmeldung.',
  () => 'Ich bitte Sie deshalb, die Angelegenheit diesmal vollständig und verbindlich zu erledigen.',
];
const UMLAUT_FALLBACK: Tpl[] = [
  () => 'Für Rückfragen bin ich tagsüber erreichbar.',
  () => 'Eine schriftliche Rückmeldung wäre mir lieb.',
  () => 'Ich danke Ihnen für die zügige Erledigung.',
];

const SALUTATIONS: Record<Tone, string[]> = {
  formal: ['Sehr geehrte Damen und Herren,', 'Sehr geehrtes Service-Team,', 'Sehr geehrte Damen und Herren,'],
  informal: ['Hallo liebes Fernmeldewerk-Team,', 'Hallo zusammen,', 'Guten Tag,', 'Liebes Kundenservice-Team,'],
  terse: ['Sehr geehrte Damen und Herren,', 'Guten Tag,'],
  angry: ['Sehr geehrte Damen und Herren,'],
};
const CLOSINGS: Record<Tone, string[]> = {
  formal: ['Mit freundlichen Grüßen', 'Freundliche Grüße', 'Mit freundlichen Grüßen', 'Hochachtungsvoll'],
  informal: ['Viele Grüße', 'Liebe Grüße', 'Beste Grüße', 'Schöne Grüße aus {city}'],
  terse: ['MfG', 'Mit freundlichen Grüßen', 'Gruß'],
  angry: ['Mit verärgerten Grüßen', 'Hochachtungsvoll', 'Mit freundlichen Grüßen'],
};
const CN_LABELS = ['Kundennummer', 'Kundennr.', 'Kd.-Nr.', 'Kunden-Nr.', 'Kd-Nr', 'KdNr.'];

interface Attachment {
  title: string;
  lines: string[];
}

/** Everything printed on a letter, independent of how it is rendered. */
interface LetterContent {
  senderLines: string[];
  returnLine: string;
  recipientLines: string[];
  dateLine: string;
  subject: string;
  refLines: string[];
  salutation: string;
  /** Paragraphs per letter page (the closing follows the last one). */
  bodyPages: string[][];
  closing: string;
  signature: string;
  postscript: string | null;
  enclosureNote: string | null;
  attachment: Attachment | null;
  continuationHeader: string;
}

interface LetterMeta {
  requestType: RequestType;
  tone: Tone;
  person: Person;
  customerNumber: string;
  customerNumberAsWritten: string;
  contractNumber: string | null;
  iban?: string;
  letterDate: Date;
  /** Subject, paragraphs and attachment: the part keywords are taken from. */
  bodyText: string;
}

// ---------------------------------------------------------------------------------------------
// Letter composition
// ---------------------------------------------------------------------------------------------

function fmtNumeric(d: Date): string {
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
}

function fmtLong(d: Date): string {
  return `${d.getUTCDate()}. ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

function endOfMonth(d: Date, monthsAhead: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsAhead + 1, 0));
}

function transliterate(s: string): string {
  return s
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss');
}

function makePerson(rng: Rng, lastName: string, cityInfo: CityInfo): Person {
  const gender = rng.chance(0.5) ? 'f' : 'm';
  const firstName = gender === 'f' ? rng.pick(FEMALE_FIRST) : rng.pick(MALE_FIRST);
  const houseNumber = `${rng.int(1, 128)}${rng.chance(0.15) ? rng.pick(['a', 'b', 'c']) : ''}`;
  const subscriber = `555${rng.digits(4)}`;
  const mobilePrefix = rng.pick(['0151', '0160', '0171', '0176', '0157', '0162']);
  const emailLocal = transliterate(`${firstName}.${lastName}`).toLowerCase().replace(/[^a-z.]/g, '');
  return {
    gender,
    firstName,
    lastName,
    street: rng.pick(STREETS),
    houseNumber,
    postcode: cityInfo.postcode,
    city: cityInfo.city,
    areaCode: cityInfo.areaCode,
    landline: `${cityInfo.areaCode} ${subscriber}`,
    landlineIntl: `+49 ${cityInfo.areaCode.slice(1)} ${subscriber}`,
    mobile: `${mobilePrefix} ${rng.digits(rng.pick([7, 8]))}`,
    email: `${emailLocal}@${rng.pick(['example.de', 'example.com', 'example.org', 'beispiel.example'])}`,
  };
}

function euroFormatter(style: number): (value: number) => string {
  return (value: number) => {
    const s = value.toFixed(2).replace('.', ',');
    if (style === 0) return `${s} €`;
    if (style === 1) return `${s} EUR`;
    return `EUR ${s}`;
  };
}

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function hasUmlautWord(text: string): boolean {
  return tokenize(text).some((w) => /[äöüÄÖÜ]/.test(w));
}

function tokenize(text: string): string[] {
  return text.split(/[\s,.;:!?()„“"'/–]+/).filter((w) => /^[A-Za-zÄÖÜäöüß]{6,}$/.test(w));
}

interface ComposeOptions {
  requestType: RequestType;
  tone: Tone;
  lastName: string;
  city: CityInfo;
  /** Pages of the finished document (1–3). */
  pages: number;
}

function composeLetter(rng: Rng, opts: ComposeOptions): { content: LetterContent; meta: LetterMeta } {
  const { requestType, tone } = opts;
  const t = TEMPLATES[requestType];
  const p = makePerson(rng, opts.lastName, opts.city);
  const fullName = `${p.firstName} ${p.lastName}`;

  // Dates between 1 Oct 2025 and 20 Nov 2026.
  const letterDate = addDays(new Date(Date.UTC(2025, 9, 1)), rng.int(0, 415));
  const cn = `${rng.int(1, 9)}${rng.digits(9)}`;
  const cnWritten = rng.chance(0.15) ? rng.pick([`${cn.slice(0, 5)} ${cn.slice(5)}`, `${cn.slice(0, 3)} ${cn.slice(3, 6)} ${cn.slice(6)}`]) : cn;
  const cnLabel = rng.pick(CN_LABELS);
  const contract = rng.pick([`FW-${rng.digits(8)}`, `V${rng.digits(9)}`, `${rng.digits(4)}-${rng.digits(6)}`]);
  const euro = euroFormatter(rng.int(0, 2));
  const newCity = rng.chance(0.5) ? opts.city : rng.pick(CITIES);
  const newStreet = `${rng.pick(STREETS)} ${rng.int(1, 90)}`;
  const bank = rng.pick(BANKS);
  const iban = computeGermanIban(bank.blz, `${rng.int(1, 9)}${rng.digits(9)}`);
  const mobileTariff = requestType === 'contract_renewal' || rng.chance(0.5);
  const tariffGroup: readonly string[] = mobileTariff ? MOBILE_TARIFFS : HOME_TARIFFS;
  const tariffOld = rng.pick(tariffGroup);
  const tariffNew = rng.pick(tariffGroup.filter((x) => x !== tariffOld));
  const invoiceDate = addDays(letterDate, -rng.int(5, 30));
  const amountValue = rng.int(4500, 18000) / 100;
  const expectedValue = rng.int(1999, 4499) / 100;
  const partnerFirst = p.gender === 'f' ? rng.pick(MALE_FIRST) : rng.pick(FEMALE_FIRST);
  const phone = requestType === 'number_porting' || requestType === 'contract_renewal' ? p.mobile : rng.pick([p.landline, p.mobile]);
  const datePick = (d: Date) => (rng.chance(0.6) ? fmtNumeric(d) : fmtLong(d));

  const c: Ctx = {
    p,
    fullName,
    cn,
    cnWritten,
    cnLabel,
    contract,
    letterDate,
    effective: datePick(endOfMonth(letterDate, rng.int(1, 3))),
    moveDate: datePick(addDays(letterDate, rng.int(10, 60))),
    offerDate: fmtNumeric(addDays(letterDate, -rng.int(3, 20))),
    invoiceDate: fmtNumeric(invoiceDate),
    promiseDate: fmtNumeric(addDays(letterDate, -rng.int(10, 60))),
    portDate: datePick(addDays(letterDate, rng.int(14, 45))),
    deadline: fmtNumeric(addDays(letterDate, 14)),
    tariffOld,
    tariffNew,
    price: euro(rng.int(15, 70) + 0.95),
    speed: rng.pick([100, 250, 500, 1000]),
    gb: rng.pick([5, 10, 15, 25]),
    years: rng.int(3, 22),
    minutes: rng.pick([30, 40, 45, 60]),
    age: rng.int(68, 89),
    newStreet,
    newPlz: newCity.postcode,
    newCity: newCity.city,
    newAddress: `${newStreet}, ${newCity.postcode} ${newCity.city}`,
    iban,
    ibanFmt: formatIban(iban),
    bankName: bank.name,
    oldBank: rng.pick(BANKS.filter((b) => b.blz !== bank.blz)).name,
    invoiceNumber: `${rng.digits(2)} ${rng.digits(4)} ${rng.digits(4)}`,
    invoiceMonth: `${MONTHS[invoiceDate.getUTCMonth()]} ${invoiceDate.getUTCFullYear()}`,
    amount: euro(amountValue),
    expected: euro(expectedValue),
    diff: euro(Math.round((amountValue - expectedValue) * 100) / 100),
    small: euro(rng.int(299, 1299) / 100),
    phone,
    oldProvider: rng.pick(OTHER_PROVIDERS),
    sim: `8949 ${rng.digits(4)} ${rng.digits(4)} ${rng.digits(4)} ${rng.digits(3)}`,
    partnerName: `${partnerFirst} ${p.lastName}`,
    kunde: p.gender === 'f' ? 'Kundin' : 'Kunde',
    mobileTariff,
    newLandline: `${newCity.areaCode} 555${rng.digits(4)}`,
    euro,
  };

  // Where the customer number goes.
  const cnPlacement = rng.pick(['refs', 'refs', 'subject', 'sender', 'body'] as const);
  const mentionContract = rng.chance(0.45);
  const contractLabel = rng.pick(['Vertragsnummer', 'Vertrags-Nr.', 'Vertragsnr.']);

  // Subject.
  let subject = rng.pick(t.subjects)(c);
  if (cnPlacement === 'subject') subject += rng.pick([`, ${cnLabel} ${cnWritten}`, ` – ${cnLabel} ${cnWritten}`, ` (${cnLabel}: ${cnWritten})`]);
  if (rng.chance(0.35)) subject = `${rng.pick(['Betreff: ', 'Betr.: '])}${subject}`;

  const refLines: string[] = [];
  if (cnPlacement === 'refs') refLines.push(`${cnLabel}: ${cnWritten}`);
  if (mentionContract && !subject.includes(contract)) refLines.push(`${contractLabel}: ${contract}`);

  // Body paragraphs.
  const withAttachment = opts.pages === 3 || (opts.pages === 2 && rng.chance(0.5));
  const letterPages = opts.pages - (withAttachment ? 1 : 0);

  const intro = rng.pick(t.intros)(c);
  const cnSentence =
    cnPlacement === 'body'
      ? rng.pick([
          `Meine Kundennummer lautet ${cnWritten}.`,
          `Ich bin bei Ihnen unter der ${cnLabel} ${cnWritten} geführt.`,
          `(${cnLabel} ${cnWritten})`,
        ])
      : null;
  const detailCount = { terse: rng.int(0, 1), formal: rng.int(1, 3), informal: rng.int(1, 2), angry: rng.int(1, 2) }[tone];
  const details = rng.sample(t.details, letterPages > 1 ? t.details.length : detailCount).map((f) => f(c));
  const request = rng.pick(t.requests)(c);

  const paragraphs: string[] = [];
  const first = [intro];
  if (cnSentence) first.push(cnSentence);
  if (details.length > 0 && rng.chance(0.5)) first.push(details.shift() as string);
  paragraphs.push(first.join(' '));
  if (letterPages > 1) {
    paragraphs.push(rng.pick(BACKGROUND_LINES)(c));
    while (details.length > 0) paragraphs.push(details.splice(0, 2).join(' '));
    paragraphs.push(rng.pick(BACKGROUND_LINES.filter((f) => f(c) !== paragraphs[1]))(c));
  } else if (details.length > 0) {
    paragraphs.push(details.join(' '));
  }
  if (tone === 'angry') paragraphs.push(rng.sample(ANGRY_LINES, rng.int(2, 3)).map((f) => f(c)).join(' '));
  const extras = tone === 'formal' ? FORMAL_LINES : tone === 'informal' ? INFORMAL_LINES : [];
  const requestPara = [request];
  const extra = extras.length > 0 && rng.chance(0.7) ? rng.pick(extras)(c) : null;
  if (extra && !(extra.includes('Dank') && request.includes('Dank'))) requestPara.push(extra);
  paragraphs.push(requestPara.join(' '));
  if (mentionContract && tone !== 'terse' && rng.chance(0.4) && !paragraphs.some((x) => x.includes(contract))) {
    paragraphs.splice(1, 0, `Es geht um den Vertrag mit der ${contractLabel} ${contract}.`);
  }

  let postscript: string | null = null;
  if (rng.chance(0.15) || !hasUmlautWord([subject, ...paragraphs].join(' '))) {
    postscript = `PS: ${rng.pick(UMLAUT_FALLBACK)(c)}`;
  }

  // Split the paragraphs over the letter pages (page 2 gets the last third).
  const bodyPages: string[][] = [];
  if (letterPages === 1) {
    bodyPages.push(paragraphs);
  } else {
    const cut = Math.max(1, Math.ceil((paragraphs.length * 2) / 3));
    bodyPages.push(paragraphs.slice(0, cut), paragraphs.slice(cut));
    if (bodyPages[1]?.length === 0) bodyPages[1]?.push(paragraphs.pop() as string);
  }

  const attachment = withAttachment ? t.attachment(c, rng) : null;

  // Header blocks.
  const street = `${p.street} ${p.houseNumber}`;
  const senderLines = [fullName, street, `${p.postcode} ${p.city}`];
  if (rng.chance(0.6)) senderLines.push(rng.pick([`Tel.: ${p.landline}`, `Telefon ${p.mobile}`, `Tel. ${p.mobile}`]));
  if (rng.chance(0.3)) senderLines.push(`E-Mail: ${p.email}`);
  if (cnPlacement === 'sender') senderLines.push(`${cnLabel}: ${cnWritten}`);
  const returnLine = `${fullName} · ${street} · ${p.postcode} ${p.city}`;
  const recipientLines = rng.pick([
    [RECIPIENT_COMPANY, 'Kundenservice', 'Postfach 10 20 30', '53105 Bonn'],
    ['An die', RECIPIENT_COMPANY, 'Kundenservice', 'Postfach 10 20 30', '53105 Bonn'],
    [RECIPIENT_COMPANY, requestType === 'cancellation' ? 'Kündigungsabteilung' : 'Kundenbetreuung', 'Postfach 10 20 30', '53105 Bonn'],
  ]);
  const dateLine = rng.pick([
    `${p.city}, ${fmtNumeric(letterDate)}`,
    `${p.city}, den ${fmtLong(letterDate)}`,
    fmtNumeric(letterDate),
    fmtLong(letterDate),
    `Datum: ${fmtNumeric(letterDate)}`,
  ]);
  const closing = rng.pick(CLOSINGS[tone]).replace('{city}', p.city);
  const signature = rng.chance(0.8) ? fullName : `${p.firstName.charAt(0)}. ${p.lastName}`;
  const enclosureNote = attachment ? `Anlage: ${attachment.title.replace(/^Anlage:\s*/, '')}` : null;
  const continuationHeader = rng.pick([`- 2 -`, `Seite 2 zum Schreiben vom ${fmtNumeric(letterDate)}`, `${fullName}, ${cnLabel} ${cnWritten} – Seite 2`]);

  const content: LetterContent = {
    senderLines,
    returnLine,
    recipientLines,
    dateLine,
    subject,
    refLines,
    salutation: rng.pick(SALUTATIONS[tone]),
    bodyPages: bodyPages.map((page) => page.map(sentenceCase)),
    closing,
    signature,
    postscript,
    enclosureNote,
    attachment,
    continuationHeader,
  };
  // The first paragraph continues the salutation ("Sehr geehrte …, hiermit …"): keep it lower case.
  const firstPage = content.bodyPages[0];
  if (firstPage && firstPage[0] !== undefined) firstPage[0] = paragraphs[0] as string;

  const bodyText = [subject, ...content.bodyPages.flat(), postscript ?? '', attachment ? [attachment.title, ...attachment.lines].join('\n') : ''].join('\n');
  const textAll = [bodyText, ...senderLines, ...refLines].join('\n');
  const meta: LetterMeta = {
    requestType,
    tone,
    person: p,
    customerNumber: cn,
    customerNumberAsWritten: cnWritten,
    contractNumber: textAll.includes(contract) ? contract : null,
    ...(textAll.includes(c.ibanFmt) ? { iban } : {}),
    letterDate,
    bodyText,
  };
  return { content, meta };
}

// ---------------------------------------------------------------------------------------------
// PDF rendering (pdfkit)
// ---------------------------------------------------------------------------------------------

const A4_WIDTH = 595.28;
const A4_HEIGHT = 841.89;

type FontFamily = 'Helvetica' | 'Times' | 'Courier';
type Layout = 'din' | 'left' | 'typewriter';

interface RenderStyle {
  family: FontFamily;
  size: number;
  layout: Layout;
  justify: boolean;
  scribble: boolean;
  pageNumbers: boolean;
  /** Seed for the signature scribble. */
  scribbleSeed: number;
}

interface RenderOptions {
  creationDate: Date;
  title?: string;
  /** Fax header for page i (0-based) of n. */
  faxHeader?: (page: number, total: number) => string;
}

interface RenderedLetter {
  pdf: Buffer;
  pageTexts: string[];
  pages: number;
  faxHeaders: string[];
}

function fontNames(family: FontFamily): { regular: string; bold: string } {
  switch (family) {
    case 'Helvetica':
      return { regular: 'Helvetica', bold: 'Helvetica-Bold' };
    case 'Times':
      return { regular: 'Times-Roman', bold: 'Times-Bold' };
    case 'Courier':
      return { regular: 'Courier', bold: 'Courier-Bold' };
  }
}

function collectPdf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function drawScribble(doc: PDFKit.PDFDocument, x: number, y: number, seed: number): void {
  const rng = new Rng(seed);
  doc.save();
  doc.lineWidth(rng.float(0.9, 1.5)).strokeColor(rng.pick(['#1a1a60', '#202020', '#0b2a78']));
  let cx = x;
  let cy = y + rng.float(-3, 3);
  doc.moveTo(cx, cy);
  const strokes = rng.int(4, 7);
  for (let i = 0; i < strokes; i++) {
    const nx = cx + rng.float(12, 26);
    const ny = y + rng.float(-8, 8);
    doc.bezierCurveTo(cx + rng.float(0, 10), cy - rng.float(6, 18), nx - rng.float(0, 10), ny + rng.float(6, 18), nx, ny);
    cx = nx;
    cy = ny;
  }
  doc.stroke();
  doc.moveTo(x - 4, y + rng.float(8, 12)).lineTo(cx + rng.float(0, 10), y + rng.float(6, 12)).stroke();
  doc.restore();
}

/** Renders once with the given style; returns null if the content overflowed a page. */
async function renderLetterOnce(content: LetterContent, style: RenderStyle, options: RenderOptions): Promise<RenderedLetter | null> {
  const fonts = fontNames(style.family);
  const margins = { top: 56, bottom: 56, left: 70, right: 56 };
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: options.title ?? content.subject,
      Author: content.signature,
      Creator: style.family === 'Times' ? 'Textverarbeitung' : 'Writer',
      Producer: 'PDFKit',
      CreationDate: options.creationDate,
    },
  });
  const done = collectPdf(doc);
  const width = A4_WIDTH - margins.left - margins.right;
  const size = style.size;
  const lineGap = size * 0.18;
  const pageTexts: string[][] = [[]];
  let explicitPages = 1;
  const cur = () => pageTexts[pageTexts.length - 1] as string[];
  const newPage = () => {
    doc.addPage({ size: 'A4', margins });
    explicitPages += 1;
    pageTexts.push([]);
  };

  const lines = (ls: string[], x: number, y: number | undefined, opts: PDFKit.Mixins.TextOptions = {}) => {
    ls.forEach((l, i) => {
      if (i === 0 && y !== undefined) doc.text(l, x, y, { lineGap, ...opts });
      else doc.text(l, x, undefined, { lineGap, ...opts });
      cur().push(l);
    });
  };

  // --- page 1 header ---
  doc.font(fonts.regular).fontSize(size);
  if (style.layout === 'din') {
    doc.fontSize(size - 1);
    lines(content.senderLines, 360, 50, { width: A4_WIDTH - 360 - margins.right });
    doc.fontSize(7);
    doc.text(content.returnLine, margins.left, 132, { width: 260, underline: true, lineBreak: false });
    cur().push(content.returnLine);
    doc.fontSize(size);
    lines(content.recipientLines, margins.left, 148, { width: 260 });
    doc.text(content.dateLine, margins.left, 262, { width, align: 'right' });
    cur().push(content.dateLine);
    doc.y = 292;
  } else if (style.layout === 'left') {
    lines(content.senderLines, margins.left, 50, { width });
    lines(content.recipientLines, margins.left, Math.max(doc.y + size * 2.5, 150), { width: 260 });
    doc.text(content.dateLine, margins.left, doc.y + size * 1.5, { width, align: 'right' });
    cur().push(content.dateLine);
    doc.y += size * 1.5;
  } else {
    lines(content.senderLines, margins.left, 50, { width });
    lines(content.recipientLines, margins.left, doc.y + size * 2.5, { width: 260 });
    doc.text(content.dateLine, margins.left, doc.y + size * 1.5, { width });
    cur().push(content.dateLine);
    doc.y += size * 1.5;
  }

  doc.font(fonts.bold).text(content.subject, margins.left, doc.y, { width, lineGap });
  cur().push(content.subject);
  doc.font(fonts.regular);
  if (content.refLines.length > 0) lines(content.refLines, margins.left, undefined, { width });
  doc.moveDown(1.2);
  doc.text(content.salutation, margins.left, doc.y, { width, lineGap });
  cur().push(content.salutation);
  doc.moveDown(0.6);

  const paraOpts: PDFKit.Mixins.TextOptions = { width, lineGap, align: style.justify ? 'justify' : 'left', paragraphGap: size * 0.7 };
  content.bodyPages.forEach((paras, pageIndex) => {
    if (pageIndex > 0) {
      newPage();
      doc.fontSize(size - 1).text(content.continuationHeader, margins.left, margins.top, { width, align: content.continuationHeader.startsWith('-') ? 'center' : 'left' });
      cur().push(content.continuationHeader);
      doc.fontSize(size).moveDown(1.5);
    }
    for (const para of paras) {
      doc.text(para, margins.left, doc.y, paraOpts);
      cur().push(para);
    }
  });

  // Closing and signature.
  doc.moveDown(0.6);
  doc.text(content.closing, margins.left, doc.y, { width, lineGap });
  cur().push(content.closing);
  const sigY = doc.y + 6;
  if (style.scribble) drawScribble(doc, margins.left + 4, sigY + 14, style.scribbleSeed);
  doc.text(content.signature, margins.left, sigY + size * 2.8, { width, lineGap });
  cur().push(content.signature);
  if (content.postscript) {
    doc.moveDown(1);
    doc.text(content.postscript, margins.left, doc.y, { width, lineGap });
    cur().push(content.postscript);
  }
  if (content.enclosureNote) {
    doc.moveDown(1);
    doc.fontSize(size - 1).text(content.enclosureNote, margins.left, doc.y, { width, lineGap });
    cur().push(content.enclosureNote);
    doc.fontSize(size);
  }

  if (content.attachment) {
    newPage();
    doc.font(fonts.bold).fontSize(size + 1).text(content.attachment.title, margins.left, margins.top + 10, { width, lineGap });
    cur().push(content.attachment.title);
    doc.font(fonts.regular).fontSize(size).moveDown(1);
    for (const l of content.attachment.lines) {
      doc.text(l, margins.left, doc.y, { width, lineGap: lineGap + size * 0.5 });
      cur().push(l);
    }
  }

  const total = doc.bufferedPageRange().count;
  if (total !== explicitPages) {
    doc.end();
    await done;
    return null;
  }

  // Page numbers and fax headers (drawn outside the margins, so suspend the bottom margin).
  const faxHeaders: string[] = [];
  for (let i = 0; i < total; i++) {
    doc.switchToPage(i);
    const saved = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    const texts = pageTexts[i] as string[];
    if (style.pageNumbers && total > 1) {
      const footer = `Seite ${i + 1} von ${total}`;
      doc.font(fonts.regular).fontSize(8.5).text(footer, margins.left, A4_HEIGHT - 36, { width, align: 'right', lineBreak: false });
      texts.push(footer);
    }
    if (options.faxHeader) {
      const header = options.faxHeader(i, total);
      doc.font('Courier').fontSize(9).fillColor('black').text(header, 24, 12, { lineBreak: false });
      texts.unshift(header);
      faxHeaders.push(header);
    }
    doc.page.margins = saved;
  }
  doc.end();
  const pdf = await done;
  return { pdf, pageTexts: pageTexts.map((t) => t.join('\n')), pages: total, faxHeaders };
}

/** Renders the letter; shrinks the font until every page holds its planned content. */
async function renderLetter(content: LetterContent, style: RenderStyle, options: RenderOptions): Promise<RenderedLetter> {
  for (let size = style.size; size >= 7; size -= 0.5) {
    const result = await renderLetterOnce(content, { ...style, size }, options);
    if (result) return result;
  }
  throw new Error(`letter "${content.subject}" does not fit its pages`);
}

// ---------------------------------------------------------------------------------------------
// External tools
// ---------------------------------------------------------------------------------------------

async function run(cmd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(cmd, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${cmd} is not installed (needed to generate fixtures)`, { cause: error });
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr ?? e.message}`, { cause: error });
  }
}

interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

function parsePgm(buf: Buffer): GrayImage {
  // P5 <ws> width <ws> height <ws> maxval <single ws> data
  let pos = 0;
  const tokens: string[] = [];
  while (tokens.length < 4) {
    while (pos < buf.length && /\s/.test(String.fromCharCode(buf[pos] as number))) pos++;
    if (buf[pos] === 0x23) {
      while (pos < buf.length && buf[pos] !== 0x0a) pos++;
      continue;
    }
    let tok = '';
    while (pos < buf.length && !/\s/.test(String.fromCharCode(buf[pos] as number))) tok += String.fromCharCode(buf[pos++] as number);
    tokens.push(tok);
  }
  pos++;
  const [magic, w, h, max] = tokens;
  if (magic !== 'P5' || max !== '255') throw new Error(`unexpected PGM header ${tokens.join(' ')}`);
  const width = Number(w);
  const height = Number(h);
  return { width, height, data: new Uint8Array(buf.buffer, buf.byteOffset + pos, width * height) };
}

/** Crops or pads (white) to exactly width × height, anchored top-left. */
function fitTo(img: GrayImage, width: number, height: number): GrayImage {
  if (img.width === width && img.height === height) return img;
  const out = new Uint8Array(width * height).fill(255);
  const w = Math.min(width, img.width);
  for (let y = 0; y < Math.min(height, img.height); y++) out.set(img.data.subarray(y * img.width, y * img.width + w), y * width);
  return { width, height, data: out };
}

/** Rasterises a PDF into greyscale A4 pages with pdftoppm (exactly round(A4 × dpi) pixels). */
async function rasterize(pdfPath: string, workDir: string, xDpi: number, yDpi: number): Promise<GrayImage[]> {
  const dir = await mkdtemp(path.join(workDir, 'r-'));
  await run('pdftoppm', ['-gray', '-rx', String(xDpi), '-ry', String(yDpi), pdfPath, path.join(dir, 'p')]);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.pgm')).sort();
  const pages: GrayImage[] = [];
  const width = Math.round((A4_WIDTH / 72) * xDpi);
  const height = Math.round((A4_HEIGHT / 72) * yDpi);
  for (const f of files) pages.push(fitTo(parsePgm(await readFile(path.join(dir, f))), width, height));
  await rm(dir, { recursive: true, force: true });
  return pages;
}

// ---------------------------------------------------------------------------------------------
// Degradation
// ---------------------------------------------------------------------------------------------

interface ScanParams {
  skew: number;
  blur: number;
  noise: number;
  speckles: number;
  binarise: boolean;
  threshold: number;
  black: number;
  white: number;
  shadow: boolean;
  punchHoles: boolean;
  streak: boolean;
  seed: number;
}

interface FaxParams {
  skew: number;
  noise: number;
  threshold: number;
  pepper: number;
  glitchRows: number;
  seed: number;
}

/** Rotates around the centre (white background), optionally blurs, and crops back to the original size. */
async function rotateAndBlur(img: GrayImage, angle: number, blur: number): Promise<GrayImage> {
  let pipeline = sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), { raw: { width: img.width, height: img.height, channels: 1 } }).rotate(angle, {
    background: { r: 255, g: 255, b: 255, alpha: 1 },
  });
  if (blur >= 0.3) pipeline = pipeline.blur(blur);
  const { data, info } = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected 1 channel after rotate, got ${info.channels}`);
  const out = new Uint8Array(img.width * img.height);
  const ox = Math.floor((info.width - img.width) / 2);
  const oy = Math.floor((info.height - img.height) / 2);
  for (let y = 0; y < img.height; y++) {
    const src = (y + oy) * info.width + ox;
    out.set(data.subarray(src, src + img.width), y * img.width);
  }
  return { width: img.width, height: img.height, data: out };
}

function gaussianTable(rng: Rng, n = 8192): Float32Array {
  const table = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rng.next(), 1e-9);
    const v = rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    table[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) table[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return table;
}

function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

function fillDisc(img: GrayImage, cx: number, cy: number, r: number, value: number): void {
  const r2 = r * r;
  for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(img.height - 1, Math.ceil(cy + r)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(img.width - 1, Math.ceil(cx + r)); x++) {
      const dx = x - cx;
      const dy = y - cy;
      if (dx * dx + dy * dy <= r2) img.data[y * img.width + x] = value;
    }
  }
}

async function degradeScan(page: GrayImage, p: ScanParams): Promise<GrayImage> {
  const img = await rotateAndBlur(page, p.skew, p.blur);
  const rng = new Rng(p.seed);
  const gauss = gaussianTable(rng);
  const mask = gauss.length - 1;
  const { width, height, data } = img;
  const scale = (p.white - p.black) / 255;
  // Paper tone, gentle vertical illumination gradient, sensor noise.
  const gradient = rng.float(-8, 8);
  for (let y = 0; y < height; y++) {
    const rowShift = (gradient * y) / height;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const noise = (gauss[(rng.next() * 4294967296) & mask] as number) * p.noise;
      data[i] = clamp255(p.black + (data[i] as number) * scale + rowShift + noise);
    }
  }
  // Lid shadow along one edge.
  if (p.shadow) {
    const band = rng.int(18, 55);
    const side = rng.int(0, 3);
    for (let k = 0; k < band; k++) {
      const dark = 1 - 0.55 * (1 - k / band);
      if (side < 2) {
        const x = side === 0 ? k : width - 1 - k;
        for (let y = 0; y < height; y++) data[y * width + x] = (data[y * width + x] as number) * dark;
      } else {
        const y = side === 2 ? k : height - 1 - k;
        for (let x = 0; x < width; x++) data[y * width + x] = (data[y * width + x] as number) * dark;
      }
    }
  }
  // Dust and toner specks.
  for (let s = 0; s < p.speckles; s++) {
    fillDisc(img, rng.int(0, width - 1), rng.int(0, height - 1), rng.float(0.6, rng.chance(0.05) ? 4 : 2), rng.int(20, 110));
  }
  // Punch holes in the left margin (scanner lid shows dark through them).
  if (p.punchHoles) {
    const dpi = width / (A4_WIDTH / 72);
    const cx = 12 / 25.4 * dpi;
    const r = 2.6 / 25.4 * dpi;
    for (const offset of [-40, 40]) fillDisc(img, cx, height / 2 + (offset / 25.4) * dpi, r, rng.int(35, 70));
  }
  // Vertical streak from dirt on the scanner glass.
  if (p.streak) {
    const x0 = rng.int(Math.floor(width * 0.1), Math.floor(width * 0.9));
    const v = rng.int(150, 200);
    for (let y = 0; y < height; y++) data[y * width + x0] = Math.min(data[y * width + x0] as number, v);
  }
  if (p.binarise) {
    for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) < p.threshold ? 0 : 255;
  }
  return img;
}

const FAX_WIDTH = 1728;

async function degradeFax(page: GrayImage, p: FaxParams): Promise<GrayImage> {
  const img = await rotateAndBlur(page, p.skew, 0);
  const rng = new Rng(p.seed);
  const gauss = gaussianTable(rng);
  const mask = gauss.length - 1;
  const out = new Uint8Array(FAX_WIDTH * img.height).fill(255);
  const left = Math.max(0, Math.floor((FAX_WIDTH - img.width) / 2));
  const w = Math.min(img.width, FAX_WIDTH);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < w; x++) {
      const v = (img.data[y * img.width + x] as number) + (gauss[(rng.next() * 4294967296) & mask] as number) * p.noise;
      out[y * FAX_WIDTH + left + x] = v < p.threshold ? 0 : 255;
    }
  }
  const fax: GrayImage = { width: FAX_WIDTH, height: img.height, data: out };
  // Isolated black pixels (line noise).
  const pepper = Math.floor(FAX_WIDTH * img.height * p.pepper);
  for (let i = 0; i < pepper; i++) out[rng.int(0, out.length - 1)] = 0;
  // Transmission glitches: a scan line repeated from the one above.
  for (let g = 0; g < p.glitchRows; g++) {
    const y = rng.int(60, img.height - 2);
    out.copyWithin(y * FAX_WIDTH, (y - 1) * FAX_WIDTH, y * FAX_WIDTH);
  }
  return fax;
}

function rawSharp(img: GrayImage): Sharp {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), { raw: { width: img.width, height: img.height, channels: 1 } }).toColourspace('b-w');
}

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

interface KindSlot {
  kind: GoodFixtureKind;
  pages: number;
  /** Scans: force a bilevel (thresholded) image; otherwise decided at random. */
  binarise?: boolean;
}

/** First nine entries cover every kind, so small test sets still exercise everything. */
const KIND_ORDER: readonly KindSlot[] = [
  { kind: 'digital-pdf', pages: 2 },
  { kind: 'scan-png', pages: 1 },
  { kind: 'fax-g4-normal', pages: 2 },
  { kind: 'scan-pdf', pages: 1 },
  { kind: 'fax-g3-fine', pages: 2 },
  { kind: 'scan-jpeg', pages: 1 },
  { kind: 'fax-g3-normal', pages: 1 },
  { kind: 'fax-g4-fine', pages: 1 },
  { kind: 'digital-pdf', pages: 1 },
  { kind: 'scan-png', pages: 1, binarise: true },
  { kind: 'scan-jpeg', pages: 1 },
  { kind: 'scan-pdf', pages: 2 },
  { kind: 'digital-pdf', pages: 3 },
  { kind: 'fax-g4-normal', pages: 1 },
  { kind: 'fax-g3-fine', pages: 1 },
  { kind: 'scan-png', pages: 1 },
  { kind: 'scan-jpeg', pages: 1 },
  { kind: 'digital-pdf', pages: 1 },
  { kind: 'fax-g3-normal', pages: 2 },
  { kind: 'fax-g4-fine', pages: 3 },
  { kind: 'scan-pdf', pages: 1 },
  { kind: 'scan-png', pages: 1, binarise: true },
  { kind: 'digital-pdf', pages: 1 },
  { kind: 'scan-png', pages: 1 },
];

interface PlannedGood {
  index: number;
  kind: GoodFixtureKind;
  file: string;
  pages: number;
  content: LetterContent;
  meta: LetterMeta;
  style: RenderStyle;
  creationDate: Date;
  scan?: ScanParams;
  fax?: FaxParams & { compression: 'g3-1d' | 'g3-2d' | 'g4'; yDpi: 98 | 196; headerTime: string };
  keywords: string[];
}

interface PlannedBad {
  file: string;
  expectedError: ExpectedError;
  note: string;
  pages: number;
  /** Letter used as source for truncated/encrypted/JPEG-as-PDF files. */
  source?: { content: LetterContent; style: RenderStyle; creationDate: Date };
  password?: string;
  bytes?: Buffer;
}

export interface FixturePlan {
  seed: number;
  count: number;
  good: PlannedGood[];
  bad: PlannedBad[];
}

function extensionFor(kind: GoodFixtureKind): string {
  if (kind === 'scan-png') return 'png';
  if (kind === 'scan-jpeg') return 'jpg';
  if (kind.startsWith('fax')) return 'tif';
  return 'pdf';
}

const KEYWORD_STOPWORDS = new Set(
  [
    'freundlichen', 'grüßen', 'geehrte', 'geehrtes', 'fernmeldewerk', 'kundenservice', 'kundennummer', 'hiermit', 'betreff',
    'meines', 'meinen', 'meiner', 'meinem', 'dieses', 'diesem', 'dieser', 'werden', 'wurden', 'wurde', 'können', 'könnten',
    'sowie', 'bitte', 'bereits', 'obwohl', 'selbstverständlich', 'außerdem', 'sofern', 'daher', 'deshalb', 'jedoch',
    'künftig', 'nächstmöglichen', 'schriftlich', 'schriftliche', 'schriftlichen', 'folgender', 'unter', 'zwischen',
    'kundennr', 'kunden', 'vertrags', 'vertragsnr',
    ...MONTHS,
  ].map((w) => w.toLowerCase()),
);

/** Picks 4 distinctive words per letter: rarest across the set first, at least one with an umlaut. */
function assignKeywords(letters: { bodyText: string; fullText: string }[]): string[][] {
  const docWords = letters.map((l) => {
    const seen = new Map<string, string>();
    for (const w of tokenize(l.bodyText)) {
      const key = w.toLowerCase();
      if (!KEYWORD_STOPWORDS.has(key) && !seen.has(key) && l.fullText.includes(w)) seen.set(key, w);
    }
    return seen;
  });
  const df = new Map<string, number>();
  for (const words of docWords) for (const key of words.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  return docWords.map((words) => {
    const ranked = [...words.entries()].sort(([a], [b]) => (df.get(a) ?? 0) - (df.get(b) ?? 0) || b.length - a.length || a.localeCompare(b));
    const picked: string[] = [];
    const umlaut = ranked.find(([, w]) => /[äöüÄÖÜ]/.test(w));
    if (umlaut) picked.push(umlaut[1]);
    for (const [, w] of ranked) {
      if (picked.length >= 4) break;
      if (!picked.includes(w)) picked.push(w);
    }
    return picked;
  });
}

/**
 * Decides everything random up front (letters, styles, degradation), so the output does not depend on the
 * order in which parallel render jobs finish. Pure and cheap: no files are touched.
 */
export function planFixtures(seed: number = DEFAULT_SEED, count: number = DEFAULT_COUNT): FixturePlan {
  const rng = new Rng(seed);
  const slots: KindSlot[] = [];
  for (let i = 0; i < count; i++) slots.push(KIND_ORDER[i % KIND_ORDER.length] as KindSlot);

  const requestTypes: RequestType[] = [];
  while (requestTypes.length < count) requestTypes.push(...rng.shuffle(REQUEST_TYPES));
  const tones: Tone[] = [];
  while (tones.length < count) tones.push(...rng.shuffle(['formal', 'formal', 'informal', 'terse', 'angry'] as Tone[]));
  const lastNames: string[] = [];
  while (lastNames.length < count) lastNames.push(...rng.shuffle(LAST_NAMES));
  const cities: CityInfo[] = [];
  while (cities.length < count) cities.push(...rng.shuffle(CITIES));

  const good: PlannedGood[] = [];
  for (let i = 0; i < count; i++) {
    const slot = slots[i] as KindSlot;
    const docRng = new Rng(rng.seed());
    const { content, meta } = composeLetter(docRng, {
      requestType: requestTypes[i] as RequestType,
      tone: tones[i] as Tone,
      lastName: lastNames[i] as string,
      city: cities[i] as CityInfo,
      pages: slot.pages,
    });
    const isFax = slot.kind.startsWith('fax');
    const family: FontFamily = slot.kind === 'digital-pdf' ? docRng.pick(['Helvetica', 'Times', 'Helvetica'] as const) : docRng.pick(['Helvetica', 'Times', 'Courier'] as const);
    const layout: Layout = family === 'Courier' ? 'typewriter' : docRng.pick(['din', 'left'] as const);
    const style: RenderStyle = {
      family,
      size: isFax ? docRng.pick([11, 11.5, 12]) : docRng.pick([10.5, 11, 11, 11.5, 12]),
      layout,
      justify: family !== 'Courier' && docRng.chance(0.4),
      scribble: slot.kind !== 'digital-pdf' || docRng.chance(0.3),
      pageNumbers: slot.kind === 'digital-pdf' ? docRng.chance(0.7) : docRng.chance(0.2),
      scribbleSeed: docRng.seed(),
    };
    // Written (or faxed) on the letter date or up to two days later, during the day.
    const creationDate = new Date(meta.letterDate.getTime() + docRng.int(0, 2) * 86_400_000 + docRng.int(7, 19) * 3_600_000);
    const num = String(i + 1).padStart(2, '0');
    const planned: PlannedGood = {
      index: i,
      kind: slot.kind,
      file: `${num}-${slot.kind}.${extensionFor(slot.kind)}`,
      pages: slot.pages,
      content,
      meta,
      style,
      creationDate,
      keywords: [],
    };
    if (slot.kind.startsWith('scan')) {
      const binarise = slot.binarise ?? (slot.kind === 'scan-png' ? docRng.chance(0.25) : docRng.chance(0.1));
      planned.scan = {
        skew: (docRng.chance(0.5) ? -1 : 1) * docRng.float(0.3, 2.0),
        blur: docRng.chance(0.6) ? docRng.float(0.4, 1.0) : 0,
        noise: binarise ? docRng.float(4, 9) : docRng.float(2, 6),
        speckles: docRng.int(80, 1200),
        binarise,
        threshold: docRng.int(150, 185),
        black: docRng.int(10, 55),
        white: docRng.int(222, 252),
        shadow: docRng.chance(0.35),
        punchHoles: docRng.chance(0.25),
        streak: docRng.chance(0.2),
        seed: docRng.seed(),
      };
    }
    if (isFax) {
      const g3 = slot.kind.startsWith('fax-g3');
      planned.fax = {
        skew: (docRng.chance(0.5) ? -1 : 1) * docRng.float(0.2, 1.0),
        noise: docRng.float(8, 22),
        threshold: docRng.int(140, 175),
        pepper: docRng.float(0.00005, 0.0004),
        glitchRows: docRng.int(0, 3),
        seed: docRng.seed(),
        compression: g3 ? (docRng.chance(0.5) ? 'g3-2d' : 'g3-1d') : 'g4',
        yDpi: slot.kind.endsWith('fine') ? 196 : 98,
        headerTime: `${String(docRng.int(7, 19)).padStart(2, '0')}:${String(docRng.int(0, 59)).padStart(2, '0')}`,
      };
    }
    good.push(planned);
  }

  // Keywords need the whole set (distinctiveness = rare across letters).
  const keywordSets = assignKeywords(good.map((g) => ({ bodyText: g.meta.bodyText, fullText: g.meta.bodyText })));
  good.forEach((g, i) => {
    g.keywords = keywordSets[i] ?? [];
  });

  // Bad inputs.
  const badRng = new Rng(rng.seed());
  const sourceLetter = (requestType: RequestType) => {
    const { content } = composeLetter(new Rng(badRng.seed()), { requestType, tone: 'formal', lastName: badRng.pick(LAST_NAMES), city: badRng.pick(CITIES), pages: 2 });
    const style: RenderStyle = { family: 'Helvetica', size: 11, layout: 'din', justify: false, scribble: false, pageNumbers: true, scribbleSeed: badRng.seed() };
    return { content, style, creationDate: new Date(Date.UTC(2026, 0, 15, 10)) };
  };
  const randomBytes = Buffer.alloc(badRng.int(4096, 16384));
  for (let i = 0; i < randomBytes.length; i++) randomBytes[i] = badRng.int(0, 255);
  randomBytes[0] = 0x5a; // never a TIFF/PDF/JPEG/PNG signature
  randomBytes[1] = 0x17;
  const bad: PlannedBad[] = [
    { file: 'bad-empty.pdf', expectedError: 'empty_file', note: 'zero-byte file with .pdf extension', pages: 0, bytes: Buffer.alloc(0) },
    { file: 'bad-truncated.pdf', expectedError: 'corrupt_pdf', note: 'first 40 % of a valid PDF (no xref, no trailer)', pages: 2, source: sourceLetter('invoice_complaint') },
    {
      file: 'bad-encrypted.pdf',
      expectedError: 'encrypted_pdf',
      note: "AES-256 encrypted PDF (qpdf), user password 'user', owner password 'owner'",
      pages: 2,
      source: sourceLetter('cancellation'),
      password: 'user',
    },
    { file: 'bad-jpeg-named.pdf', expectedError: 'extension_mismatch', note: 'JPEG image saved with a .pdf extension', pages: 1, source: sourceLetter('tariff_change') },
    { file: 'bad-random-bytes.tif', expectedError: 'unsupported_format', note: 'random bytes with a .tif extension', pages: 0, bytes: randomBytes },
    {
      file: 'bad-text-named.png',
      expectedError: 'unsupported_format',
      note: 'plain UTF-8 text file with a .png extension',
      pages: 0,
      bytes: Buffer.from(
        'Sehr geehrte Damen und Herren,\nanbei meine Kündigung als Textdatei – leider hat der Scanner nicht funktioniert.\nKundennummer: 0000000000\n',
        'utf8',
      ),
    },
  ];
  return { seed, count, good, bad };
}

// ---------------------------------------------------------------------------------------------
// Producing files
// ---------------------------------------------------------------------------------------------

async function imagesToPdf(jpegs: Buffer[], creationDate: Date): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, info: { Producer: 'Scanner', Creator: 'ScanToPDF', CreationDate: creationDate } });
  const done = collectPdf(doc);
  for (const jpeg of jpegs) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(jpeg, 0, 0, { width: A4_WIDTH, height: A4_HEIGHT });
  }
  doc.end();
  return done;
}

function faxHeaderFn(plan: PlannedGood): (page: number, total: number) => string {
  const fax = plan.fax;
  if (!fax) throw new Error('not a fax');
  const sendDate = plan.creationDate;
  const name = plan.meta.person.lastName;
  return (page, total) => `${fmtNumeric(sendDate)} ${fax.headerTime}  ${plan.meta.person.landlineIntl}  ${name}  S. ${page + 1}/${total}`;
}

async function produceGood(plan: PlannedGood, outDir: string, workDir: string): Promise<GoodFixtureDocument> {
  const outPath = path.join(outDir, plan.file);
  const isFax = plan.kind.startsWith('fax');
  const rendered = await renderLetter(plan.content, plan.style, {
    creationDate: plan.creationDate,
    ...(isFax ? { faxHeader: faxHeaderFn(plan) } : {}),
  });
  if (rendered.pages !== plan.pages) throw new Error(`${plan.file}: rendered ${rendered.pages} pages, planned ${plan.pages}`);
  const doc: GoodFixtureDocument = {
    file: plan.file,
    kind: plan.kind,
    pages: rendered.pages,
    requestType: plan.meta.requestType,
    expectedError: null,
    customerNumber: plan.meta.customerNumber,
    customerNumberAsWritten: plan.meta.customerNumberAsWritten,
    contractNumber: plan.meta.contractNumber,
    ...(plan.meta.iban ? { iban: plan.meta.iban } : {}),
    firstName: plan.meta.person.firstName,
    lastName: plan.meta.person.lastName,
    postcode: plan.meta.person.postcode,
    city: plan.meta.person.city,
    tone: plan.meta.tone,
    keywords: plan.keywords,
    text: rendered.pageTexts.join('\n\n'),
  };

  if (plan.kind === 'digital-pdf') {
    await writeFile(outPath, rendered.pdf);
    return doc;
  }

  const srcPdf = path.join(workDir, `${plan.index}.pdf`);
  await writeFile(srcPdf, rendered.pdf);

  if (plan.scan) {
    const scan = plan.scan;
    const pages = await rasterize(srcPdf, workDir, 300, 300);
    const degraded: GrayImage[] = [];
    for (const [i, page] of pages.entries()) degraded.push(await degradeScan(page, { ...scan, seed: scan.seed + i }));
    doc.resolution = { x: 300, y: 300 };
    doc.degradation = { skewDegrees: round2(scan.skew), blurSigma: round2(scan.blur), noiseSigma: round2(scan.noise), speckles: scan.speckles, binarised: scan.binarise };
    const quality = 75 + (scan.seed % 11);
    if (plan.kind === 'scan-png') {
      await rawSharp(degraded[0] as GrayImage).withDensity(300).png({ compressionLevel: 6 }).toFile(outPath);
    } else if (plan.kind === 'scan-jpeg') {
      await rawSharp(degraded[0] as GrayImage).withDensity(300).jpeg({ quality }).toFile(outPath);
    } else {
      const jpegs: Buffer[] = [];
      for (const img of degraded) jpegs.push(await rawSharp(img).withDensity(300).jpeg({ quality }).toBuffer());
      await writeFile(outPath, await imagesToPdf(jpegs, plan.creationDate));
    }
    return doc;
  }

  const fax = plan.fax;
  if (!fax) throw new Error(`${plan.file}: no raster parameters`);
  const pages = await rasterize(srcPdf, workDir, 204, fax.yDpi);
  const pageFiles: string[] = [];
  for (const [i, page] of pages.entries()) {
    const img = await degradeFax(page, { ...fax, seed: fax.seed + i });
    const pageFile = path.join(workDir, `${plan.index}-fax-${i}.tif`);
    await rawSharp(img)
      .tiff({ compression: 'ccittfax4', bitdepth: 1, miniswhite: true, xres: 204 / 25.4, yres: fax.yDpi / 25.4, resolutionUnit: 'inch' })
      .toFile(pageFile);
    pageFiles.push(pageFile);
  }
  const tiffcpCompression = fax.compression === 'g4' ? 'g4' : fax.compression === 'g3-2d' ? 'g3:2d:fill' : 'g3:1d:fill';
  await run('tiffcp', ['-c', tiffcpCompression, ...pageFiles, outPath]);
  doc.resolution = { x: 204, y: fax.yDpi };
  doc.compression = fax.compression;
  doc.degradation = { skewDegrees: round2(fax.skew), blurSigma: 0, noiseSigma: round2(fax.noise), speckles: Math.round(fax.pepper * FAX_WIDTH * (pages[0]?.height ?? 0)), binarised: true };
  doc.faxHeaders = rendered.faxHeaders;
  return doc;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

async function produceBad(plan: PlannedBad, outDir: string, workDir: string): Promise<BadFixtureDocument> {
  const outPath = path.join(outDir, plan.file);
  if (plan.bytes) {
    await writeFile(outPath, plan.bytes);
  } else if (plan.source) {
    const rendered = await renderLetter(plan.source.content, plan.source.style, { creationDate: plan.source.creationDate });
    const src = path.join(workDir, `src-${plan.file}`);
    await writeFile(src, rendered.pdf);
    if (plan.expectedError === 'corrupt_pdf') {
      await writeFile(outPath, rendered.pdf.subarray(0, Math.floor(rendered.pdf.length * 0.4)));
    } else if (plan.expectedError === 'encrypted_pdf') {
      await run('qpdf', ['--encrypt', 'user', 'owner', '256', '--', src, outPath]);
    } else {
      const prefix = path.join(workDir, `jpeg-${plan.file}`);
      await run('pdftoppm', ['-jpeg', '-jpegopt', 'quality=70', '-r', '100', '-gray', '-singlefile', '-f', '1', '-l', '1', src, prefix]);
      await rename(`${prefix}.jpg`, outPath);
    }
  } else {
    throw new Error(`${plan.file}: nothing to write`);
  }
  return {
    file: plan.file,
    kind: 'bad',
    pages: plan.pages,
    requestType: null,
    expectedError: plan.expectedError,
    customerNumber: null,
    lastName: null,
    city: null,
    keywords: [],
    text: '',
    note: plan.note,
    ...(plan.password ? { password: plan.password } : {}),
  };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

let cachedGeneratorHash: string | undefined;

function generatorHash(): string {
  if (cachedGeneratorHash === undefined) {
    cachedGeneratorHash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);
  }
  return cachedGeneratorHash;
}

async function readExistingManifest(outDir: string): Promise<FixtureManifest | null> {
  try {
    return JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')) as FixtureManifest;
  } catch {
    return null;
  }
}

/**
 * Generates the fixture set into `outDir` (created if needed) and returns its manifest. If `outDir/manifest.json`
 * already describes the same version/seed/count, was made by this exact generator source and all its files exist,
 * returns it without regenerating.
 */
export async function generateFixtures(options: GenerateFixturesOptions): Promise<FixtureManifest> {
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.count ?? DEFAULT_COUNT;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${count}`);
  const outDir = path.resolve(options.outDir);

  const existing = await readExistingManifest(outDir);
  if (
    !options.force &&
    existing &&
    existing.version === FIXTURE_VERSION &&
    existing.generatorHash === generatorHash() &&
    existing.seed === seed &&
    existing.count === count &&
    Array.isArray(existing.documents) &&
    existing.documents.every((d) => existsSync(path.join(outDir, d.file)))
  ) {
    return existing;
  }

  await mkdir(outDir, { recursive: true });
  // Remove what an older manifest generated (never anything else in the directory).
  if (existing && Array.isArray(existing.documents)) {
    for (const d of existing.documents) {
      const target = path.resolve(outDir, d.file);
      if (path.dirname(target) === outDir) await rm(target, { force: true });
    }
  }
  await rm(path.join(outDir, 'manifest.json'), { force: true });

  const plan = planFixtures(seed, count);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'poststelle-fixtures-'));
  try {
    const concurrency = options.concurrency ?? Math.max(1, Math.min(os.cpus().length, 4));
    const good = await mapLimit(plan.good, concurrency, (p) => produceGood(p, outDir, workDir));
    const bad = await mapLimit(plan.bad, concurrency, (p) => produceBad(p, outDir, workDir));
    const manifest: FixtureManifest = { version: FIXTURE_VERSION, generatorHash: generatorHash(), seed, count, documents: [...good, ...bad] };
    const tmpManifest = path.join(outDir, `.manifest.${process.pid}.json`);
    await writeFile(tmpManifest, `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    await rename(tmpManifest, path.join(outDir, 'manifest.json'));
    return manifest;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

function parseArgs(argv: string[]): GenerateFixturesOptions {
  const opts: GenerateFixturesOptions = { outDir: DEFAULT_OUT_DIR };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--seed':
        opts.seed = Number(value());
        break;
      case '--out':
        opts.outDir = value();
        break;
      case '--count':
        opts.count = Number(value());
        break;
      case '--force':
        opts.force = true;
        break;
      case '-h':
      case '--help':
        console.log('Usage: npx tsx scripts/generate-fixtures.ts [--seed N] [--out DIR] [--count N] [--force]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const manifest = await generateFixtures(opts);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const byKind = new Map<string, number>();
  for (const d of manifest.documents) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
  console.log(
    `${manifest.documents.length} fixtures (seed ${manifest.seed}) in ${path.resolve(opts.outDir)} after ${seconds} s: ` +
      [...byKind.entries()].map(([k, n]) => `${k} ${n}`).join(', '),
  );
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
