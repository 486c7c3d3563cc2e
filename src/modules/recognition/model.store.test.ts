import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createClassifierService } from '../classification/classifier.service.ts';
import type { TrainingExample } from '../classification/classifier.trainer.ts';
import { createModelStore } from './model.store.ts';
import { createRecognitionService } from './recognition.service.ts';

const name = 'request-type';

/** Two small, different models: the first knows cancellations and address changes, the second bank details and complaints. */
const cancellations = [
  'Hiermit kündige ich meinen Vertrag fristgerecht zum nächstmöglichen Termin.',
  'Bitte beenden Sie meinen Mobilfunkvertrag, ich kündige zum 31. März.',
  'Ich möchte meinen DSL-Anschluss kündigen und bitte um schriftliche Bestätigung.',
  'Kündigung des Festnetzvertrags wegen Umzugs ins Ausland.',
  'Sehr geehrte Damen und Herren, ich kündige hiermit alle meine Verträge bei Ihnen.',
  'Kündigung! Der Vertrag soll zum Monatsende enden.',
];
const addressChanges = [
  'Ich bin umgezogen, meine neue Anschrift lautet Lindenweg 4, 89073 Ulm.',
  'Bitte ändern Sie meine Adresse: ab sofort wohne ich in der Hauptstraße 12.',
  'Unsere Anschrift hat sich geändert, neue Adresse siehe unten.',
  'Mitteilung der neuen Wohnadresse nach dem Umzug im Mai.',
  'Bitte Adresse aktualisieren, neue Straße und Hausnummer: Am Bach 7.',
  'Meine Postanschrift ist jetzt Gartenstraße 3 in 70173 Stuttgart.',
];
const bankChanges = [
  'Bitte buchen Sie künftig von meinem neuen Konto ab, IBAN DE02120300000000202051.',
  'Meine Bankverbindung hat sich geändert, anbei das neue SEPA-Mandat.',
  'Neue Kontoverbindung für die Lastschrift ab dem nächsten Monat.',
  'Ich habe die Bank gewechselt, bitte ändern Sie das Lastschriftmandat.',
  'Die Abbuchung soll ab sofort über mein Konto bei der Sparkasse laufen.',
  'Bitte neue IBAN für den Einzug hinterlegen.',
];
const complaints = [
  'Die letzte Rechnung ist viel zu hoch, ich widerspreche dem Betrag.',
  'Auf meiner Rechnung stehen Gespräche, die ich nie geführt habe.',
  'Reklamation der Rechnung vom Oktober: doppelt abgebucht.',
  'Ich beanstande die Rechnungsposition Roaming, ich war nicht im Ausland.',
  'Falscher Rechnungsbetrag, bitte korrigieren und erstatten.',
  'Einspruch gegen die Monatsrechnung, der Tarif stimmt nicht.',
];
const examples = (first: string[], firstLabel: string, second: string[], secondLabel: string): TrainingExample[] => [
  ...first.map((text, index) => ({ text, label: firstLabel, group: `${firstLabel}-${index}` })),
  ...second.map((text, index) => ({ text, label: secondLabel, group: `${secondLabel}-${index}` })),
];

describe('published models (shared by every worker through the database and the blob store)', () => {
  let app: TestApp;
  let workDir: string;
  let firstFile: string;
  let secondFile: string;

  beforeAll(async () => {
    app = await createTestApp();
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-models-'));
    await app.db.insertInto('tenants').values([{ id: 'stadtwerke-ulm', name: 'Stadtwerke Ulm' }, { id: 'kanzlei-brandt', name: 'Kanzlei Brandt' }]).onConflict((conflict) => conflict.column('id').doNothing()).execute();
    const trainer = createClassifierService({ modelsDir: path.join(workDir, 'trained-1') });
    firstFile = await trainer.save(name, trainer.train(examples(cancellations, 'cancellation', addressChanges, 'address_change'), { epochs: 30, refit: true }).model);
    const trainer2 = createClassifierService({ modelsDir: path.join(workDir, 'trained-2') });
    secondFile = await trainer2.save(name, trainer2.train(examples(bankChanges, 'bank_details_change', complaints, 'invoice_complaint'), { epochs: 30, refit: true }).model);
  }, 120_000);

  afterAll(async () => {
    await app?.cleanup();
    if (workDir) await fs.rm(workDir, { recursive: true, force: true });
  });

  it('gives nothing before a tenant publishes, then the published version, to that tenant only', async () => {
    const worker = createModelStore({ db: app.db, blobs: app.blobs, cacheDir: path.join(workDir, 'worker-a'), refreshMs: 0 });
    expect(await worker.resolve('stadtwerke-ulm', name)).toBeNull();

    const published = await worker.publish({ tenantId: 'stadtwerke-ulm', name, file: firstFile, examples: 12, corrections: 3, trainedBy: 'test' });
    expect(published).toMatchObject({ tenantId: 'stadtwerke-ulm', name, version: 1 });
    expect(published.sha256).toMatch(/^[0-9a-f]{64}$/);

    const resolved = await worker.resolve('stadtwerke-ulm', name);
    expect(resolved?.version).toBe(1);
    const [prediction] = await resolved!.classifier.predict(name, ['Ich kündige meinen Vertrag zum Jahresende.']);
    expect(Object.keys(prediction!.probabilities).sort()).toEqual(['address_change', 'cancellation']);
    expect(await worker.resolve('kanzlei-brandt', name)).toBeNull();
    expect((await worker.versions('stadtwerke-ulm', name)).map((row) => ({ version: row.version, examples: row.examples, corrections: row.corrections }))).toEqual([{ version: 1, examples: 12, corrections: 3 }]);
  });

  it('reaches a worker on another machine (empty cache) from the blob store, and a corrupt cached copy is fetched again', async () => {
    const otherCache = path.join(workDir, 'worker-b');
    const other = createModelStore({ db: app.db, blobs: app.blobs, cacheDir: otherCache, refreshMs: 0 });
    const resolved = await other.resolve('stadtwerke-ulm', name);
    expect(resolved?.version).toBe(1);
    const cachedFile = resolved!.classifier.pathOf(name);
    expect(cachedFile.startsWith(otherCache)).toBe(true);
    expect(await fs.readFile(cachedFile)).toEqual(await fs.readFile(firstFile));

    await fs.writeFile(cachedFile, 'not a model');
    const fresh = createModelStore({ db: app.db, blobs: app.blobs, cacheDir: otherCache, refreshMs: 0 });
    const again = await fresh.resolve('stadtwerke-ulm', name);
    const [prediction] = await again!.classifier.predict(name, ['Neue Adresse: Lindenweg 4 in Ulm, bitte ändern.']);
    expect(prediction!.candidate).toBe('address_change');
  });

  it('a newer version reaches running workers when their refresh interval has passed, not before', async () => {
    let clock = 1_000_000;
    const worker = createModelStore({ db: app.db, blobs: app.blobs, cacheDir: path.join(workDir, 'worker-c'), refreshMs: 30_000, now: () => clock });
    expect((await worker.resolve('stadtwerke-ulm', name))?.version).toBe(1);

    const publisher = createModelStore({ db: app.db, blobs: app.blobs, cacheDir: path.join(workDir, 'publisher') });
    expect((await publisher.publish({ tenantId: 'stadtwerke-ulm', name, file: secondFile })).version).toBe(2);

    clock += 10_000;
    expect((await worker.resolve('stadtwerke-ulm', name))?.version).toBe(1);
    clock += 25_000;
    const newer = await worker.resolve('stadtwerke-ulm', name);
    expect(newer?.version).toBe(2);
    const [prediction] = await newer!.classifier.predict(name, ['Meine neue IBAN für die Lastschrift, bitte ab sofort verwenden.']);
    expect(Object.keys(prediction!.probabilities).sort()).toEqual(['bank_details_change', 'invoice_complaint']);
  });

  it('concurrent publishers get consecutive versions, none lost', async () => {
    const stores = Array.from({ length: 4 }, (_, index) => createModelStore({ db: app.db, blobs: app.blobs, cacheDir: path.join(workDir, `parallel-${index}`) }));
    const versions = await Promise.all(stores.map((store, index) => store.publish({ tenantId: 'kanzlei-brandt', name, file: index % 2 ? firstFile : secondFile })));
    expect(versions.map((entry) => entry.version).sort()).toEqual([1, 2, 3, 4]);
  });

  it('recognition classifies with the tenant’s published model and records which one', async () => {
    const models = createModelStore({ db: app.db, blobs: app.blobs, cacheDir: path.join(workDir, 'recognition'), refreshMs: 0 });
    const recognition = createRecognitionService({ db: app.db, dataDir: app.config.dataDir, models });
    const outcome = await recognition.recognize({
      tenantId: 'stadtwerke-ulm',
      text: 'Sehr geehrte Damen und Herren,\nich habe die Bank gewechselt. Bitte buchen Sie künftig von meiner neuen IBAN ab.\nMit freundlichen Grüßen\nPetra Kowalski',
      receivedAt: new Date('2026-11-24T09:00:00Z'),
      channel: 'post',
    });
    expect(outcome.record.modelSource).toBe('tenant v2');
    expect(Object.keys(outcome.record.probabilities).sort()).toEqual(['bank_details_change', 'invoice_complaint']);

    const elsewhere = await recognition.recognize({ tenantId: 'stadtwerke-ulm-nicht', text: 'Ich kündige meinen Vertrag.', receivedAt: new Date('2026-11-24T09:00:00Z'), channel: 'post' });
    expect(elsewhere.record.modelSource).not.toMatch(/^tenant/);
  });
});
