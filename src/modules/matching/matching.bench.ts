/**
 * Customer-matching benchmark (not a test):
 *   npx tsx src/modules/matching/matching.bench.ts [--customers 100000] [--letters 2000] [--keep]
 *
 * Creates a scratch database (on the data dir's embedded PostgreSQL, or on
 * DATABASE_URL's server), imports N generated customers through the CSV
 * importer (prints the import rate), then matches generated letters of
 * several kinds one after the other and prints ms per match (mean, p50, p95,
 * p99) and the decisions per kind — including how many automatic
 * assignments were wrong (should be 0).
 *
 * The generated master data is deliberately unkind: sequential customer
 * numbers (every typo lands on a real neighbour), a few very common surnames
 * (30 % of customers share 48 names), households of two at one address, ~2 000
 * postcodes in 40 cities.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { customerCsvColumns, importCustomersCsv } from '../customers/customers.import.ts';
import { connectDatabase, migrateToLatest } from '../database/database.ts';
import { createEmbeddedDatabase, dropEmbeddedDatabase } from '../database/embedded-postgres.ts';
import type { ExtractedFields } from '../extraction/extraction.types.ts';
import { createCustomerMatcher, type MatchStatus } from './customer.matcher.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const customerCount = option('customers', 100_000);
const letterCount = option('letters', 2000);
const keep = args.includes('--keep');

// Deterministic PRNG (mulberry32) so runs are comparable.
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

const commonLastNames = [
  'Müller', 'Schäfer', 'Köhler', 'Weiß', 'Groß', 'Jäger', 'Krüger', 'Böhm', 'Kühn', 'Günther', 'Schröder', 'Schmitz',
  'Becker', 'Hoffmann', 'Wagner', 'Schulz', 'Fischer', 'Meyer', 'Braun', 'Zimmermann', 'Hartmann', 'Lange', 'Werner',
  'Krause', 'Lehmann', 'Schulze', 'Maier', 'Köster', 'Hübner', 'Vogt', 'Möller', 'Löffler', 'Fuß', 'Nußbaum',
  'Süßmann', 'Pöschl', 'Brückner', 'Öztürk', 'Kowalski', 'Dörr', 'Bäumer', 'Kästner', 'Wöhler', 'Strauß', 'Rößler',
  'Hähnel', 'Engelhardt', 'Nowak',
];
const surnameHeads = ['Bau', 'Hof', 'Lind', 'Stein', 'Berg', 'Wald', 'Kirch', 'Brand', 'Feld', 'Rosen', 'Schön', 'Hoch', 'Klein', 'Neu', 'Alt', 'Grün', 'Wein', 'Eich', 'Buch', 'Hahn', 'Roth', 'Sommer', 'Winter', 'Fried', 'Geb', 'Ham', 'Dietr', 'Kamp', 'Lüd', 'Ober', 'Unter', 'Mitter', 'Wies', 'Bach', 'Mühl', 'Sand', 'Ost', 'West', 'Nord', 'Süd'];
const surnameTails = ['er', 'mann', 'berger', 'meier', 'huber', 'inger', 'ke', 'ler', 'hardt', 'städter', 'bauer', 'schmidt', 'wald', 'feld', 'ner', 'hofer', 'kötter', 'brink', 'haus', 'dorf', 'reiter', 'müller', 'sen', 'ecker', 'lein'];
const rareLastNames = surnameHeads.flatMap((head) => surnameTails.map((tail) => head + tail));
const firstNames = [
  'Anna', 'Sabine', 'Käthe', 'Hannelore', 'Renate', 'Ursula', 'Petra', 'Monika', 'Lea', 'Sophie', 'Marie', 'Jana',
  'Claudia', 'Birgit', 'Özlem', 'Dörte', 'Gisela', 'Ilse', 'Karin', 'Mareike', 'Annegret', 'Bärbel', 'Jülide', 'Heike',
  'Thomas', 'Michael', 'Stefan', 'Jürgen', 'Günther', 'Björn', 'Jörg', 'Uwe', 'Klaus', 'Dieter', 'Hans-Peter', 'Mehmet',
  'Lukas', 'Jonas', 'Matthias', 'Sören', 'Torsten', 'Wolfgang', 'Horst', 'Reinhard', 'Ömer', 'Andreas', 'Frank', 'Volker',
];
const cities: Array<[string, number]> = [
  ['Köln', 50667], ['München', 80331], ['Düsseldorf', 40210], ['Nürnberg', 90402], ['Würzburg', 97070], ['Lübeck', 23552],
  ['Mülheim an der Ruhr', 45468], ['Göttingen', 37073], ['Tübingen', 72070], ['Saarbrücken', 66111], ['Fürth', 90762],
  ['Osnabrück', 49074], ['Gießen', 35390], ['Lüneburg', 21335], ['Berlin', 10115], ['Hamburg', 20095],
  ['Frankfurt am Main', 60311], ['Stuttgart', 70173], ['Leipzig', 4109], ['Dresden', 1067], ['Hannover', 30159],
  ['Bremen', 28195], ['Essen', 45127], ['Dortmund', 44135], ['Kiel', 24103], ['Erfurt', 99084], ['Regensburg', 93047],
  ['Freiburg im Breisgau', 79098], ['Mainz', 55116], ['Rostock', 18055], ['Magdeburg', 39104], ['Potsdam', 14467],
  ['Bielefeld', 33602], ['Münster', 48143], ['Kassel', 34117], ['Oldenburg', 26122], ['Wiesbaden', 65183],
  ['Görlitz', 2826], ['Schwäbisch Hall', 74523], ['Bad Tölz', 83646],
];
const streetHeads = ['Haupt', 'Bahnhof', 'Schiller', 'Goethe', 'Linden', 'Kirch', 'Garten', 'Rosen', 'Friedrich-Ebert-', 'Königs', 'Berg', 'Schloß', 'Mozart', 'Buchen', 'Tal', 'Wilhelm', 'Lärchen', 'Birken', 'Eichendorff', 'Jäger', 'Mühlen', 'Kölner ', 'Sonnen', 'Dorf', 'Schäfer', 'Fröbel', 'Brücken', 'Kastanien', 'Uhland', 'Hölderlin', 'Markt', 'Wiesen', 'Feld', 'Wald', 'Am Bach', 'Ring', 'Park', 'Industrie', 'Schul', 'Post'];
const streetTails = ['straße', 'weg', 'allee', 'gasse', 'platz'];

function computeIban(account: number): string {
  const bban = `37040044${String(account).padStart(10, '0')}`;
  const numeric = `${bban}131400`; // "DE00" → D=13, E=14
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return `DE${String(98 - remainder).padStart(2, '0')}${bban}`;
}

interface Generated {
  customerNumber: string;
  firstName: string;
  lastName: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  email: string;
  phone: string;
  iban: string;
  birthDate: string;
  contracts: string[];
}

function generateCustomers(count: number): Generated[] {
  const out: Generated[] = [];
  for (let index = 0; index < count; index += 1) {
    const previous = out[out.length - 1];
    const household = previous && random() < 0.1;
    const [city, basePostcode] = pick(cities);
    const lastName = household ? previous.lastName : random() < 0.3 ? pick(commonLastNames) : pick(rareLastNames);
    const firstName = pick(firstNames);
    const postalCode = household ? previous.postalCode : String(basePostcode + int(0, 49)).padStart(5, '0');
    const customerNumber = String(1_000_000_000 + index);
    const ascii = `${firstName}.${lastName}`.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/[^a-z.]/g, '');
    out.push({
      customerNumber,
      firstName,
      lastName,
      street: household ? previous.street : `${pick(streetHeads)}${pick(streetTails)}`,
      houseNumber: household ? previous.houseNumber : `${int(1, 150)}${random() < 0.1 ? pick(['a', 'b']) : ''}`,
      postalCode,
      city: household ? previous.city : city,
      email: random() < 0.5 ? `${ascii}${index}@example.de` : '',
      phone: random() < 0.6 ? `+49${int(200, 999)}${int(1_000_000, 9_999_999)}` : '',
      iban: random() < 0.5 ? computeIban(index + 1) : '',
      birthDate: random() < 0.7 ? `${int(1940, 2004)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}` : '',
      contracts: [`V-${customerNumber.slice(2)}`],
    });
  }
  return out;
}

const csvField = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function toCsv(customers: Generated[]): string {
  const lines = [customerCsvColumns.join(',')];
  for (const c of customers) {
    lines.push(
      [c.customerNumber, c.firstName, c.lastName, '', c.street, c.houseNumber, c.postalCode, c.city, c.email, c.phone, c.iban, c.birthDate, c.contracts.join(';')]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const variantSpelling = (value: string): string =>
  random() < 0.5 ? value.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss') : value;
const variantStreet = (value: string): string => (random() < 0.5 ? value.replace(/straße$/, 'str.') : value);
const typo = (number: string): string => {
  const position = int(4, 9);
  const digit = String((Number(number[position]) + int(1, 9)) % 10);
  return number.slice(0, position) + digit + number.slice(position + 1);
};

type LetterKind = 'number+name' | 'name+address' | 'typo-number+name+address' | 'name+city' | 'non-customer';

function makeLetter(kind: LetterKind, customers: Generated[]): { fields: ExtractedFields; expected: string | null } {
  const c = pick(customers);
  const address = { street: `${variantStreet(c.street)} ${c.houseNumber}`, postalCode: c.postalCode, city: variantSpelling(c.city) };
  switch (kind) {
    case 'number+name':
      return { fields: { customerNumber: c.customerNumber, firstName: c.firstName, lastName: variantSpelling(c.lastName) }, expected: c.customerNumber };
    case 'name+address':
      return { fields: { firstName: variantSpelling(c.firstName), lastName: variantSpelling(c.lastName), ...address }, expected: c.customerNumber };
    case 'typo-number+name+address':
      return { fields: { customerNumber: typo(c.customerNumber), firstName: c.firstName, lastName: c.lastName, ...address }, expected: c.customerNumber };
    case 'name+city':
      return { fields: { firstName: c.firstName, lastName: c.lastName, city: c.city }, expected: c.customerNumber };
    case 'non-customer': {
      const [city, basePostcode] = pick(cities);
      return {
        fields: {
          firstName: pick(firstNames),
          lastName: random() < 0.5 ? pick(commonLastNames) : pick(rareLastNames),
          street: `${pick(streetHeads)}${pick(streetTails)} ${int(151, 300)}`,
          postalCode: String(basePostcode + int(0, 49)).padStart(5, '0'),
          city,
        },
        expected: null,
      };
    }
  }
}

async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_matching_${crypto.randomBytes(4).toString('hex')}`;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client(process.env.DATABASE_URL);
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const client = new pg.Client(process.env.DATABASE_URL);
        await client.connect();
        await client.query(`drop database if exists ${name} with (force)`);
        await client.end();
      },
    };
  }
  const dataDir = path.resolve(process.env.POSTSTELLE_DATA_DIR ?? './data');
  return { url: await createEmbeddedDatabase(dataDir, name), drop: () => dropEmbeddedDatabase(dataDir, name) };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const scratch = await scratchDatabase();
  const handle = connectDatabase(scratch.url);
  try {
    await migrateToLatest(handle.db);
    console.log(`generating ${customerCount} customers …`);
    const customers = generateCustomers(customerCount);
    const csv = toCsv(customers);
    const importStart = performance.now();
    const imported = await importCustomersCsv({ db: handle.db, tenantId: 'default', csv });
    const importMs = performance.now() - importStart;
    console.log(
      `import: ${imported.inserted} inserted, ${imported.rejected.length} rejected in ${(importMs / 1000).toFixed(1)} s ` +
        `(${Math.round(customerCount / (importMs / 1000))} rows/s, ${(csv.length / 1e6).toFixed(1)} MB)`,
    );
    const reimportStart = performance.now();
    const reimported = await importCustomersCsv({ db: handle.db, tenantId: 'default', csv });
    console.log(`re-import of the same file: ${reimported.unchanged} unchanged in ${((performance.now() - reimportStart) / 1000).toFixed(1)} s`);
    await sql`analyze customers`.execute(handle.db);

    const matcher = createCustomerMatcher({ db: handle.db });
    const kinds: LetterKind[] = ['number+name', 'name+address', 'typo-number+name+address', 'name+city', 'non-customer'];
    // Warm-up (plans, connections).
    for (let index = 0; index < 50; index += 1) await matcher.match({ tenantId: 'default', fields: makeLetter(pick(kinds), customers).fields });

    const all: number[] = [];
    console.log(`\n${'letter kind'.padEnd(26)} ${'n'.padStart(5)} ${'mean'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}  decisions`);
    for (const kind of kinds) {
      const times: number[] = [];
      const decisions: Record<MatchStatus | 'wrong auto', number> = { auto: 0, suggested: 0, none: 0, 'wrong auto': 0 };
      for (let index = 0; index < Math.ceil(letterCount / kinds.length); index += 1) {
        const { fields, expected } = makeLetter(kind, customers);
        const start = performance.now();
        const result = await matcher.match({ tenantId: 'default', fields });
        times.push(performance.now() - start);
        decisions[result.status] += 1;
        if (result.status === 'auto' && result.customerNumber !== expected) decisions['wrong auto'] += 1;
      }
      all.push(...times);
      times.sort((a, b) => a - b);
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      const fmt = (value: number) => `${value.toFixed(2)}`.padStart(7);
      console.log(
        `${kind.padEnd(26)} ${String(times.length).padStart(5)} ${fmt(mean)} ${fmt(percentile(times, 0.5))} ${fmt(percentile(times, 0.95))} ${fmt(percentile(times, 0.99))}  ` +
          Object.entries(decisions).map(([key, value]) => `${key} ${value}`).join(', '),
      );
    }
    all.sort((a, b) => a - b);
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    console.log(`\nall letters: ${mean.toFixed(2)} ms/match mean, p50 ${percentile(all, 0.5).toFixed(2)}, p95 ${percentile(all, 0.95).toFixed(2)} ms (${customerCount} customers)`);
  } finally {
    await handle.close();
    if (keep) console.log(`kept database ${scratch.url.replace(/:[^:@/]*@/, ':***@')}`);
    else await scratch.drop();
  }
}

await main();
