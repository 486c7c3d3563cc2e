/** The facts one letter may mention (numbers, dates, tariffs, amounts, new address …), drawn at random. */
import { HOME_TARIFFS, MOBILE_TARIFFS, OTHER_PROVIDERS } from '../fixtures/companies.ts';
import { addDays, endOfMonth, euroFormatter, MONTHS } from '../fixtures/german-format.ts';
import { computeGermanIban } from '../fixtures/iban.ts';
import type { Rng } from '../fixtures/prng.ts';
import { type Address, drawAddress, drawFirstName, type Identity, type LawFirm } from './identity.ts';
import { ALL_CITIES, MORE_BANKS, SURNAMES } from './names.ts';

export interface LetterFacts {
  customer: Identity;
  /** Set when a law firm writes on the customer's behalf. */
  lawFirm: LawFirm | null;
  /** Digits the letter gives as customer number (possibly mistyped); null when it gives none. */
  customerNumber: string | null;
  contractNumber: string | null;
  /** The IBAN the letter mentions (a new one for bank-detail changes). */
  iban: string;
  bankName: string;
  oldBankName: string;
  letterDate: Date;
  /** When the writer wants the request to take effect (end of contract, move, switch …). */
  desiredDate: Date;
  tariff: string;
  newTariff: string;
  newAddress: Address;
  /** Surname before a marriage or divorce. */
  previousLastName: string;
  amount: string;
  expected: string;
  invoiceMonth: string;
  invoiceNumber: string;
  invoiceDate: Date;
  provider: string;
  years: number;
  device: string;
  partnerFirstName: string;
  minutes: number;
  speed: number;
  gb: number;
  price: string;
}

const DEVICES = ['Router', 'WLAN-Router', 'Smartphone', 'TV-Receiver', 'Tablet', 'Festnetztelefon', 'Mesh-Repeater', 'Glasfasermodem'];

export function drawCustomerNumber(rng: Rng): string {
  return `${rng.int(1, 9)}${rng.digits(9)}`;
}

export function drawContractNumber(rng: Rng): string {
  return rng.pick([`FW-${rng.digits(8)}`, `V${rng.digits(9)}`, `${rng.digits(4)}-${rng.digits(6)}`, `FW${rng.digits(2)}-${rng.digits(7)}`]);
}

export function drawBankAccount(rng: Rng): { iban: string; bankName: string } {
  const bank = rng.pick(MORE_BANKS);
  return { iban: computeGermanIban(bank.blz, `${rng.int(1, 9)}${rng.digits(rng.int(7, 9))}`), bankName: bank.name };
}

/** The name of the bank an IBAN from {@link drawBankAccount} belongs to. */
export function bankNameOf(iban: string): string {
  return MORE_BANKS.find((b) => b.blz === iban.slice(4, 12))?.name ?? 'Hausbank';
}

/** Letters are dated between October 2025 and November 2026. */
export function drawLetterDate(rng: Rng): Date {
  return addDays(new Date(Date.UTC(2025, 9, 1)), rng.int(0, 415));
}

export interface FactOptions {
  customerNumber: string | null;
  contractNumber: string | null;
  lawFirm?: LawFirm | null;
  letterDate?: Date;
  iban?: string;
  bankName?: string;
}

export function drawFacts(rng: Rng, customer: Identity, opts: FactOptions): LetterFacts {
  const letterDate = opts.letterDate ?? drawLetterDate(rng);
  const euro = euroFormatter(rng.int(0, 2));
  const account = drawBankAccount(rng);
  const mobile = rng.chance(0.5);
  const tariffs: readonly string[] = mobile ? MOBILE_TARIFFS : HOME_TARIFFS;
  const tariff = rng.pick(tariffs);
  const invoiceDate = addDays(letterDate, -rng.int(5, 35));
  const amountValue = rng.int(4500, 24000) / 100;
  const sameTown = rng.chance(0.5);
  const newCity = sameTown ? (ALL_CITIES.find((c) => c.city === customer.address.city) ?? rng.pick(ALL_CITIES)) : rng.pick(ALL_CITIES);
  let newAddress = drawAddress(rng, newCity);
  if (newAddress.street === customer.address.street) newAddress = { ...newAddress, street: `${newAddress.street.replace(/straße$/, '')}weg` };
  return {
    customer,
    lawFirm: opts.lawFirm ?? null,
    customerNumber: opts.customerNumber,
    contractNumber: opts.contractNumber,
    iban: opts.iban ?? account.iban,
    bankName: opts.bankName ?? account.bankName,
    oldBankName: rng.pick(MORE_BANKS.filter((b) => b.name !== account.bankName)).name,
    letterDate,
    desiredDate: rng.chance(0.6) ? endOfMonth(letterDate, rng.int(1, 3)) : addDays(letterDate, rng.int(10, 70)),
    tariff,
    newTariff: rng.pick(tariffs.filter((t) => t !== tariff)),
    newAddress,
    previousLastName: rng.pick(SURNAMES.filter((n) => n !== customer.lastName)),
    amount: euro(amountValue),
    expected: euro(rng.int(1999, 4499) / 100),
    invoiceMonth: `${MONTHS[invoiceDate.getUTCMonth()]} ${invoiceDate.getUTCFullYear()}`,
    invoiceNumber: rng.pick([`${rng.digits(2)} ${rng.digits(4)} ${rng.digits(4)}`, `RE-${rng.digits(9)}`, `${rng.digits(12)}`]),
    invoiceDate,
    provider: rng.pick(OTHER_PROVIDERS),
    years: rng.int(2, 25),
    device: rng.pick(DEVICES),
    partnerFirstName: drawFirstName(rng, customer.gender === 'f' ? 'm' : 'f'),
    minutes: rng.pick([20, 30, 45, 60, 90]),
    speed: rng.pick([50, 100, 250, 500, 1000]),
    gb: rng.pick([5, 10, 20, 40]),
    price: euro(rng.int(15, 80) + 0.99),
  };
}
