/**
 * Writes the resolution into a PNG's pHYs chunk. libvips carries the source's
 * resolution through resizing (a 204×98 dpi fax would be labelled 204×98 after
 * becoming 300×300) and sharp's `withDensity` also copies the source's EXIF
 * (camera, GPS) into the page image, so we set the one chunk ourselves.
 */

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Returns a copy of `png` whose pHYs says `dpi` in both directions; drops eXIf, which may hold a stale resolution. */
export function setPngDensity(png: Buffer, dpi: number): Buffer {
  if (png.length < 8 || !png.subarray(0, 8).equals(signature)) throw new Error('not a PNG');
  const pixelsPerMetre = Math.round(dpi / 0.0254);
  const phys = Buffer.alloc(9);
  phys.writeUInt32BE(pixelsPerMetre, 0);
  phys.writeUInt32BE(pixelsPerMetre, 4);
  phys.writeUInt8(1, 8); // unit: metre

  const parts: Buffer[] = [signature];
  let offset = 8;
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > png.length) throw new Error('truncated PNG chunk');
    if (type !== 'pHYs' && type !== 'eXIf') parts.push(png.subarray(offset, end));
    // pHYs must precede the image data; right after IHDR is always valid.
    if (type === 'IHDR') parts.push(chunk('pHYs', phys));
    offset = end;
  }
  return Buffer.concat(parts);
}
