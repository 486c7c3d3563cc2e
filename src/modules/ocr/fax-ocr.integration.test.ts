import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFaxTiff, sampleLetter } from '../imaging/imaging.fixtures.ts';
import { defaultLimits } from '../imaging/imaging.types.ts';
import { createPageRenderer } from '../imaging/page.renderer.ts';
import { createSourceInspector } from '../imaging/source.inspector.ts';
import { createTesseractEngine } from './tesseract.engine.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'poststelle-fax-ocr-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('fax → page image → tesseract', () => {
  it('reads a G4 fax in normal mode (204×98 dpi) including umlauts', async () => {
    const fax = await makeFaxTiff([sampleLetter], { yDpi: 98, fontSize: 30 });
    const inspection = await createSourceInspector({ limits: defaultLimits }).inspect(fax, 'fax.tif');
    const [page] = await createPageRenderer({ limits: defaultLimits }).render(fax, inspection);
    const imagePath = path.join(dir, 'page-1.png');
    await fs.writeFile(imagePath, page!.image);

    const result = await createTesseractEngine().recognize({ imagePath, dpi: page!.dpi, languages: ['deu'], wantPdf: false, timeoutMs: 60_000 });
    for (const word of ['Kündigung', 'nächstmöglichen', 'Termin', 'Kundennummer', 'Grüßen']) expect(result.text).toContain(word);
  });
});
