import sharp from 'sharp';

/** 8-bit grey pixels, row by row, at a known resolution. */
export interface GreyRaster {
  width: number;
  height: number;
  dpi: number;
  data: Uint8Array;
}

/**
 * A page image as grey pixels at (about) `targetDpi`: page analysis does not
 * need 300 dpi, and a third of the resolution is a ninth of the work.
 */
export async function loadGreyRaster(image: Buffer, sourceDpi: number, targetDpi: number): Promise<GreyRaster> {
  const pipeline = sharp(image).greyscale();
  const meta = await sharp(image).metadata();
  const sourceWidth = meta.width ?? 0;
  const scale = sourceDpi > targetDpi ? targetDpi / sourceDpi : 1;
  const resized = scale < 1 ? pipeline.resize({ width: Math.max(1, Math.round(sourceWidth * scale)), kernel: 'linear' }) : pipeline;
  const { data, info } = await resized.raw().toBuffer({ resolveWithObject: true });
  const grey = info.channels === 1 ? new Uint8Array(data.buffer, data.byteOffset, data.length) : firstChannel(data, info.channels);
  return { width: info.width, height: info.height, dpi: sourceDpi * (info.width / Math.max(1, sourceWidth)), data: grey };
}

function firstChannel(data: Buffer, channels: number): Uint8Array {
  const out = new Uint8Array(data.length / channels);
  for (let index = 0; index < out.length; index += 1) out[index] = data[index * channels] as number;
  return out;
}

/** The raster turned by 90°: rows become columns (bars drawn along the other page edge). */
export function transposeRaster(raster: GreyRaster): GreyRaster {
  const { width, height, data } = raster;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) out[x * height + y] = data[row + x] as number;
  }
  return { width: height, height: width, dpi: raster.dpi, data: out };
}

/** Paper brightness: the 60th percentile of the page's pixels (most of a page is paper). */
export function paperLevel(raster: GreyRaster, crop: { left: number; top: number; right: number; bottom: number }): number {
  const histogram = new Uint32Array(256);
  let count = 0;
  for (let y = crop.top; y < crop.bottom; y += 2) {
    const row = y * raster.width;
    for (let x = crop.left; x < crop.right; x += 2) {
      histogram[raster.data[row + x] as number] = (histogram[raster.data[row + x] as number] as number) + 1;
      count += 1;
    }
  }
  let seen = 0;
  for (let level = 0; level < 256; level += 1) {
    seen += histogram[level] as number;
    if (seen >= count * 0.6) return level;
  }
  return 255;
}
