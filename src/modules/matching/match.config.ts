/**
 * Fellegi–Sunter parameters for customer matching, in one place.
 *
 * For each attribute and comparison level:
 *   m = P(level | the letter is from this customer)
 *   u = P(level | the letter is from someone else)
 * and the level adds log2(m/u) bits to the candidate's weight. An attribute
 * the letter or the master data lacks adds 0. The levels of one attribute are
 * exclusive; their m's (and u's) sum to about 1.
 *
 * How the numbers were chosen (a German telecom, 100 k–10 M customers,
 * letters read by OCR):
 *  - Identifiers. u of an exact identifier is the chance that a letter quotes
 *    the number of another customer (a relative's, an old letter, a mix-up):
 *    about 1e-5. m is high, but not 1: the letter may quote an old contract or
 *    a new IBAN (bank-details change) — hence the mild disagreement weights of
 *    IBAN, phone, e-mail and contract number. A customer number one edit away
 *    (OCR / typing slip): m ≈ 0.03; with sequential numbering a written number
 *    has up to ~45 one-edit neighbours, so u ≈ 45 / 100 k ≈ 5e-4.
 *  - Last name: u ≈ frequency of a surname (Müller ~0.3 %, typical 0.05 %):
 *    0.002 for an exact match; fuzzy (one OCR edit) and phonetic-only levels
 *    take a little of m and more of u.
 *  - First name: ~500 common first names, u ≈ 0.02. Initials: u ≈ 1/15.
 *  - Address, conditioned along postcode → street → house number to avoid
 *    counting the same evidence three times: postcode u ≈ 1/1000; street
 *    given the same postcode u ≈ 1/20 (a postcode has a few dozen streets) but
 *    1/200 when the postcode is unknown or differs (common street names);
 *    house number given the same street u ≈ 1/20. City only counts where the
 *    postcode does not (missing or different).
 *  - Household dependence: surname and address are not independent for
 *    non-matches (family members live together). The joint u of "same surname
 *    and same street" is about co-resident relatives / N ≈ 3e-6, while the
 *    product of the marginals is ~1e-8: `householdDependenceBits` takes back the
 *    ~8 bits counted twice.
 *
 * Calibration: the total weight W of candidate i becomes a posterior over
 * "the letter is from candidate i" vs "from none of them" (exclusive):
 *   P(i) = 2^(W_i + prior) / (1 + Σ_j 2^(W_j + prior)),
 * a logistic (softmax) calibration whose prior log-odds is about
 * -log2(customers per tenant) — a random pair matches with odds ≈ 1/N.
 */

export interface MU {
  m: number;
  u: number;
}

export interface MatchWeightsConfig {
  customerNumber: { exact: MU; near: MU; different: MU };
  contractNumber: { exact: MU; different: MU };
  iban: { exact: MU; different: MU };
  phone: { exact: MU; different: MU };
  email: { exact: MU; different: MU };
  lastName: { exact: MU; fuzzy: MU; partial: MU; phonetic: MU; different: MU };
  firstName: { exact: MU; fuzzy: MU; partial: MU; initial: MU; phonetic: MU; different: MU };
  company: { exact: MU; different: MU };
  postalCode: { exact: MU; partial: MU; different: MU };
  /** Street name when the postcode agrees. */
  streetInPostcode: { exact: MU; fuzzy: MU; different: MU };
  /** Street name when the postcode is unknown or differs. */
  street: { exact: MU; fuzzy: MU; different: MU };
  /** House number, only compared when the street agrees. */
  houseNumber: { exact: MU; partial: MU; different: MU };
  /** City when the postcode agrees (nearly no information) … */
  cityWithPostcode: { exact: MU; different: MU };
  /** … and when the postcode is unknown or differs. */
  city: { exact: MU; partial: MU; different: MU };
  birthDate: { exact: MU; partial: MU; different: MU };
}

export interface MatchConfig {
  weights: MatchWeightsConfig;
  /** log2 prior odds that the letter is from one given candidate (≈ -log2 N). */
  priorLog2Odds: number;
  /** Bits subtracted when surname and street both agree (co-resident relatives). */
  householdDependenceBits: number;
  /** A runner-up within this many bits of the best makes the decision ambiguous (2^5 = 32×). */
  ambiguityMarginBits: number;
  /** A competitor whose name/address weight beats the best's by this much is a conflict. */
  conflictMarginBits: number;
  /** …provided its name/address weight is at least this (a real name/address match). */
  conflictMinPersonalBits: number;
  /** Floor for auto-assignment, on top of the rules. */
  autoMinProbability: number;
  /** Candidates below this posterior are not suggested (unless an identifier points to them). */
  suggestMinProbability: number;
  /** At most this many candidates in the result. */
  maxCandidates: number;
  /** Cap per fuzzy candidate source in the database lookup. */
  candidatesPerSource: number;
  /** Identifiers that, with an agreeing name or address, may assign automatically. */
  strongIdentifiers: Array<'customerNumber' | 'contractNumber' | 'iban'>;
}

export const defaultMatchConfig: MatchConfig = {
  weights: {
    customerNumber: { exact: { m: 0.95, u: 1e-5 }, near: { m: 0.03, u: 5e-4 }, different: { m: 0.02, u: 1 } },
    contractNumber: { exact: { m: 0.9, u: 1e-5 }, different: { m: 0.1, u: 1 } },
    iban: { exact: { m: 0.6, u: 3e-5 }, different: { m: 0.4, u: 1 } },
    phone: { exact: { m: 0.5, u: 5e-5 }, different: { m: 0.5, u: 1 } },
    email: { exact: { m: 0.6, u: 1e-5 }, different: { m: 0.4, u: 1 } },
    lastName: {
      exact: { m: 0.88, u: 0.002 },
      fuzzy: { m: 0.06, u: 0.002 },
      partial: { m: 0.03, u: 0.001 },
      phonetic: { m: 0.02, u: 0.01 },
      different: { m: 0.01, u: 0.985 },
    },
    firstName: {
      exact: { m: 0.85, u: 0.02 },
      fuzzy: { m: 0.05, u: 0.01 },
      partial: { m: 0.04, u: 0.005 },
      initial: { m: 0.9, u: 0.07 },
      phonetic: { m: 0.02, u: 0.01 },
      different: { m: 0.02, u: 0.95 },
    },
    company: { exact: { m: 0.8, u: 0.001 }, different: { m: 0.2, u: 1 } },
    postalCode: { exact: { m: 0.9, u: 0.001 }, partial: { m: 0.03, u: 0.01 }, different: { m: 0.07, u: 0.99 } },
    streetInPostcode: { exact: { m: 0.9, u: 0.05 }, fuzzy: { m: 0.04, u: 0.01 }, different: { m: 0.06, u: 0.94 } },
    street: { exact: { m: 0.85, u: 0.005 }, fuzzy: { m: 0.04, u: 0.002 }, different: { m: 0.11, u: 0.99 } },
    houseNumber: { exact: { m: 0.9, u: 0.05 }, partial: { m: 0.04, u: 0.03 }, different: { m: 0.06, u: 0.92 } },
    cityWithPostcode: { exact: { m: 0.97, u: 0.9 }, different: { m: 0.03, u: 0.1 } },
    city: { exact: { m: 0.9, u: 0.01 }, partial: { m: 0.04, u: 0.005 }, different: { m: 0.06, u: 0.985 } },
    birthDate: { exact: { m: 0.95, u: 5e-5 }, partial: { m: 0.03, u: 0.002 }, different: { m: 0.02, u: 1 } },
  },
  priorLog2Odds: -16,
  householdDependenceBits: 8,
  ambiguityMarginBits: 5,
  conflictMarginBits: 5,
  conflictMinPersonalBits: 10,
  autoMinProbability: 0.9,
  suggestMinProbability: 0.05,
  maxCandidates: 5,
  candidatesPerSource: 25,
  strongIdentifiers: ['customerNumber', 'contractNumber', 'iban'],
};

/** The weight in bits of one comparison level. */
export function weightOf(mu: MU): number {
  return Math.log2(mu.m / mu.u);
}

export type MatchConfigOverrides = Partial<Omit<MatchConfig, 'weights'>> & { weights?: Partial<MatchWeightsConfig> };

export function resolveMatchConfig(overrides: MatchConfigOverrides = {}): MatchConfig {
  return {
    ...defaultMatchConfig,
    ...overrides,
    weights: { ...defaultMatchConfig.weights, ...overrides.weights },
  };
}
