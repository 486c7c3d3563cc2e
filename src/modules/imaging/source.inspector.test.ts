import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isPoststelleError } from '../shared/errors.ts';
import { encryptPdf, makeFaxTiff, makePdf, sampleLetter, textPng } from './imaging.fixtures.ts';
import { defaultLimits } from './imaging.types.ts';
import { createSourceInspector } from './source.inspector.ts';

async function quarantineCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isPoststelleError(error) && error.quarantine) return error.code;
    throw error;
  }
  throw new Error('expected a quarantine error');
}

describe('createSourceInspector', () => {
  const inspector = createSourceInspector({ limits: defaultLimits });

  it('counts PDF pages and reports their sizes', async () => {
    const pdf = await makePdf([{ text: sampleLetter }, { text: ['Seite zwei'] }]);
    const inspection = await inspector.inspect(pdf, 'brief.pdf');
    expect(inspection).toMatchObject({ format: 'pdf', mimeType: 'application/pdf', pageCount: 2, fax: null, encrypted: false, extensionMismatch: null });
    expect(inspection.pages).toHaveLength(2);
    expect(inspection.pages?.[0]).toMatchObject({ pageNo: 1, unit: 'pt' });
    expect(inspection.pages?.[0]?.width).toBeCloseTo(595.28, 1);
  });

  it('quarantines password-protected PDFs as encrypted_pdf', async () => {
    const pdf = await encryptPdf(await makePdf([{ text: sampleLetter }]), 'geheim');
    expect(await quarantineCode(inspector.inspect(pdf, 'geschuetzt.pdf'))).toBe('encrypted_pdf');
  });

  it('accepts PDFs that are encrypted only for permissions (they open without a password)', async () => {
    const pdf = await encryptPdf(await makePdf([{ text: sampleLetter }]), '');
    const inspection = await inspector.inspect(pdf, 'rechte.pdf');
    expect(inspection).toMatchObject({ format: 'pdf', pageCount: 1, encrypted: true });
  });

  it('quarantines truncated PDFs as corrupt_pdf', async () => {
    const pdf = await makePdf([{ text: sampleLetter }, { text: sampleLetter }]);
    expect(await quarantineCode(inspector.inspect(pdf.subarray(0, Math.floor(pdf.length / 2)), 'halb.pdf'))).toBe('corrupt_pdf');
    // Only the trailer missing: poppler would repair it silently, we do not.
    expect(await quarantineCode(inspector.inspect(pdf.subarray(0, pdf.length - 30), 'ohne-ende.pdf'))).toBe('corrupt_pdf');
    // A header and an end marker but nothing poppler can open.
    expect(await quarantineCode(inspector.inspect(Buffer.from('%PDF-1.7\ngarbage\n%%EOF\n'), 'kaputt.pdf'))).toBe('corrupt_pdf');
  });

  it('quarantines zero bytes as empty_file and unknown content as unsupported_format', async () => {
    expect(await quarantineCode(inspector.inspect(Buffer.alloc(0), 'leer.pdf'))).toBe('empty_file');
    expect(await quarantineCode(inspector.inspect(Buffer.from('just some text, not a letter'), 'notiz.txt'))).toBe('unsupported_format');
  });

  it('enforces file size, page count and pixel limits', async () => {
    const pdf = await makePdf([{ text: ['eins'] }, { text: ['zwei'] }, { text: ['drei'] }]);
    const small = createSourceInspector({ limits: { ...defaultLimits, maxPages: 2 } });
    expect(await quarantineCode(small.inspect(pdf, 'lang.pdf'))).toBe('too_many_pages');
    const fax = await makeFaxTiff([['a'], ['b'], ['c']], { width: 400, height: 300 });
    expect(await quarantineCode(small.inspect(fax, 'lang.tif'))).toBe('too_many_pages');
    const tiny = createSourceInspector({ limits: { ...defaultLimits, maxFileBytes: 100 } });
    expect(await quarantineCode(tiny.inspect(pdf, 'gross.pdf'))).toBe('file_too_large');
    const fewPixels = createSourceInspector({ limits: { ...defaultLimits, maxPixelsPerPage: 100_000 } });
    const png = await textPng(['Hallo'], { width: 1000, height: 200 });
    expect(await quarantineCode(fewPixels.inspect(png, 'bild.png'))).toBe('image_too_large');
    // The fax fits as stored but not once its rows are doubled for square pixels.
    const faxPage = await makeFaxTiff([['a']], { width: 400, height: 300 });
    const faxLimit = createSourceInspector({ limits: { ...defaultLimits, maxPixelsPerPage: 400 * 200 } });
    expect(await quarantineCode(faxLimit.inspect(faxPage, 'fax.tif'))).toBe('image_too_large');
    // PDF pages: a page that cannot be rasterised within the limit at a legible (≥ 72 dpi) resolution.
    const posterLimit = createSourceInspector({ limits: { ...defaultLimits, maxPixelsPerPage: 200_000 } });
    expect(await quarantineCode(posterLimit.inspect(await makePdf([{ text: ['A4'] }]), 'a4.pdf'))).toBe('image_too_large');
  });

  it('recognises a G4 TIFF at 204×98 dpi as a fax', async () => {
    const fax = await makeFaxTiff([sampleLetter, ['Seite 2']], { yDpi: 98 });
    const inspection = await inspector.inspect(fax, 'fax.tif');
    expect(inspection).toMatchObject({ format: 'tiff', mimeType: 'image/tiff', pageCount: 2 });
    expect(inspection.fax?.compression).toBe('g4');
    expect(inspection.fax?.xDpi).toBeCloseTo(204, 0);
    expect(inspection.fax?.yDpi).toBeCloseTo(98, 0);
  });

  it('does not call a 300 dpi LZW scan a fax', async () => {
    const tiff = await sharp(await textPng(sampleLetter)).tiff({ compression: 'lzw', xres: 300 / 25.4, yres: 300 / 25.4 }).toBuffer();
    const inspection = await inspector.inspect(tiff, 'scan.tiff');
    expect(inspection).toMatchObject({ format: 'tiff', pageCount: 1, fax: null });
  });

  it('processes a JPEG named .pdf by content and records the mismatch', async () => {
    const jpeg = await sharp(await textPng(sampleLetter)).jpeg().toBuffer();
    const inspection = await inspector.inspect(jpeg, 'scan.pdf');
    expect(inspection).toMatchObject({ format: 'jpeg', mimeType: 'image/jpeg', pageCount: 1 });
    expect(inspection.extensionMismatch).toEqual({ extension: 'pdf', expected: ['jpg', 'jpeg', 'jpe', 'jfif'] });
  });

  it('lets e-mails through with no pages (intake splits them)', async () => {
    const mail = Buffer.from('From: kunde@example.org\r\nTo: service@example.com\r\nSubject: Frage\r\n\r\nHallo');
    expect(await inspector.inspect(mail, 'mail.eml')).toMatchObject({ format: 'eml', pageCount: 0, fax: null });
  });

  it('quarantines broken image headers as corrupt_image', async () => {
    const png = await textPng(['Hallo']);
    expect(await quarantineCode(inspector.inspect(png.subarray(0, 30), 'kaputt.png'))).toBe('corrupt_image');
  });
});
