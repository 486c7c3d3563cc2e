/**
 * Writes the generated test e-mails (scripts/fixtures/emails.ts) as .eml files
 * plus a manifest, e.g. to try `npx poststelle ingest DIR --wait --json`.
 *
 *   npx tsx scripts/generate-emails.ts [--out test/fixtures/generated/emails] [--seed 42] [--rounds 1] [--bulk 0]
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateBulkEmails, generateEmailSet } from './fixtures/emails.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'test/fixtures/generated/emails' },
    seed: { type: 'string', default: '42' },
    rounds: { type: 'string', default: '1' },
    bulk: { type: 'string', default: '0' },
  },
});
const outDir = path.resolve(values.out);
await fs.mkdir(outDir, { recursive: true });
const emails = [
  ...(await generateEmailSet({ seed: Number(values.seed), rounds: Number(values.rounds) })),
  ...generateBulkEmails({ seed: Number(values.seed), count: Number(values.bulk) }),
];
for (const email of emails) await fs.writeFile(path.join(outDir, email.fileName), email.bytes);
const manifest = emails.map(({ bytes: _bytes, person: _person, ...rest }) => rest);
await fs.writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stderr.write(`${emails.length} e-mails written to ${outDir}\n`);
