/** One customer as in the master-data CSV (../shared/CONTRACT.md); empty values are null. */
export interface CustomerRecord {
  customerNumber: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  street: string | null;
  houseNumber: string | null;
  postalCode: string | null;
  city: string | null;
  email: string | null;
  /** E.164. */
  phone: string | null;
  /** No spaces, upper case. */
  iban: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  contractNumbers: string[];
}

/** The normalised match keys stored beside a customer (computed by customerMatchKeys). */
export interface CustomerMatchKeys {
  firstNameFolded: string | null;
  lastNameFolded: string | null;
  firstNamePhonetic: string | null;
  lastNamePhonetic: string | null;
  companyFolded: string | null;
  streetNormalised: string | null;
  houseNumberNormalised: string | null;
  cityFolded: string | null;
  emailNormalised: string | null;
  phoneCompact: string | null;
  ibanCompact: string | null;
  contractNumbersCompact: string[];
}

/** A customer with its match keys, as the matcher reads it. */
export interface CustomerMatchRow extends CustomerRecord, CustomerMatchKeys {}
