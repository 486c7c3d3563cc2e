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
 *
 * This file is the entry point; the generator lives in scripts/fixtures/:
 *   manifest.ts          public types, cache check          plan.ts          random decisions for a whole set
 *   prng.ts, iban.ts     seeded randomness, IBANs           generate.ts      planning → files → manifest.json
 *   people.ts, companies.ts, german-format.ts              data pools and formatting
 *   letter.context.ts, phrasings*.ts, letter.composer.ts   what a letter says
 *   pdf.writer.ts        pdfkit rendering                   raster.ts        pdftoppm/sharp page images
 *   scan.degrader.ts, scan.writer.ts, fax.degrader.ts, fax.writer.ts          scans and faxes
 *   good-inputs.ts, bad-inputs.ts                           one letter fixture / the broken inputs
 *   keywords.ts, exec.ts, cli.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './fixtures/cli.ts';

export { generateFixtures } from './fixtures/generate.ts';
export { computeGermanIban, isValidIban } from './fixtures/iban.ts';
export {
  DEFAULT_COUNT,
  DEFAULT_OUT_DIR,
  DEFAULT_SEED,
  EXPECTED_ERRORS,
  FIXTURE_KINDS,
  FIXTURE_VERSION,
  REQUEST_TYPES,
  type BadFixtureDocument,
  type ExpectedError,
  type FixtureDocument,
  type FixtureKind,
  type FixtureManifest,
  type GenerateFixturesOptions,
  type GoodFixtureDocument,
  type GoodFixtureKind,
  type RequestType,
  type Tone,
} from './fixtures/manifest.ts';
export { planFixtures, type FixturePlan } from './fixtures/plan.ts';
export { Rng } from './fixtures/prng.ts';

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  runCli(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
