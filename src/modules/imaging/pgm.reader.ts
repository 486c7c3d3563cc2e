/**
 * Reads a binary PGM (P5), the format `pdftoppm -gray` writes when no PNG is
 * asked for. Poppler's own PNG writer emits RGB even with -gray, so we take the
 * raw grey samples and encode the PNG once ourselves instead of decoding and
 * re-encoding an RGB PNG.
 */
export interface PgmImage {
  width: number;
  height: number;
  maxValue: number;
  /** width × height samples, one byte each (maxValue ≤ 255). */
  pixels: Buffer;
}

export function parsePgm(data: Buffer): PgmImage {
  if (data.length < 2 || data[0] !== 0x50 || data[1] !== 0x35) throw new Error('not a binary PGM (P5)');
  const fields: number[] = [];
  let offset = 2;
  while (fields.length < 3) {
    // Whitespace and '#' comments may separate the header fields.
    while (offset < data.length) {
      const byte = data[offset];
      if (byte === 0x23) {
        while (offset < data.length && data[offset] !== 0x0a) offset += 1;
      } else if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) {
        offset += 1;
      } else {
        break;
      }
    }
    const start = offset;
    while (offset < data.length && (data[offset] ?? 0) >= 0x30 && (data[offset] ?? 0) <= 0x39) offset += 1;
    if (offset === start || offset - start > 9) throw new Error('malformed PGM header');
    fields.push(Number(data.toString('latin1', start, offset)));
  }
  offset += 1; // exactly one whitespace byte before the samples
  const [width = 0, height = 0, maxValue = 0] = fields;
  if (width <= 0 || height <= 0) throw new Error(`invalid PGM size ${width}x${height}`);
  if (maxValue <= 0 || maxValue > 255) throw new Error(`unsupported PGM maxval ${maxValue}`);
  const end = offset + width * height;
  if (end > data.length) throw new Error(`PGM data truncated: ${data.length - offset} of ${width * height} bytes`);
  return { width, height, maxValue, pixels: data.subarray(offset, end) };
}
