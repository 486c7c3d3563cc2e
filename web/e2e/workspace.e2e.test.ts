import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../test/test-app.ts';
import type { GoodFixtureDocument } from '../../scripts/generate-fixtures.ts';
import { startWorkspaceServer, waitForPipeline, type WorkspaceServer } from './workspace.harness.ts';

/**
 * The workspace as an agent and a supervisor use it, in Debian's Chromium
 * against the real server (real OCR, recognition and routing): log in, upload a
 * letter by drag and drop, find it in its queue, open it, correct its request
 * type, find it by search, look at the customer's file and the dashboard.
 * Screenshots of the main screens go to docs/screenshots.
 */
const screenshotsDir = path.resolve('docs/screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = await fs.access(chromiumPath).then(
  () => true,
  () => false,
);

// Letters that arrived on earlier days (text PDFs and faxes), so queues, due dates and charts have content.
const seedFiles = ['01-digital-pdf.pdf', '09-digital-pdf.pdf', '13-digital-pdf.pdf', '18-digital-pdf.pdf', '23-digital-pdf.pdf', '03-fax-g4-normal.tif', '14-fax-g4-normal.tif'];
// The letter the test uploads: a scanned change of address.
const uploadFile = '10-scan-png.png';
const queueOf: Record<string, { id: string; name: string }> = {
  customer_data_change: { id: 'customer-data', name: 'Kundendaten' },
};
const typeLabels: Record<string, string> = { customer_data_change: 'Änderung Kundendaten', bank_details_change: 'Änderung Bankverbindung' };

describe.skipIf(!hasChromium)('web workspace end to end', () => {
  let workspace: WorkspaceServer;
  let browser: Browser;
  let page: Page;
  let letter: GoodFixtureDocument;

  beforeAll(async () => {
    workspace = await startWorkspaceServer({ seedFiles });
    const found = workspace.manifest.documents.find((document) => document.file === uploadFile);
    if (!found || found.kind === 'bad') throw new Error(`fixture ${uploadFile} missing`);
    letter = found;
    await waitForPipeline(workspace.app);
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=de-DE'], env: { ...process.env, LANG: 'de_DE.UTF-8' } });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await fs.mkdir(screenshotsDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  const shoot = (name: string) => page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });

  it('turns a wrong password away and lets a supervisor in', async () => {
    await page.goto(workspace.baseUrl);
    await page.getByLabel('Benutzername').fill('supervisor');
    await page.getByLabel('Passwort').fill('falsches-passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Benutzername oder Passwort ist falsch');

    await page.getByLabel('Passwort').fill('poststelle-demo');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('.topbar .user').waitFor();
    expect(await page.locator('.topbar .user').textContent()).toContain('Jens Becker');
    expect(await page.locator('.queue-list').textContent()).toContain('Kündigungen');
  });

  it('uploads a scanned letter by drag and drop and follows it through OCR and routing', async () => {
    await page.getByRole('link', { name: 'Hochladen' }).click();
    const bytes = await fs.readFile(path.join(fixturesDir, uploadFile));
    // A real drop event carrying the file (the page code is a string: this file is type-checked without DOM types).
    const dataTransfer = await page.evaluateHandle(`(() => {
      const binary = atob(${JSON.stringify(bytes.toString('base64'))});
      const array = new Uint8Array(binary.length);
      for (let index = 0; index < binary.length; index += 1) array[index] = binary.charCodeAt(index);
      const transfer = new DataTransfer();
      transfer.items.add(new File([array], ${JSON.stringify(uploadFile)}, { type: 'image/png' }));
      return transfer;
    })()`);
    await page.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer });
    const entry = page.locator('.upload', { hasText: uploadFile });
    await entry.waitFor();
    await page.locator('.upload[data-phase=done]', { hasText: uploadFile }).waitFor({ timeout: 240_000 });
    const summary = await entry.textContent();
    expect(summary).toContain(typeLabels[letter.requestType]);
    expect(summary).toContain(queueOf[letter.requestType]?.name);
  });

  it('shows the letter in its queue, sorted by due date, with the sender', async () => {
    await page.getByRole('link', { name: 'Eingang' }).click();
    const queue = queueOf[letter.requestType];
    if (!queue) throw new Error(`no queue expected for ${letter.requestType}`);
    await page.locator(`.queue-list a[data-queue="${queue.id}"]`).click();
    await expect.poll(() => page.locator('.toolbar h1').textContent()).toBe(queue.name);
    const row = page.locator('.inbox-table tbody tr', { hasText: letter.customerNumber });
    await row.waitFor();
    expect(await row.locator('.sender').textContent()).toContain(letter.lastName);
    expect(await row.textContent()).toContain('Upload');
    const dueDates = await page.locator('.inbox-table tbody tr .due').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('title') ?? ''));
    expect(dueDates.length).toBeGreaterThan(0);
    await shoot('inbox');
  });

  it('opens the letter beside its recognised data and corrects the request type', async () => {
    const row = page.locator('.inbox-table tbody tr', { hasText: letter.customerNumber });
    await row.getByRole('link', { name: typeLabels[letter.requestType] }).click();
    await page.locator('.page-image').waitFor();
    expect(await page.locator('[data-testid=customer-number]').textContent()).toBe(letter.customerNumber);
    expect(await page.locator('.explanation').textContent()).toMatch(/Kundennummer/);
    // The queue's name arrives with the queue list, which may load after the document.
    await expect.poll(() => page.locator('[data-testid=document-queue]').textContent()).toBe(queueOf[letter.requestType]?.name);

    // Keyboard: t focuses the request type, Ctrl+Enter saves the correction.
    await page.keyboard.press('t');
    expect(await page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('request-type');
    await page.selectOption('[data-testid=request-type]', 'bank_details_change');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Korrektur gespeichert');

    await page.reload();
    await page.locator('.page-image').waitFor();
    expect(await page.locator('.doc-title').textContent()).toBe('Änderung Bankverbindung');
    expect(await page.inputValue('[data-testid=request-type]')).toBe('bank_details_change');
    await expect.poll(() => page.locator('.history').textContent()).toContain('korrigiert');
  });

  it('finds the letter again by a keyword and highlights the hits on the page image', async () => {
    await page.getByRole('link', { name: 'Suche' }).click();
    const keyword = letter.keywords.find((word) => /[äöüß]/i.test(word)) ?? letter.keywords[0] ?? '';
    await page.getByRole('searchbox', { name: 'Suche' }).fill(keyword);
    await page.getByRole('button', { name: 'Suchen' }).click();
    const hit = page.locator('.hit', { hasText: uploadFile });
    await hit.waitFor();
    expect(await hit.locator('mark').first().textContent()).toBeTruthy();

    // Facets count the matches; choosing one narrows the search and keeps the letter.
    const typeFacet = page.locator('.facet[data-facet=requestType]');
    expect(await typeFacet.textContent()).toContain('Änderung Bankverbindung');
    await typeFacet.getByLabel('Änderung Bankverbindung').check();
    await expect.poll(() => page.url()).toContain('type=bank_details_change');
    await hit.waitFor();
    expect(await page.locator('.facet[data-facet=channel]').textContent()).toContain('Upload');

    // Saved searches: save, leave, come back by name.
    await page.getByLabel('Suche speichern als …').fill('Adressänderungen mit Übergangszeit');
    await page.getByRole('button', { name: 'Speichern' }).click();
    const saved = page.locator('.saved-list a', { hasText: 'Adressänderungen mit Übergangszeit' });
    await saved.waitFor();
    await page.getByRole('link', { name: 'Eingang' }).click();
    await page.getByRole('link', { name: 'Suche' }).click();
    await saved.click();
    await expect.poll(() => page.url()).toContain('type=bank_details_change');
    await hit.waitFor();
    await shoot('search');

    await hit.getByRole('link', { name: 'Änderung Bankverbindung' }).click();
    await page.locator('.page-image').waitFor();
    await page.locator('[data-testid=hit-box]').first().waitFor();
    expect(await page.locator('[data-testid=hit-box]').count()).toBeGreaterThan(0);
    await shoot('viewer');
  });

  it("shows the customer's letters on a timeline", async () => {
    await page.locator('[data-testid=customer-number]').click();
    await page.locator('.timeline-entry').first().waitFor();
    expect(await page.locator('.customer-card').textContent()).toContain(letter.lastName);
    expect(await page.locator('.timeline').textContent()).toContain('Änderung Bankverbindung');
    await shoot('customer');
  });

  it('gives the supervisor a dashboard with volume, backlog and SLA charts', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('[data-testid=volume-chart] svg rect').first().waitFor();
    const volume = await page.locator('[data-testid=volume-chart]').textContent();
    expect(volume).toMatch(/Summe \d+/);
    expect(Number(/Summe (\d+)/.exec(volume ?? '')?.[1])).toBeGreaterThanOrEqual(seedFiles.length + 1);
    expect(await page.locator('.dashboard').textContent()).toContain('Rückstand je Warteschlange');
    await shoot('dashboard');

    // Every string is translated: switching to English changes the screen, not just a few labels.
    await page.getByLabel('Sprache').selectOption('en');
    await expect.poll(() => page.locator('.dashboard h1').textContent()).toBe('Dashboard');
    expect(await page.locator('.dashboard').textContent()).toContain('Backlog per queue');
    expect(await page.locator('.mainnav').textContent()).toContain('Inbox');
    await page.getByLabel('Language').selectOption('de');
  });
});
