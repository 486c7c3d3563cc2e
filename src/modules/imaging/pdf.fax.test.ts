import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLetterFax, writeLetterScan, type CrossChannelLetter } from '../../../scripts/fixtures/cross-channel.ts';
import { CITIES, makePerson } from '../../../scripts/fixtures/people.ts';
import { Rng } from '../../../scripts/fixtures/prng.ts';
import { detectChannel } from '../intake/channel.detector.ts';
import { detectFaxServerPdf, faxResolutionOf, parsePdfImagesList } from './pdf.fax.ts';

const listing = `page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio
--------------------------------------------------------------------------------------------
   1     0 image    1728  1146  gray    1   1  ccitt  no         7  0   204    98 8841B 3.6%
   2     1 image    1728  2292  gray    1   1  ccitt  no        12  0   204   196 14.2K 2.9%
`;

describe('fax server PDFs: image listing', () => {
  it('parses pdfimages -list and accepts bilevel CCITT pages at fax resolution', () => {
    const entries = parsePdfImagesList(listing);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ page: 2, width: 1728, bpc: 1, encoding: 'ccitt', xPpi: 204, yPpi: 196 });
    expect(faxResolutionOf(entries, 2)).toEqual({ xDpi: 204, yDpi: 98 });
  });

  it('rejects scanner PDFs, mixed pages and pages without an image', () => {
    const jpeg = parsePdfImagesList(listing.replace('1  ccitt  no         7  0   204    98', '8   jpeg  no         7  0   300   300'));
    expect(faxResolutionOf(jpeg, 2)).toBeNull();
    // A page with a text layer and a logo has two images (or none): not a fax server's page.
    expect(faxResolutionOf(parsePdfImagesList(listing), 3)).toBeNull();
    // CCITT at 300 dpi is a bilevel office scan, not a fax.
    expect(faxResolutionOf(parsePdfImagesList(listing.replace('204    98', '300   300')), 2)).toBeNull();
  });
});

describe('fax server PDFs: real files (tiff2pdf, pdfimages)', () => {
  let dir: string;
  const person = makePerson(new Rng(3), 'Kowalski', CITIES[1] as (typeof CITIES)[number]);
  const letter: CrossChannelLetter = {
    person,
    customerNumber: '4711055501',
    subject: 'Änderung meiner Bankverbindung',
    letterDate: new Date(Date.UTC(2026, 11, 3)),
    paragraphs: ['bitte buchen Sie die monatlichen Beträge ab sofort von meinem neuen Konto ab. Das alte Konto wird zum Monatsende aufgelöst.'],
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pst-faxpdf-test-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  for (const yDpi of [98, 196] as const) {
    it(`a fax server PDF at 204×${yDpi} is channel fax`, async () => {
      const file = path.join(dir, `fax-${yDpi}.pdf`);
      await writeLetterFax(letter, 40 + yDpi, file, dir, { headerFormat: 2, sendDate: new Date(Date.UTC(2026, 11, 7)), yDpi, asPdf: true });
      const bytes = await fs.readFile(file);
      expect(await detectFaxServerPdf(bytes, { timeoutMs: 60_000 })).toEqual({ xDpi: 204, yDpi });
      expect(await detectChannel(bytes, 'eingang.pdf')).toBe('fax');
    });
  }

  it('a scanner PDF of the same letter stays channel scan', async () => {
    const file = path.join(dir, 'scan.pdf');
    await writeLetterScan(letter, 77, file, dir);
    const bytes = await fs.readFile(file);
    expect(await detectFaxServerPdf(bytes, { timeoutMs: 60_000 })).toBeNull();
    expect(await detectChannel(bytes, 'scan.pdf')).toBe('scan');
  });
});
