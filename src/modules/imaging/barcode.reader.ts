import zxing, { type DecodeHintType as HintType, type MultiFormatReader as ZxingReader } from '@zxing/library';
import { transposeRaster, type GreyRaster } from './grey.raster.ts';

const { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, NotFoundException, RGBLuminanceSource } = zxing;

export interface DecodedBarcode {
  format: 'code128' | 'qr';
  text: string;
}

export interface BarcodeReader {
  /** Decodes a Code 128 or QR code; `rotated` also tries the page turned by 90° (vertical 1D codes). */
  read(raster: GreyRaster, options?: { rotated?: boolean; tryHarder?: boolean }): DecodedBarcode | null;
}

/** Code 128 and QR through ZXing (pure JavaScript) on grey pixels. */
export function createBarcodeReader(): BarcodeReader {
  const formats = [BarcodeFormat.CODE_128, BarcodeFormat.QR_CODE];
  const fast = new MultiFormatReader();
  fast.setHints(new Map<HintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, formats]]));
  const thorough = new MultiFormatReader();
  thorough.setHints(
    new Map<HintType, unknown>([
      [DecodeHintType.POSSIBLE_FORMATS, formats],
      [DecodeHintType.TRY_HARDER, true],
    ]),
  );

  function decode(raster: GreyRaster, reader: ZxingReader): DecodedBarcode | null {
    const luminance = new RGBLuminanceSource(new Uint8ClampedArray(raster.data.buffer, raster.data.byteOffset, raster.data.length), raster.width, raster.height);
    // ZXing says „not found“ by throwing, often many times per page (every row scanned for a start pattern):
    // without stack traces those throws cost a fifth of what they did.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      const result = reader.decodeWithState(new BinaryBitmap(new HybridBinarizer(luminance)));
      return { format: result.getBarcodeFormat() === BarcodeFormat.QR_CODE ? 'qr' : 'code128', text: result.getText() };
    } catch (error) {
      // Not found, or a checksum/format failure on something barcode-like: both mean "no barcode here".
      if (error instanceof NotFoundException || (error instanceof Error && /Exception/.test(error.name + error.constructor.name))) return null;
      throw error;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
      reader.reset();
    }
  }

  return {
    read(raster, options = {}) {
      const reader = options.tryHarder ? thorough : fast;
      const upright = decode(raster, reader);
      if (upright || !options.rotated) return upright;
      return decode(transposeRaster(raster), reader);
    },
  };
}
