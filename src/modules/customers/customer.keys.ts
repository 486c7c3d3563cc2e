import type { CustomerMatchKeys, CustomerRecord } from './customers.types.ts';
import { compactContractNumber, compactEmail, compactIban, compactPhone } from './identifier.normaliser.ts';
import { koelnerPhonetik } from './koelner-phonetik.ts';
import { cityKey, houseNumberKey, nameKey, streetKey } from './name.normaliser.ts';

const orNull = (value: string): string | null => (value.length > 0 ? value : null);

/** The match keys stored beside a customer; the matcher computes the same keys from a letter. */
export function customerMatchKeys(record: CustomerRecord): CustomerMatchKeys {
  const firstName = nameKey(record.firstName);
  const lastName = nameKey(record.lastName);
  return {
    firstNameFolded: orNull(firstName),
    lastNameFolded: orNull(lastName),
    firstNamePhonetic: orNull(koelnerPhonetik(firstName)),
    lastNamePhonetic: orNull(koelnerPhonetik(lastName)),
    companyFolded: orNull(nameKey(record.company)),
    streetNormalised: orNull(streetKey(record.street)),
    houseNumberNormalised: orNull(houseNumberKey(record.houseNumber)),
    cityFolded: orNull(cityKey(record.city)),
    emailNormalised: orNull(compactEmail(record.email)),
    phoneCompact: orNull(compactPhone(record.phone)),
    ibanCompact: orNull(compactIban(record.iban)),
    contractNumbersCompact: [...new Set(record.contractNumbers.map(compactContractNumber).filter((value) => value.length > 0))],
  };
}
