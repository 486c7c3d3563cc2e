import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { indexDocumentText } from './search.indexer.ts';

const letters = [
  {
    key: 'mueller',
    text: 'Sehr geehrte Damen und Herren, hiermit kündige ich meinen Mobilfunkvertrag fristgerecht zum nächstmöglichen Termin. Kundennummer 4711081500. Mit freundlichen Grüßen Hans Müller, Hauptstraße 5, 50667 Köln',
    requestType: 'cancellation',
  },
  {
    key: 'iban',
    text: 'Bitte buchen Sie die Rechnungsbeträge künftig von meinem neuen Konto ab. Neue IBAN: DE89 3704 0044 0532 0130 00. Kontoinhaberin Petra Schulze, Tel. 0221 / 555 01 23',
    requestType: 'bank_details_change',
  },
  {
    key: 'rechnung',
    text: 'Ihre Rechnung vom 3. November enthält Gebühren für Auslandsgespräche, die ich nie geführt habe. Ich widerspreche der Abbuchung. Jürgen Weiß, Gartenweg 12, 80331 München',
    requestType: 'invoice_complaint',
  },
  {
    key: 'umzug',
    text: 'Wir ziehen um! Ab dem 1. Dezember lautet unsere neue Anschrift Lindenallee 7, 04109 Leipzig. Familie Mueller-Lüdenscheidt',
    requestType: 'customer_data_change',
  },
];

describe('search (real PostgreSQL)', () => {
  let app: TestApp;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    app = await createTestApp();
    for (const [index, letter] of letters.entries()) {
      const row = await app.db
        .insertInto('documents')
        .values({
          tenant_id: 'default',
          sha256: `${index}`.padStart(64, '0'),
          original_key: `${index}`.padStart(64, '0'),
          source: `${letter.key}.pdf`,
          size_bytes: 100,
          // Varied channel, queue and status so facets and filters have something to count.
          channel: index % 2 === 0 ? 'scan' : 'fax',
          queue: index % 3 === 0 ? 'general' : 'customer-data',
          received_at: new Date(Date.UTC(2026, 10, 20 + index, 8)),
          status: index === 0 ? 'routed' : 'needs_review',
          request_type: letter.requestType,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(letter.key, row.id);
      await indexDocumentText(app.db, { id: row.id, tenantId: 'default', text: letter.text });
    }
  });

  afterAll(async () => {
    await app?.cleanup();
  });

  const search = (query: string, extra: Record<string, unknown> = {}) => app.search.search({ tenantId: 'default', query, ...extra });
  const idsOf = async (query: string, extra: Record<string, unknown> = {}) => (await search(query, extra)).hits.map((hit) => hit.id);

  it('stems German words: Kündigung finds "kündige"', async () => {
    expect(await idsOf('Kündigung')).toContain(ids.get('mueller'));
  });

  it('folds umlauts both ways: Mueller finds Müller and Müller finds Mueller', async () => {
    const mueller = await idsOf('Mueller');
    expect(mueller).toContain(ids.get('mueller'));
    expect(mueller).toContain(ids.get('umzug'));
    expect(await idsOf('Müller')).toContain(ids.get('umzug'));
    expect(await idsOf('Hauptstrasse')).toContain(ids.get('mueller'));
    expect(await idsOf('Weiss')).toContain(ids.get('rechnung'));
  });

  it('tolerates typos', async () => {
    expect(await idsOf('Rechnnung')).toContain(ids.get('rechnung'));
    expect(await idsOf('Auslandsgesprache')).toContain(ids.get('rechnung'));
    expect(await idsOf('Lindenalee')).toEqual([ids.get('umzug')]);
  });

  it('finds identifiers exactly, with or without spaces', async () => {
    expect(await idsOf('DE89370400440532013000')).toEqual([ids.get('iban')]);
    expect(await idsOf('DE89 3704 0044 0532 0130 00')).toEqual([ids.get('iban')]);
    expect(await idsOf('4711081500')).toEqual([ids.get('mueller')]);
    expect(await idsOf('02215550123')).toEqual([ids.get('iban')]);
    // A different number must not match by similarity.
    expect(await idsOf('4711081501')).toEqual([]);
  });

  it('requires all words and supports phrases', async () => {
    expect(await idsOf('Rechnung Leipzig')).toEqual([]);
    expect(await idsOf('"neue Anschrift"')).toEqual([ids.get('umzug')]);
  });

  it('returns snippets with highlights, totals and filters', async () => {
    const result = await search('Gebühren');
    expect(result.total).toBe(1);
    expect(result.hits[0]?.snippet).toContain('<mark>Gebühren</mark>');
    expect(result.tookMs).toBeGreaterThanOrEqual(0);
    expect(await idsOf('Mueller', { requestType: 'customer_data_change' })).toEqual([ids.get('umzug')]);
    expect(await idsOf('Mueller', { receivedTo: new Date(Date.UTC(2026, 10, 21)) })).toEqual([ids.get('mueller')]);
  });

  it('counts facets over the matching documents and filters by channel, queue and status', async () => {
    const all = await search('', { withFacets: true, limit: 500 });
    expect(all.total).toBe(letters.length);
    const facets = all.facets;
    expect(facets).toBeDefined();
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, count) => total + count, 0);
    for (const counts of Object.values(facets ?? {})) expect(sum(counts)).toBe(letters.length);
    const scans = letters.filter((_letter, index) => index % 2 === 0).length;
    expect(facets?.channel).toEqual(Object.fromEntries([['scan', scans], ['fax', letters.length - scans]].filter(([, count]) => Number(count) > 0)));
    expect(facets?.status.routed).toBe(1);

    const faxes = await search('', { channel: 'fax', withFacets: true });
    expect(faxes.total).toBe(letters.length - scans);
    expect(Object.keys(faxes.facets?.channel ?? {})).toEqual(['fax']);
    expect((await search('', { queue: 'general' })).hits.every((hit) => letters.findIndex((letter) => ids.get(letter.key) === hit.id) % 3 === 0)).toBe(true);
    expect((await search('', { status: 'routed' })).hits.map((hit) => hit.id)).toEqual([ids.get(letters[0]?.key ?? '')]);

    const text = await search('Mueller', { withFacets: true });
    expect(sum(text.facets?.requestType ?? {})).toBe(text.total);
    // Without the flag no facets are counted (the CLI contract stays as it was).
    expect((await search('Mueller')).facets).toBeUndefined();
  });

  it('ignores stop-word-only queries and never leaks another tenant', async () => {
    expect(await idsOf('und die der')).toEqual([]);
    expect(await app.search.search({ tenantId: 'other', query: 'Kündigung' })).toMatchObject({ total: 0, hits: [] });
  });
});
