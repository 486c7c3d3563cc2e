/**
 * Hot-folder pick-up latency: a scan station drops files into a watched
 * folder (written, then left alone); measured is the time from the file being
 * complete to its document existing (claimed, stored, registered). The
 * watcher runs with its defaults (poll 500 ms, settle 1 s; fs.watch wakes it).
 *
 *   npm run bench:hotfolder [-- --files 20]
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../src/modules/shared/logger.ts';
import { createHotfolderWatcher, defaultHotfolderSettings } from '../src/modules/intake/hotfolder/hotfolder.watcher.ts';
import { createTestApp } from '../test/test-app.ts';

const args = process.argv.slice(2);
const filesIndex = args.indexOf('--files');
const count = filesIndex >= 0 ? Number(args[filesIndex + 1]) : 20;
const sample = path.resolve('test/fixtures/generated/01-digital-pdf.pdf');

const app = await createTestApp();
const inbox = path.join(app.workDir, 'scan-eingang');
await fs.mkdir(inbox, { recursive: true });
const watcher = createHotfolderWatcher({
  db: app.db,
  intake: app.intake,
  documents: app.documents,
  logger: createLogger('error'),
  maxFileBytes: app.config.maxFileBytes,
  settings: { ...defaultHotfolderSettings, path: inbox, tenantId: 'default' },
});
await watcher.start();
const latencies: number[] = [];
const claimLatencies: number[] = [];
try {
  const bytes = await fs.readFile(sample);
  for (let index = 0; index < count; index += 1) {
    // Distinct content per file, so each one becomes its own document.
    const content = Buffer.concat([bytes, Buffer.from(`\n% Stapel ${index} ${Date.now()}\n`)]);
    const name = `scan-${String(index).padStart(4, '0')}.pdf`;
    await fs.writeFile(path.join(inbox, name), content);
    const written = Date.now();
    for (;;) {
      const claim = await app.db.selectFrom('hotfolder_files').select(['ingested_at', 'claimed_at']).where('relative_path', '=', name).executeTakeFirst();
      if (claim?.ingested_at) {
        latencies.push(new Date(claim.ingested_at).getTime() - written);
        claimLatencies.push(new Date(claim.claimed_at).getTime() - written);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
} finally {
  await watcher.stop();
  await app.cleanup();
}
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
claimLatencies.sort((a, b) => a - b);
console.log(`claimed (complete file recognised) after: median ${claimLatencies[Math.floor(claimLatencies.length / 2)]} ms`);
console.log(`hot-folder pick-up latency over ${latencies.length} files: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${latencies[latencies.length - 1]} ms (target ≤ 2000 ms)`);
