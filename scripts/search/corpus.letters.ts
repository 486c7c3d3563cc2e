/**
 * Synthetic German letters for the search benchmark: every request type, with
 * senders, addresses, customer and contract numbers, IBANs, dates, channels,
 * queues and statuses, 150–400 words each. Deterministic per (seed, index), so
 * the benchmark can ask for exactly what document n contains without keeping
 * a million documents in memory.
 *
 * The request phrasings come from the evaluation corpus (scripts/corpus), the
 * people, cities, banks and number formats from the fixture pools.
 */
import { drawBankAccount, drawContractNumber, drawCustomerNumber } from '../corpus/facts.ts';
import { ALL_CITIES, ALL_STREETS, FEMALE_NAMES, MALE_NAMES, SURNAMES } from '../corpus/names.ts';
import { CONTRACT_NUMBER_LABELS, CUSTOMER_NUMBER_LABELS, writeCustomerNumber, writeDate, writeIban } from '../corpus/notation.ts';
import { PHRASINGS } from '../corpus/phrasings/index.ts';
import { REQUEST_TYPES, type RequestType } from '../corpus/taxonomy.ts';
import { addDays, fmtNumeric } from '../fixtures/german-format.ts';
import { Rng } from '../fixtures/prng.ts';
import { extractIdentifierTokens } from '../../src/modules/search/identifiers.ts';
import { defaultQueues, triageQueue } from '../../src/modules/routing/routing.rules.ts';

export interface CorpusCustomer {
  customerNumber: string;
  contractNumber: string;
  iban: string;
  bankName: string;
  firstName: string;
  lastName: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  phone: string;
}

export interface CorpusLetter {
  index: number;
  receivedAt: Date;
  channel: 'scan' | 'fax' | 'email' | 'upload';
  status: 'routed' | 'needs_review' | 'quarantined' | 'duplicate' | 'failed';
  requestType: RequestType | null;
  queue: string;
  customer: CorpusCustomer;
  /** Set when the letter was matched to the customer (as the pipeline would). */
  customerNumber: string | null;
  scanBatchId: string | null;
  text: string;
  /** Compact identifier tokens, exactly as the indexer extracts them. */
  identifiers: string;
}

/** Customers are drawn from a fixed pool, so each has a handful of letters at a million documents. */
export const customerPoolSize = 200_000;
/** Letters arrive over two years. */
export const corpusStart = new Date(Date.UTC(2025, 0, 1));
export const corpusDays = 730;

const requestTypeWeights: ReadonlyArray<[RequestType, number]> = [
  ['cancellation', 17], ['contract_renewal', 7], ['tariff_change', 9], ['customer_data_change', 12], ['bank_details_change', 9],
  ['invoice_complaint', 14], ['number_porting', 6], ['contract_documents', 8], ['general_inquiry', 13], ['other', 5],
];
const channelWeights: ReadonlyArray<[CorpusLetter['channel'], number]> = [['scan', 45], ['email', 25], ['fax', 15], ['upload', 15]];
const statusWeights: ReadonlyArray<[CorpusLetter['status'], number]> = [['routed', 72], ['needs_review', 21], ['duplicate', 4], ['quarantined', 2], ['failed', 1]];

const providers = ['Stadtwerke Rheinland', 'NordNetz Telekom', 'Südwest Energie', 'Hansa Mobilfunk', 'Allgäu Glasfaser', 'Elbtal Versorgung', 'Bergische Kommunikation'];
const tariffs = ['Komfort 50', 'Glasfaser 250', 'Mobil M', 'Mobil XL', 'Strom Öko Plus', 'Gas Basis', 'Familie Flex', 'Business Pro 100'];
const devices = ['Router', 'WLAN-Router', 'Smartphone', 'TV-Receiver', 'Tablet', 'Festnetztelefon', 'Mesh-Repeater', 'Glasfasermodem', 'Wärmepumpenzähler', 'Rauchwarnmelder'];
const salutations = ['Sehr geehrte Damen und Herren,', 'Sehr geehrtes Service-Team,', 'Guten Tag,', 'Hallo zusammen,', 'Sehr geehrte Frau Kundenbetreuerin, sehr geehrter Herr Kundenbetreuer,', 'Liebes Team,'];
const closings = ['Mit freundlichen Grüßen', 'Freundliche Grüße', 'Viele Grüße', 'Mit besten Grüßen', 'Hochachtungsvoll', 'Beste Grüße aus', 'Danke und viele Grüße'];
// Compound surnames and street names, so the vocabulary is as long-tailed as real mail.
const namePrefixes = ['Linden', 'Eichen', 'Birken', 'Stein', 'Wald', 'Rosen', 'Berg', 'Brunn', 'Hage', 'Kirch', 'Mühl', 'Feld', 'Tann', 'Holz', 'Buch', 'Wies', 'Grün', 'Eschen', 'Brück', 'Hollen'];
const nameSuffixes = ['berger', 'mann', 'hofer', 'meier', 'bach', 'huber', 'inger', 'städter', 'wald', 'kamp', 'brink', 'horst', 'beck', 'reuther', 'gruber', 'schläger'];
const fillers = [
  'Ich bin seit vielen Jahren zufriedene Kundin bzw. zufriedener Kunde und hoffe, dass wir die Angelegenheit unkompliziert klären können.',
  'Eine Kopie meines Personalausweises liegt diesem Schreiben bei, damit Sie meine Identität prüfen können.',
  'Telefonisch habe ich Sie leider mehrfach nicht erreicht; die Warteschleife hat jedes Mal nach zwanzig Minuten aufgelegt.',
  'Bitte senden Sie mir eine schriftliche Bestätigung an die oben genannte Anschrift, eine E-Mail genügt mir ebenfalls.',
  'Falls noch Unterlagen fehlen, melden Sie sich bitte unter der angegebenen Rufnummer, am besten vormittags.',
  'Ich weise vorsorglich darauf hin, dass ich einer weiteren Verlängerung des Vertrages nicht zustimme.',
  'Die letzte Rechnung habe ich vollständig bezahlt; ein Kontoauszug liegt bei.',
  'Meine Nachbarin hat mir geraten, Ihnen das lieber schriftlich mitzuteilen, damit nichts verloren geht.',
  'Über eine zügige Bearbeitung würde ich mich sehr freuen, da ich ab nächstem Monat beruflich viel unterwegs bin.',
  'Für Rückfragen erreichen Sie mich werktags zwischen 8 und 16 Uhr, samstags auch vormittags.',
  'Im Anhang finden Sie den ausgefüllten Vordruck sowie eine Vollmacht meines Ehemannes.',
  'Bereits im Frühjahr hatte ich Ihnen wegen derselben Sache geschrieben, leider ohne Antwort.',
  'Ich bitte um Verständnis, dass ich mich erst jetzt melde; ich war mehrere Wochen im Krankenhaus.',
  'Bitte berücksichtigen Sie, dass die Wohnung ab dem Umzugstermin leer steht und niemand mehr Post entgegennimmt.',
  'Sollte eine Gebühr anfallen, informieren Sie mich bitte vorher, ich möchte keine Überraschungen auf der Rechnung.',
  'Der Techniker, der letzte Woche bei uns war, konnte das Problem leider auch nicht beheben.',
  'Die Hotline hat mir zugesagt, dass sich jemand zurückmeldet, das ist aber bisher nicht passiert.',
  'Ich habe Ihre Datenschutzhinweise gelesen und bin mit der Speicherung meiner Angaben für diesen Zweck einverstanden.',
  'Meine Tochter hilft mir bei diesem Schreiben, Rückfragen können Sie gern auch an sie richten.',
  'Ich erwarte Ihre Antwort innerhalb von vierzehn Tagen, andernfalls wende ich mich an die Verbraucherzentrale.',
  'Vielen Dank im Voraus für Ihre Mühe und die bisher immer freundliche Betreuung.',
  'Zur Sicherheit schicke ich diesen Brief per Einschreiben, den Einlieferungsbeleg bewahre ich auf.',
  'Auf Ihrer Internetseite habe ich leider kein passendes Formular gefunden, deshalb schreibe ich Ihnen auf diesem Weg.',
  'Die Zählernummer steht auf dem beigefügten Foto, der aktuelle Zählerstand ist ebenfalls darauf zu erkennen.',
  'Ich bin Rentnerin und auf eine verlässliche Abrechnung angewiesen, bitte prüfen Sie den Vorgang deshalb sorgfältig.',
  'Unser Familienbetrieb benötigt die Leitung dringend für Kartenzahlungen, jeder Ausfall kostet uns Umsatz.',
];

function weighted<T>(rng: Rng, table: ReadonlyArray<[T, number]>): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng.next() * total;
  for (const [value, weight] of table) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (table[table.length - 1] as [T, number])[0];
}

function surname(rng: Rng): string {
  return rng.chance(0.7) ? rng.pick(SURNAMES) : `${rng.pick(namePrefixes)}${rng.pick(nameSuffixes)}`;
}

function streetName(rng: Rng): string {
  return rng.chance(0.75) ? rng.pick(ALL_STREETS) : `${rng.pick(namePrefixes)}${rng.pick(['straße', 'weg', 'allee', 'gasse', 'ring', 'pfad'])}`;
}

/** Customer k of the pool (same seed, same customer). */
export function corpusCustomer(seed: number, k: number): CorpusCustomer {
  const rng = new Rng(seed * 7919 + k * 104_729 + 17);
  const female = rng.chance(0.5);
  const cityInfo = rng.pick(ALL_CITIES);
  const account = drawBankAccount(rng);
  return {
    customerNumber: drawCustomerNumber(rng),
    contractNumber: drawContractNumber(rng),
    iban: account.iban,
    bankName: account.bankName,
    firstName: rng.pick(female ? FEMALE_NAMES : MALE_NAMES),
    lastName: surname(rng),
    street: streetName(rng),
    houseNumber: `${rng.int(1, 180)}${rng.chance(0.1) ? rng.pick(['a', 'b', 'c']) : ''}`,
    postalCode: cityInfo.postcode,
    city: cityInfo.city,
    phone: `${cityInfo.areaCode} ${rng.digits(3)} ${rng.digits(2)} ${rng.digits(2)}`,
  };
}

/** Expands `{a|b}` alternatives (innermost first), then `{placeholder}`s. */
function fill(template: string, rng: Rng, values: Record<string, () => string>): string {
  let text = template;
  for (let guard = 0; guard < 20 && /\{[^{}]*\|[^{}]*\}/.test(text); guard++) {
    text = text.replace(/\{([^{}]*\|[^{}]*)\}/g, (_match, body: string) => rng.pick(body.split('|')));
  }
  return text.replace(/\{(\w+)\}/g, (_match, name: string) => values[name]?.() ?? rng.pick(tariffs));
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Letter n of the corpus. */
export function corpusLetter(seed: number, index: number): CorpusLetter {
  const rng = new Rng(seed * 1_000_003 + index * 2_654_435 + 1);
  const customer = corpusCustomer(seed, rng.int(0, customerPoolSize - 1));
  const requestType = weighted(rng, requestTypeWeights);
  const channel = weighted(rng, channelWeights);
  const status = weighted(rng, statusWeights);
  const receivedAt = new Date(corpusStart.getTime() + rng.int(0, corpusDays * 24 * 60 - 1) * 60_000);
  const letterDate = addDays(receivedAt, -rng.int(1, 6));
  const desired = addDays(receivedAt, rng.int(14, 120));
  const newCity = rng.pick(ALL_CITIES);
  const provider = rng.pick(providers);
  const phrasings = PHRASINGS[requestType][rng.chance(0.7) ? 'train' : 'heldout'];
  const name = `${customer.firstName} ${customer.lastName}`;
  const values: Record<string, () => string> = {
    iban: () => writeIban(rng, customer.iban),
    date: () => writeDate(rng, desired, true),
    phone: () => customer.phone,
    newAddress: () => `${streetName(rng)} ${rng.int(1, 90)}, ${newCity.postcode} ${newCity.city}`,
    contract: () => customer.contractNumber,
    provider: () => provider,
    amount: () => `${rng.int(9, 480)},${rng.digits(2)} €`,
    newTariff: () => rng.pick(tariffs),
    tariff: () => rng.pick(tariffs),
    name: () => name,
    firstName: () => customer.firstName,
    lastName: () => customer.lastName,
    previousLastName: () => surname(rng),
    city: () => customer.city,
    street: () => `${customer.street} ${customer.houseNumber}`,
    postalCode: () => customer.postalCode,
    newStreet: () => `${streetName(rng)} ${rng.int(1, 90)}`,
    newPostalCode: () => newCity.postcode,
    newCity: () => newCity.city,
    invoiceDate: () => fmtNumeric(addDays(letterDate, -rng.int(5, 40))),
    invoiceMonth: () => rng.pick(['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember']),
    invoiceNumber: () => `RE-${receivedAt.getUTCFullYear()}-${rng.digits(7)}`,
    letterDate: () => fmtNumeric(letterDate),
    bank: () => customer.bankName,
    oldBank: () => rng.pick(['Sparkasse', 'Volksbank', 'Postbank', 'Commerzbank', 'Deutsche Bank']),
    company: () => `${customer.lastName} ${rng.pick(['GmbH', 'KG', 'e. K.', 'GbR'])}`,
    email: () => `${customer.firstName}.${customer.lastName}@example.de`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
    speed: () => rng.pick(['16', '50', '100', '250', '500']),
    device: () => rng.pick(devices),
    cn: () => writeCustomerNumber(rng, customer.customerNumber),
    cnLabel: () => rng.pick(CUSTOMER_NUMBER_LABELS),
    years: () => String(rng.int(2, 25)),
    expected: () => `${rng.int(9, 90)},${rng.digits(2)} €`,
    price: () => `${rng.int(9, 90)},${rng.digits(2)} €`,
    gb: () => String(rng.pick([5, 10, 20, 40, 100])),
    birthDate: () => fmtNumeric(new Date(Date.UTC(rng.int(1935, 2004), rng.int(0, 11), rng.int(1, 28)))),
    herrFrau: () => rng.pick(['Herr', 'Frau']),
    client: () => name,
    partner: () => `${rng.pick(FEMALE_NAMES)} ${customer.lastName}`,
  };

  const header =
    channel === 'email'
      ? [`Von: ${values.email?.()}`, `Betreff: ${fill(rng.pick(phrasings.subjects), rng, values)}`]
      : [
          name,
          `${customer.street} ${customer.houseNumber}`,
          `${customer.postalCode} ${customer.city}`,
          '',
          provider,
          'Kundenservice',
          `Postfach ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}`,
          '',
          `${customer.city}, ${fmtNumeric(letterDate)}`,
          '',
          fill(rng.pick(phrasings.subjects), rng, values),
        ];
  const references = [`${rng.pick(CUSTOMER_NUMBER_LABELS)}: ${writeCustomerNumber(rng, customer.customerNumber)}`];
  if (rng.chance(0.6)) references.push(`${rng.pick(CONTRACT_NUMBER_LABELS)}: ${customer.contractNumber}`);
  const core = rng.pick(phrasings.cores);
  const body = [fill(core.text, rng, values)];
  for (const addon of rng.sample(phrasings.addons, Math.min(phrasings.addons.length, rng.int(1, 3)))) body.push(fill(addon, rng, values));
  if (requestType === 'bank_details_change' && !body.join(' ').includes(customer.iban.slice(0, 4))) body.push(`Neue IBAN: ${writeIban(rng, customer.iban)} bei der ${customer.bankName}.`);
  const target = rng.int(150, 400);
  const frame = [...header, '', ...references, '', rng.pick(salutations)];
  const closing = ['', rng.pick(closings), name, rng.chance(0.5) ? `Tel. ${customer.phone}` : ''];
  let words = wordCount([...frame, ...body, ...closing].join(' '));
  for (let guard = 0; words < target && guard < 40; guard++) {
    const sentence = rng.chance(0.75) ? rng.pick(fillers) : fill(rng.pick(PHRASINGS[rng.pick(REQUEST_TYPES)].train.addons), rng, values);
    body.push(sentence);
    words += wordCount(sentence);
  }
  const text = [...frame, '', ...paragraphs(rng, body), ...closing].join('\n').trim();
  const matched = status !== 'failed' && rng.chance(0.85);
  const typed = status === 'needs_review' && rng.chance(0.4) ? null : requestType;
  return {
    index,
    receivedAt,
    channel,
    status,
    requestType: typed,
    queue: typed ? (defaultQueues[typed] ?? 'general') : triageQueue,
    customer,
    customerNumber: matched ? customer.customerNumber : null,
    scanBatchId: channel === 'scan' ? `SB-${fmtNumeric(receivedAt).replace(/\./g, '')}-${String(rng.int(1, 40)).padStart(3, '0')}` : null,
    text,
    identifiers: extractIdentifierTokens(text).join(' '),
  };
}

/** Two or three sentences to a paragraph, blank lines between. */
function paragraphs(rng: Rng, sentences: readonly string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const sentence of sentences) {
    current.push(sentence);
    if (current.length >= rng.int(2, 3)) {
      out.push(current.join(' '), '');
      current = [];
    }
  }
  if (current.length > 0) out.push(current.join(' '), '');
  return out;
}
