/**
 * The key fields of a letter, as in the `fields` object of ../shared/CONTRACT.md.
 * Missing fields are omitted. IBAN without spaces, upper case; phone in E.164;
 * dates as YYYY-MM-DD.
 */
export interface ExtractedFields {
  customerNumber?: string;
  contractNumber?: string;
  iban?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  street?: string;
  postalCode?: string;
  city?: string;
  newStreet?: string;
  newPostalCode?: string;
  newCity?: string;
  desiredDate?: string;
  /** Extra signals for matching that are not part of the contract's fields object. */
  email?: string;
  birthDate?: string;
  /** The first name's initial when the letter gives no more ("K. Wagner"): "K."; `firstName` is then unset. */
  firstNameInitial?: string;
}

export type FieldName = keyof ExtractedFields;

/** One value found in the text, with where it came from and whether it validated. */
export interface FieldCandidate {
  field: FieldName;
  value: string;
  /** The text as written (before normalisation / OCR repair). */
  raw: string;
  /** Character offsets in the document text. */
  start: number;
  end: number;
  /** 0..1: how sure the extractor is that this is the field (label nearby, validation, position). */
  confidence: number;
  validated: boolean;
  /** e.g. 'ocr_repaired', 'label', 'sender_block', 'fax_header'. */
  evidence: string[];
}

export interface ExtractionResult {
  fields: ExtractedFields;
  candidates: FieldCandidate[];
  /** Flags such as 'date_next_possible' ("zum nächstmöglichen Termin"), 'written_on_behalf' (lawyer for a client). */
  flags: string[];
}

export interface ExtractionInput {
  text: string;
  /** Legal date of receipt: relative dates ("zum Monatsende") are resolved against it. */
  receivedAt: Date;
}
