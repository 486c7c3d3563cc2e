/**
 * The request-type taxonomy of the contract, the two disjoint phrasing pools and the shape of a phrasing.
 *
 * A "core" is the paragraph of a letter that carries its intent. Every class has two pools of cores, written
 * independently: `train` feeds the training corpus, `heldout` only the evaluation set, so an evaluation measures
 * how well the classifier generalises to wordings it never saw.
 *
 * Labelling conventions (primary = what the writer wants done first; secondary = further requests):
 *  - a keyword of another class that is not requested is a distractor, not a secondary label
 *    ("ich will nicht kündigen, nur umziehen" → customer_data_change, no secondary);
 *  - a question about what would happen ("bevor ich kündige …") is general_inquiry;
 *  - a signed form sent back for the files is contract_documents, even if it contains a SEPA mandate or a
 *    porting order; a new bank account for an existing contract is bank_details_change.
 */

export const REQUEST_TYPES = [
  'cancellation',
  'contract_renewal',
  'tariff_change',
  'customer_data_change',
  'bank_details_change',
  'invoice_complaint',
  'number_porting',
  'contract_documents',
  'general_inquiry',
  'other',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const POOLS = ['train', 'heldout'] as const;
export type Pool = (typeof POOLS)[number];

/** Who writes and how; decides the frame (salutation, sender block, closing) around a core. `form`: a filled-in form, no letter frame. */
export const REGISTERS = ['formal', 'informal', 'angry', 'terse', 'elderly', 'business', 'email', 'lawyer', 'form'] as const;
export type Register = (typeof REGISTERS)[number];

export interface Core {
  register: Register;
  /** Template: `{placeholder}` (see template.ts), `{a|b}` alternatives (nestable), blank line = new paragraph. */
  text: string;
  secondary: readonly RequestType[];
  /** Mentions another class's keyword without requesting it. */
  distractor: boolean;
}

export interface ClassPool {
  /** Subject lines that name the request. */
  subjects: readonly string[];
  cores: readonly Core[];
  /** Optional extra sentences of the same class (reasons, details) appended after the core. */
  addons: readonly string[];
}

export type ClassPhrasings = Record<Pool, ClassPool>;

/** A plain core. */
export function p(register: Register, text: string): Core {
  return { register, text, secondary: [], distractor: false };
}

/** A core with more than one intent: the class it is filed under is primary, `secondary` the others. */
export function mix(register: Register, secondary: readonly RequestType[], text: string): Core {
  return { register, text, secondary, distractor: false };
}

/** A core that mentions another class's keyword as a distractor. */
export function dis(register: Register, text: string, secondary: readonly RequestType[] = []): Core {
  return { register, text, secondary, distractor: true };
}

/** Share of each request type in incoming mail (sums to 1): cancellations and questions are the most frequent. */
export const PRIORS: Record<RequestType, number> = {
  cancellation: 0.17,
  contract_renewal: 0.07,
  tariff_change: 0.09,
  customer_data_change: 0.1,
  bank_details_change: 0.08,
  invoice_complaint: 0.11,
  number_porting: 0.07,
  contract_documents: 0.07,
  general_inquiry: 0.15,
  other: 0.09,
};

export function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value);
}
