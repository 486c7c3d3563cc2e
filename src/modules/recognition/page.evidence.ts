/**
 * What the page images and OCR boxes tell beyond the text: the fax header of
 * the first page (sending number and time, for matching and the record) and
 * signature boxes left empty on contract forms. Read once per document in the
 * recognize step.
 */
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { Database, PageWordRecord } from '../database/database.types.ts';
import { findFaxHeader } from '../extraction/fax-header.ts';
import { detectSignatureBoxes, type BoxedWord } from '../imaging/signature-box.ts';
import type { BlobStore } from '../storage/blob-store.types.ts';

export interface PageEvidence {
  faxSender: string | null;
  faxSentAt: string | null;
  faxStation: string | null;
  signature?: { boxes: number; signed: number; missingOnPages: number[] };
  signatureMissing?: boolean;
}

const SIGNATURE_WORD = /unterschrift|signature/i;

export async function collectPageEvidence({ db, blobs }: { db: Kysely<Database>; blobs: BlobStore }, document: { id: string; channel: string; received_at: Date | string }): Promise<PageEvidence> {
  const pages = await db
    .selectFrom('document_pages')
    .select(['page_no', 'text', 'words', 'image_key', 'dpi', 'text_source'])
    .where('document_id', '=', document.id)
    .orderBy('page_no')
    .execute();
  const evidence: PageEvidence = { faxSender: null, faxSentAt: null, faxStation: null };

  // The header of the first page that has one (a cover sheet may come first).
  if (document.channel !== 'email') {
    for (const page of pages.slice(0, 2)) {
      const found = findFaxHeader(page.text ?? '', { receivedAt: new Date(document.received_at) });
      if (!found) continue;
      evidence.faxSender = found.header.senderNumber;
      evidence.faxSentAt = found.header.sentAt;
      evidence.faxStation = found.header.stationName;
      break;
    }
  }

  const withLabels = pages.filter((page) => page.text_source === 'ocr' && page.words && SIGNATURE_WORD.test(page.text ?? ''));
  if (withLabels.length > 0) {
    let boxes = 0;
    let signed = 0;
    const missingOnPages: number[] = [];
    for (const page of withLabels) {
      const { data, info } = await sharp(await blobs.get(page.image_key)).greyscale().raw().toBuffer({ resolveWithObject: true });
      const grey = info.channels === 1 ? new Uint8Array(data.buffer, data.byteOffset, data.length) : firstChannel(data, info.channels);
      const words: BoxedWord[] = (page.words ?? []).map((word: PageWordRecord) => ({ text: word.t, confidence: word.c, left: word.b[0], top: word.b[1], width: word.b[2], height: word.b[3] }));
      const found = detectSignatureBoxes({ width: info.width, height: info.height, data: grey }, words, page.dpi);
      boxes += found.length;
      signed += found.filter((box) => box.signed).length;
      if (found.some((box) => !box.signed)) missingOnPages.push(page.page_no);
    }
    if (boxes > 0) {
      evidence.signature = { boxes, signed, missingOnPages };
      evidence.signatureMissing = missingOnPages.length > 0;
    }
  }
  return evidence;
}

function firstChannel(data: Buffer, channels: number): Uint8Array {
  const out = new Uint8Array(data.length / channels);
  for (let i = 0; i < out.length; i += 1) out[i] = data[i * channels] as number;
  return out;
}
