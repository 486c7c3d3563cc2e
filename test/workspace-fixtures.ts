import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Channel, Database } from '../src/modules/database/database.types.ts';
import { routeIntoWorkQueue } from '../src/modules/queues/work-items.placement.ts';

/**
 * Documents for workspace tests without OCR: inserted as the pipeline would
 * leave them after recognition, then handed to their queue the way the
 * finalize step does (work item, history entry, webhook outbox).
 */
export interface SeedLetter {
  receivedAt: string;
  requestType: string | null;
  queue: string;
  channel?: Channel;
  firstName?: string;
  lastName?: string;
  company?: string;
  customerNumber?: string | null;
  text?: string;
  tenantId?: string;
  status?: 'routed' | 'needs_review';
}

const bodies: Record<string, string> = {
  cancellation: 'hiermit kündige ich meinen Mobilfunkvertrag fristgerecht zum nächstmöglichen Zeitpunkt. Bitte bestätigen Sie mir die Kündigung schriftlich.',
  invoice_complaint: 'in meiner Rechnung vom letzten Monat wurden mir Verbindungen ins Ausland berechnet, die ich nicht geführt habe. Ich bitte um Prüfung und Gutschrift.',
  tariff_change: 'ich möchte meinen Tarif zum nächsten Abrechnungszeitraum auf den Tarif mit 20 GB Datenvolumen umstellen.',
  customer_data_change: 'ich bin umgezogen. Meine neue Anschrift lautet Lindenallee 14, 50667 Köln. Bitte ändern Sie meine Daten.',
  bank_details_change: 'bitte buchen Sie ab sofort von meinem neuen Konto ab. Die neue IBAN lautet DE89 3704 0044 0532 0130 00.',
  number_porting: 'ich möchte meine Rufnummer zu einem anderen Anbieter mitnehmen und bitte um Freigabe der Portierung.',
  general_inquiry: 'können Sie mir bitte mitteilen, wann mein Vertrag frühestens endet?',
};

export function letterText(letter: SeedLetter): string {
  const name = letter.company ?? [letter.firstName, letter.lastName].filter(Boolean).join(' ');
  const body = bodies[letter.requestType ?? 'general_inquiry'] ?? bodies.general_inquiry;
  return letter.text ?? `${name}\nMusterstraße 5\n40210 Düsseldorf\n\nSehr geehrte Damen und Herren,\n\n${body}\n\nMit freundlichen Grüßen\n${name}`;
}

export async function insertRoutedDocument(db: Kysely<Database>, letter: SeedLetter): Promise<string> {
  const tenantId = letter.tenantId ?? 'default';
  const text = letterText(letter);
  const fields: Record<string, string> = {};
  if (letter.firstName) fields.firstName = letter.firstName;
  if (letter.lastName) fields.lastName = letter.lastName;
  if (letter.company) fields.company = letter.company;
  if (letter.customerNumber) fields.customerNumber = letter.customerNumber;
  const status = letter.status ?? (letter.requestType ? 'routed' : 'needs_review');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('documents')
      .values({
        tenant_id: tenantId,
        sha256: crypto.randomBytes(32).toString('hex'),
        original_key: `seed/${crypto.randomUUID()}`,
        original_name: 'brief.pdf',
        source: 'seed/brief.pdf',
        size_bytes: 20_000 + text.length,
        channel: letter.channel ?? 'scan',
        received_at: new Date(letter.receivedAt),
        status,
        page_count: 1,
        text,
        text_source: 'ocr',
        request_type: letter.requestType,
        request_type_confidence: letter.requestType ? 0.91 : null,
        fields: JSON.stringify(fields),
        customer_number: letter.customerNumber ?? null,
        match_status: letter.customerNumber ? 'auto' : 'none',
        match_confidence: letter.customerNumber ? 0.97 : 0,
        queue: letter.queue,
        finished_at: new Date(letter.receivedAt),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await routeIntoWorkQueue(trx, {
      id: row.id,
      tenantId,
      queue: letter.queue,
      receivedAt: new Date(letter.receivedAt),
      status,
      requestType: letter.requestType,
      customerNumber: letter.customerNumber ?? null,
      rule: letter.requestType ? `default:${letter.requestType}` : 'abstained',
    });
    return row.id;
  });
}
