import { concatTransformationMatrix, drawObject, PDFHexString, PDFName, PDFNumber, popGraphicsState, pushGraphicsState, type PDFDocument, type PDFPage, type PDFRef } from 'pdf-lib';
import sharp from 'sharp';

/**
 * Puts a page image into a PDF without decoding and re-encoding it when the
 * PDF can carry its bytes as they are: a JPEG goes in as DCTDecode, a
 * non-interlaced PNG as its own zlib stream (FlateDecode with the PNG
 * predictors — the same bytes, just without the chunk framing). Re-encoding a
 * 300-dpi A4 page as JPEG costs 0.2–0.4 s, as much as a third of its OCR.
 * Anything else (interlaced, alpha, 16-bit) is converted to a JPEG once.
 */

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type PageImageFormat = 'jpeg' | 'png' | 'other';

export function pageImageFormat(bytes: Buffer): PageImageFormat {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(pngSignature)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return 'other';
}

export function pageImageMimeType(bytes: Buffer): string {
  const format = pageImageFormat(bytes);
  return format === 'jpeg' ? 'image/jpeg' : format === 'png' ? 'image/png' : 'application/octet-stream';
}

export interface PngLayout {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
  palette: Buffer | null;
  hasTransparency: boolean;
  /** The concatenated IDAT payloads: one zlib stream. */
  data: Buffer;
}

/** Reads a PNG's chunk structure (no pixel decoding). Throws on a malformed file. */
export function readPngLayout(png: Buffer): PngLayout {
  if (pageImageFormat(png) !== 'png') throw new Error('not a PNG');
  let offset = 8;
  let header: Omit<PngLayout, 'palette' | 'data' | 'hasTransparency'> | null = null;
  let palette: Buffer | null = null;
  let hasTransparency = false;
  const data: Buffer[] = [];
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const start = offset + 8;
    const end = start + length;
    if (end + 4 > png.length) throw new Error(`truncated PNG chunk ${type}`);
    const body = png.subarray(start, end);
    if (type === 'IHDR') {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8] ?? 0, colourType: body[9] ?? 0, interlaced: (body[12] ?? 0) !== 0 };
    } else if (type === 'PLTE') {
      palette = Buffer.from(body);
    } else if (type === 'tRNS') {
      hasTransparency = true;
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset = end + 4;
  }
  if (!header) throw new Error('PNG without IHDR');
  if (data.length === 0) throw new Error('PNG without image data');
  return { ...header, palette, hasTransparency, data: data.length === 1 ? (data[0] as Buffer) : Buffer.concat(data) };
}

/** Colour types the PDF can show straight from the PNG's zlib stream: grey, RGB, palette — without alpha. */
function passThroughColours(layout: PngLayout): number | null {
  if (layout.interlaced || layout.hasTransparency || layout.bitDepth > 8) return null;
  if (layout.colourType === 0) return 1;
  if (layout.colourType === 2) return 3;
  if (layout.colourType === 3 && layout.palette) return 1;
  return null;
}

function embedPngStream(pdf: PDFDocument, layout: PngLayout, colours: number): PDFRef {
  const context = pdf.context;
  const colourSpace =
    layout.colourType === 3 && layout.palette
      ? context.obj([PDFName.of('Indexed'), PDFName.of('DeviceRGB'), PDFNumber.of(layout.palette.length / 3 - 1), PDFHexString.of(layout.palette.toString('hex'))])
      : PDFName.of(layout.colourType === 2 ? 'DeviceRGB' : 'DeviceGray');
  const stream = context.stream(layout.data, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: layout.width,
    Height: layout.height,
    BitsPerComponent: layout.bitDepth,
    ColorSpace: colourSpace,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: colours, BitsPerComponent: layout.bitDepth, Columns: layout.width },
  });
  return context.register(stream);
}

export interface PlacedImage {
  /** How the image got into the PDF: as it was, or re-encoded. */
  mode: 'jpeg' | 'png' | 'reencoded';
}

/** Draws `image` over the whole page (stretched to the page's size, so non-square pixels come out right). */
export async function drawPageImage(pdf: PDFDocument, page: PDFPage, image: Buffer, options: { fallbackQuality?: number } = {}): Promise<PlacedImage> {
  const { width, height } = page.getSize();
  const format = pageImageFormat(image);
  if (format === 'jpeg') {
    try {
      const embedded = await pdf.embedJpg(image);
      page.drawImage(embedded, { x: 0, y: 0, width, height });
      return { mode: 'jpeg' };
    } catch {
      // CMYK/odd JPEGs pdf-lib cannot parse: re-encode below.
    }
  }
  if (format === 'png') {
    const layout = readPngLayout(image);
    const colours = passThroughColours(layout);
    if (colours !== null) {
      const ref = embedPngStream(pdf, layout, colours);
      const name = page.node.newXObject('Img', ref);
      page.pushOperators(...imageOperators(name, width, height));
      return { mode: 'png' };
    }
  }
  const jpeg = await sharp(image).flatten({ background: '#ffffff' }).jpeg({ quality: options.fallbackQuality ?? 70 }).toBuffer();
  const embedded = await pdf.embedJpg(jpeg);
  page.drawImage(embedded, { x: 0, y: 0, width, height });
  return { mode: 'reencoded' };
}

/** q w 0 0 h 0 0 cm /Name Do Q: the unit image square scaled to the page. */
function imageOperators(name: PDFName, width: number, height: number) {
  return [pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState()];
}
