import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { customerCsvColumns, importCustomersCsv } from './customers.import.ts';
import { createCustomersRepository } from './customers.repository.ts';

const header = customerCsvColumns.join(',');

describe('customer CSV import (real PostgreSQL)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app?.cleanup();
  });

  it('imports quoted fields, umlauts and contract lists, reports bad rows and keeps going', async () => {
    const csv = [
      header,
      '1000000001,Jürgen,Müller-Lüdenscheidt,,Hauptstraße,5a,50667,Köln,j.mueller@example.de,+492215551234,DE89370400440532013000,1961-04-12,V-100;V-101',
      // quoted comma, escaped quote and a line break inside quotes
      '1000000002,Käthe,Weiß,"Weiß & Söhne, ""Bäckerei""",Schloßstr.,12-14,80331,München,,,,,"V-200"',
      '1000000003,"Anna',
      'Lena",Groß,,"Gartenweg",1,10115,Berlin,,,,,',
      '',
      '123,Hans,Kurz,,Weg,1,10115,Berlin,,,,,', // customer number too short
      '1000000005,Petra,Schulze,,Weg,1,10115,Berlin,,0221 5551234,,,', // phone not E.164
      '1000000006,Petra,Schulze,,Weg,1,10115,Berlin,,,DE89370400440532013001,,', // IBAN check fails
      '1000000007,Petra,Schulze,,Weg,1,10115,Berlin,,,,1990-02-30,', // no such date
      '1000000008,Petra,Schulze,,Weg,1', // too few columns
      '1000000001,Doppelt,Eintrag,,Weg,1,10115,Berlin,,,,,', // duplicate number
      '1000000009,,,,Weg,1,10115,Berlin,,,,,', // no name, no company
      '1000000010,Uwe,Öztürk,,Lindenallee,7,04109,Leipzig,UWE@Example.DE,+4934155501234,DE02120300000000202051,,',
    ].join('\r\n');
    const result = await importCustomersCsv({ db: app.db, tenantId: 'default', csv: Buffer.from(`\uFEFF${csv}\r\n`, 'utf8') });
    expect(result.inserted).toBe(4);
    expect(result.updated).toBe(0);
    expect(result.rejected.map((row) => row.line)).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(result.rejected[0]?.reason).toMatch(/10 digits/);
    expect(result.rejected[1]?.reason).toMatch(/E\.164/);
    expect(result.rejected[2]?.reason).toMatch(/IBAN/);
    expect(result.rejected[3]?.reason).toMatch(/birthDate/);
    expect(result.rejected[4]?.reason).toMatch(/columns/);
    expect(result.rejected[5]?.reason).toMatch(/already on line 2/);
    expect(result.rejected[6]?.reason).toMatch(/lastName or company/);

    const repository = createCustomersRepository({ db: app.db });
    const mueller = await repository.findByNumber('default', '1000000001');
    expect(mueller).toMatchObject({
      firstName: 'Jürgen',
      lastName: 'Müller-Lüdenscheidt',
      birthDate: '1961-04-12',
      contractNumbers: ['V-100', 'V-101'],
      contractNumbersCompact: ['V100', 'V101'],
      lastNameFolded: 'muller ludenscheidt',
      lastNamePhonetic: '65752682',
      streetNormalised: 'hauptstr',
      houseNumberNormalised: '5a',
      cityFolded: 'koln',
      phoneCompact: '+492215551234',
      ibanCompact: 'DE89370400440532013000',
    });
    const weiss = await repository.findByNumber('default', '1000000002');
    expect(weiss?.company).toBe('Weiß & Söhne, "Bäckerei"');
    expect(weiss?.streetNormalised).toBe('schlossstr');
    const gross = await repository.findByNumber('default', '1000000003');
    expect(gross?.firstName).toBe('Anna\r\nLena');
    expect((await repository.findByNumber('default', '1000000010'))?.emailNormalised).toBe('uwe@example.de');
  });

  it('upserts by customer number: changed rows are updated, identical rows left alone', async () => {
    const csv = [
      header,
      '1000000001,Jürgen,Müller-Lüdenscheidt,,Lindenallee,7,04109,Leipzig,j.mueller@example.de,+492215551234,DE89370400440532013000,1961-04-12,V-100;V-101',
      '1000000002,Käthe,Weiß,"Weiß & Söhne, ""Bäckerei""",Schloßstr.,12-14,80331,München,,,,,"V-200"',
      '1000000011,Neu,Kunde,,Weg,1,10115,Berlin,,,,,',
    ].join('\n');
    const result = await importCustomersCsv({ db: app.db, tenantId: 'default', csv });
    expect(result).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, rejected: [] });
    const repository = createCustomersRepository({ db: app.db });
    expect(await repository.findByNumber('default', '1000000001')).toMatchObject({ city: 'Leipzig', streetNormalised: 'lindenallee' });
    expect(await repository.count('default')).toBe(5);
  });

  it('reports a row with a stray quote and still imports the rows after it', async () => {
    const csv = [
      header,
      '3000000001,Ilse,Braun,,Talstraße,3,90402,Nürnberg,,,,,',
      '3000000002,"Bär"bel,Braun,,Talstraße,3,90402,Nürnberg,,,,,',
      '3000000003,Horst,Braun,,Talstraße,3,90402,Nürnberg,,,,,',
      '3000000004,Dörte,"Braun,,Talstraße,3,90402,Nürnberg,,,,,',
      '3000000005,Uwe,Braun,,Talstraße,3,90402,Nürnberg,,,,,',
    ].join('\n');
    const result = await importCustomersCsv({ db: app.db, tenantId: 'default', csv });
    expect(result.inserted).toBe(3);
    expect(result.rejected.map((row) => row.line)).toEqual([3, 5]);
    expect(result.rejected[0]?.reason).toMatch(/unreadable CSV/);
  });

  it('refuses a file with a different header', async () => {
    await expect(importCustomersCsv({ db: app.db, tenantId: 'default', csv: 'kundennummer,name\n1,2\n' })).rejects.toMatchObject({
      code: 'customers.bad_csv_header',
    });
  });

  it('imports in batches', async () => {
    const rows = Array.from({ length: 250 }, (_, index) => `${2000000000 + index},Vorname${index},Nachname${index % 17},,Weg,${index},10115,Berlin,,,,,`);
    const result = await importCustomersCsv({ db: app.db, tenantId: 'default', csv: [header, ...rows].join('\n'), batchSize: 100 });
    expect(result).toMatchObject({ inserted: 250, updated: 0, rejected: [] });
  });
});
