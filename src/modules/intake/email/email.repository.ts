import type { Kysely, Transaction } from 'kysely';
import type { Database, EmailAttachmentRecord, EmailKind } from '../../database/database.types.ts';
import type { ParsedEmail } from './email.parser.ts';

export interface MailboxOrigin {
  mailbox: string;
  uidvalidity: number;
  uid: number;
}

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The e-mail envelope of documents: written with the document row (one
 * transaction), so a message that has a document always has its Message-ID
 * on record — the key that makes a re-delivered message a duplicate.
 */
export function createEmailRepository({ db }: { db: Kysely<Database> }) {
  return {
    /** The first document of this tenant that carries the Message-ID, if any. */
    async findByMessageId(tenantId: string, messageId: string, executor: Executor = db): Promise<string | null> {
      const row = await executor
        .selectFrom('email_messages')
        .select('document_id')
        .where('tenant_id', '=', tenantId)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row?.document_id ?? null;
    },

    /**
     * Stores the envelope and links a reply to the document it answers: the
     * In-Reply-To first, then the References from the newest back. The case
     * (thread) is the answered document's case, or the message itself.
     */
    async register(executor: Executor, input: { documentId: string; tenantId: string; email: ParsedEmail; origin?: MailboxOrigin | null }) {
      const { email } = input;
      const candidates = [email.inReplyTo, ...[...email.references].reverse()].filter((id): id is string => id !== null && id !== email.messageId);
      let answered: { document_id: string; thread_document_id: string | null } | undefined;
      if (candidates.length > 0) {
        const found = await executor
          .selectFrom('email_messages')
          .select(['document_id', 'thread_document_id', 'message_id'])
          .where('tenant_id', '=', input.tenantId)
          .where('message_id', 'in', candidates)
          .execute();
        for (const candidate of candidates) {
          answered = found.find((row) => row.message_id === candidate);
          if (answered) break;
        }
      }
      await executor
        .insertInto('email_messages')
        .values({
          document_id: input.documentId,
          tenant_id: input.tenantId,
          message_id: email.messageId,
          in_reply_to: email.inReplyTo,
          references: email.references,
          from_address: email.from?.address ?? null,
          from_name: email.from?.name ?? null,
          to_addresses: email.to.map((address) => address.address),
          subject: email.subject,
          sent_at: email.date,
          mailbox: input.origin?.mailbox ?? null,
          uidvalidity: input.origin?.uidvalidity ?? null,
          uid: input.origin?.uid ?? null,
          kind: email.kind,
          reply_to_document_id: answered?.document_id ?? null,
          thread_document_id: answered ? (answered.thread_document_id ?? answered.document_id) : input.documentId,
        })
        .execute();
      // In the document's transaction: a crash after this point cannot make the IMAP import take the message again.
      if (input.origin) {
        await executor
          .insertInto('mailbox_imports')
          .values({
            tenant_id: input.tenantId,
            mailbox: input.origin.mailbox,
            uidvalidity: input.origin.uidvalidity,
            uid: input.origin.uid,
            message_id: email.messageId,
            document_id: input.documentId,
          })
          .execute();
      }
    },

    /** What the pipeline learnt when it cut the message into pages. */
    async saveRendition(documentId: string, renditionKey: string, attachments: EmailAttachmentRecord[]): Promise<void> {
      await db
        .updateTable('email_messages')
        .set({ rendition_key: renditionKey, attachments: JSON.stringify(attachments) })
        .where('document_id', '=', documentId)
        .execute();
    },

    async renditionKey(documentId: string): Promise<string | null> {
      const row = await db.selectFrom('email_messages').select('rendition_key').where('document_id', '=', documentId).executeTakeFirst();
      return row?.rendition_key ?? null;
    },

    /** Sender and kind, for recognition (matching signal, auto-reply handling). */
    async signals(documentId: string): Promise<{ senderEmail: string | null; kind: EmailKind } | null> {
      const row = await db.selectFrom('email_messages').select(['from_address', 'kind']).where('document_id', '=', documentId).executeTakeFirst();
      return row ? { senderEmail: row.from_address, kind: row.kind } : null;
    },
  };
}

export type EmailRepository = ReturnType<typeof createEmailRepository>;
