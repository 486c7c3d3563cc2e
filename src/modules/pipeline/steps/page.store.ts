import type { DocumentRow } from '../../database/database.types.ts';
import type { PageImage } from '../../imaging/imaging.types.ts';
import type { StepContext } from '../pipeline.types.ts';

/**
 * Stores one rendered page: its image in the blob store, its row with the
 * text layer when it has one (else OCR fills it later). A page stored by an
 * earlier, interrupted attempt stays as it is.
 */
export async function storeRenderedPage(
  context: Pick<StepContext, 'db' | 'blobs'>,
  document: Pick<DocumentRow, 'id' | 'tenant_id'>,
  page: PageImage,
  text: string | null = page.textLayer,
): Promise<void> {
  const image = await context.blobs.put(page.image);
  await context.db
    .insertInto('document_pages')
    .values({
      document_id: document.id,
      page_no: page.pageNo,
      tenant_id: document.tenant_id,
      image_key: image.key,
      width: page.width,
      height: page.height,
      dpi: page.dpi,
      text,
      text_source: text !== null ? 'text_layer' : null,
    })
    .onConflict((conflict) => conflict.columns(['document_id', 'page_no']).doNothing())
    .execute();
}
