import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isPoststelleError } from '../shared/errors.ts';
import { checkExtension, detectFormat, sniffFormat } from './format.sniffer.ts';
import { makeFaxTiff, makePdf, sampleLetter } from './imaging.fixtures.ts';

function quarantineCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (isPoststelleError(error) && error.quarantine) return error.code;
    throw error;
  }
  return undefined;
}

describe('sniffFormat', () => {
  it('recognises a PDF by its header', async () => {
    const pdf = await makePdf([{ text: sampleLetter }]);
    expect(sniffFormat(pdf, 'brief.pdf')).toEqual({ format: 'pdf', mimeType: 'application/pdf' });
  });

  it('finds %PDF- after junk bytes within the first 1024 bytes', async () => {
    const pdf = await makePdf([{ text: sampleLetter }]);
    const junk = Buffer.concat([Buffer.from('\r\nX-Gateway: scanned\r\n'), Buffer.alloc(600, 0x20), pdf]);
    expect(sniffFormat(junk).format).toBe('pdf');
    // Beyond 1024 bytes it is no longer a PDF header (Acrobat's rule as well).
    const tooMuch = Buffer.concat([Buffer.alloc(1100, 0x41), pdf]);
    expect(detectFormat(tooMuch).format).toBe('unknown');
  });

  it('recognises TIFF in both byte orders, PNG and JPEG', async () => {
    const tiff = await makeFaxTiff([['Fax']], { width: 200, height: 100 });
    expect(sniffFormat(tiff).format).toBe('tiff');
    expect(detectFormat(Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])).format).toBe('tiff');
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(sniffFormat(png)).toEqual({ format: 'png', mimeType: 'image/png' });
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    expect(sniffFormat(jpeg)).toEqual({ format: 'jpeg', mimeType: 'image/jpeg' });
  });

  it('recognises e-mails by RFC 822 headers at the start', () => {
    const mail = Buffer.from('Return-Path: <kunde@example.org>\r\nReceived: from mx.example.org\r\nFrom: Kunde <kunde@example.org>\r\nSubject: Kündigung\r\n\r\nText');
    expect(sniffFormat(mail)).toEqual({ format: 'eml', mimeType: 'message/rfc822' });
    const mbox = Buffer.from('From kunde@example.org Mon Jan  1 00:00:00 2024\nFrom: kunde@example.org\nMIME-Version: 1.0\n\nText');
    expect(sniffFormat(mbox).format).toBe('eml');
    // Folded header lines are fine.
    const folded = Buffer.from('Received: from a\n\tby b\nFrom: x@example.org\nTo: y@example.org\n\nHi');
    expect(sniffFormat(folded).format).toBe('eml');
  });

  it('does not take a text file mentioning headers for an e-mail', () => {
    expect(detectFormat(Buffer.from('Notiz\nFrom: jemand\nSubject: nichts\n')).format).toBe('unknown');
    expect(detectFormat(Buffer.from('Date: 2024-01-01\n\nNur ein Datum')).format).toBe('unknown');
  });

  it('quarantines zero bytes as empty_file and unknown content as unsupported_format', () => {
    expect(quarantineCode(() => sniffFormat(Buffer.alloc(0), 'leer.pdf'))).toBe('empty_file');
    expect(quarantineCode(() => sniffFormat(Buffer.from('PK\u0003\u0004 zip archive'), 'brief.pdf'))).toBe('unsupported_format');
  });

  it('processes a JPEG named .pdf by content and reports the extension mismatch', async () => {
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const sniffed = sniffFormat(jpeg, 'scan.pdf');
    expect(sniffed.format).toBe('jpeg');
    expect(checkExtension(sniffed.format, 'scan.pdf')).toBe(false);
  });
});

describe('checkExtension', () => {
  it('accepts fitting, absent and generic extensions', () => {
    expect(checkExtension('pdf', 'Brief.PDF')).toBe(true);
    expect(checkExtension('tiff', 'fax-0815.tif')).toBe(true);
    expect(checkExtension('jpeg', 'foto.jpeg')).toBe(true);
    expect(checkExtension('pdf', 'ohne-endung')).toBe(true);
    expect(checkExtension('pdf')).toBe(true);
    expect(checkExtension('pdf', 'upload.bin')).toBe(true);
  });

  it('rejects extensions of another format', () => {
    expect(checkExtension('jpeg', 'scan.pdf')).toBe(false);
    expect(checkExtension('pdf', 'scan.tif')).toBe(false);
    expect(checkExtension('png', 'bild.jpg')).toBe(false);
  });
});
