/**
 * Configuration of the field extractor, with defaults for the Fernmeldewerk AG
 * customer service. Everything is overridable per tenant.
 */
import type { CountryCode } from 'libphonenumber-js';

export interface IdentifierFormat {
  /** Tested against the compact value (separators removed, OCR-repaired where needed). */
  pattern: RegExp;
  minLength: number;
  maxLength: number;
}

/** Our own company: never extracted as the customer's name, address, phone, IBAN or e-mail. */
export interface OwnIdentity {
  /** Company names, brands and departments ("Fernmeldewerk AG", "Kundenservice"). */
  names: string[];
  /** Postal addresses as written, e.g. "Fernmeldewerk AG, Kundenservice, Postfach 10 20 30, 53105 Bonn". */
  addresses: string[];
  phones: string[];
  ibans: string[];
  emailDomains: string[];
}

export interface FieldExtractorConfig {
  customerNumber: IdentifierFormat;
  contractNumber: IdentifierFormat;
  ownIdentity: OwnIdentity;
  /** Country for phone numbers written without a country code. */
  defaultCountry: CountryCode;
  /** Relative dates ("zum Monatsende") are resolved in this time zone. */
  timeZone: string;
  /** Candidates below this confidence are returned but not chosen as the field value. */
  minConfidence: number;
}

export interface FieldExtractorOptions {
  /** Run one small letter at creation so the first real letter is fast (default true). */
  warmUp?: boolean;
  customerNumber?: Partial<IdentifierFormat> & { length?: number };
  contractNumber?: Partial<IdentifierFormat>;
  ownIdentity?: Partial<OwnIdentity>;
  defaultCountry?: CountryCode;
  timeZone?: string;
  minConfidence?: number;
}

export const DEFAULT_OWN_IDENTITY: OwnIdentity = {
  names: ['Fernmeldewerk AG', 'Fernmeldewerk'],
  addresses: ['Fernmeldewerk AG, Kundenservice, Postfach 10 20 30, 53105 Bonn'],
  phones: [],
  ibans: [],
  emailDomains: ['fernmeldewerk.de'],
};

/**
 * Contract numbers: 6–16 letters and digits, at least four digits, optionally with a
 * letter prefix and dashes or slashes ("V123456789", "VN-2024-0815", "FW-12345678", "4711-123456").
 */
export const DEFAULT_CONTRACT_PATTERN = /^(?=(?:[^0-9]*[0-9]){4})[A-Z0-9](?:[A-Z0-9]|[-/](?=[A-Z0-9])){5,19}$/;

export function resolveConfig(options: FieldExtractorOptions = {}): FieldExtractorConfig {
  const cn = options.customerNumber ?? {};
  const length = cn.length ?? 10;
  const customerNumber: IdentifierFormat = {
    pattern: cn.pattern ?? new RegExp(`^\\d{${cn.minLength ?? length},${cn.maxLength ?? length}}$`),
    minLength: cn.minLength ?? length,
    maxLength: cn.maxLength ?? length,
  };
  const vn = options.contractNumber ?? {};
  const contractNumber: IdentifierFormat = {
    pattern: vn.pattern ?? DEFAULT_CONTRACT_PATTERN,
    minLength: vn.minLength ?? 6,
    maxLength: vn.maxLength ?? 20,
  };
  const own = options.ownIdentity ?? {};
  return {
    customerNumber,
    contractNumber,
    ownIdentity: {
      names: own.names ?? DEFAULT_OWN_IDENTITY.names,
      addresses: own.addresses ?? DEFAULT_OWN_IDENTITY.addresses,
      phones: own.phones ?? DEFAULT_OWN_IDENTITY.phones,
      ibans: own.ibans ?? DEFAULT_OWN_IDENTITY.ibans,
      emailDomains: own.emailDomains ?? DEFAULT_OWN_IDENTITY.emailDomains,
    },
    defaultCountry: options.defaultCountry ?? 'DE',
    timeZone: options.timeZone ?? 'Europe/Berlin',
    minConfidence: options.minConfidence ?? 0.3,
  };
}
