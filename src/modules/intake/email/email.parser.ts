import { simpleParser, type AddressObject, type Attachment, type HeaderValue, type ParsedMail, type StructuredHeader } from 'mailparser';
import type { EmailKind } from '../../database/database.types.ts';
import { classifyEmailKind } from './email.kind.ts';
import { htmlToPlainText, tidyBodyText } from './email.html.ts';

/** Attached messages (forwarded as attachment) are opened this deep, deeper ones are kept as files. */
export const maxNestedMessageDepth = 3;

export interface EmailAddressValue {
  address: string;
  name: string | null;
}

export interface EmailAttachmentPart {
  fileName: string;
  contentType: string;
  content: Buffer;
  /** Inline images of an HTML body (logos, signatures), referenced by cid: — not part of the letter. */
  inline: boolean;
  /** Which attached message it came from (0 = the message itself). */
  depth: number;
}

/** A forwarded message attached to the e-mail, rendered after the body. */
export interface NestedEmail {
  depth: number;
  from: EmailAddressValue | null;
  to: EmailAddressValue[];
  subject: string | null;
  date: Date | null;
  body: string;
}

export interface ParsedEmail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: EmailAddressValue | null;
  to: EmailAddressValue[];
  cc: EmailAddressValue[];
  subject: string | null;
  date: Date | null;
  body: string;
  bodyFormat: 'plain' | 'html' | 'none';
  kind: EmailKind;
  nested: NestedEmail[];
  attachments: EmailAttachmentPart[];
}

/**
 * RFC 822 / MIME message → envelope, body text and attachments. mailparser
 * decodes charsets (ISO-8859-1/15, Windows-1252, UTF-8, …), RFC 2047 encoded
 * words in headers and RFC 2231 file names. Attached messages are parsed in
 * turn up to `maxNestedMessageDepth`.
 */
export async function parseEmail(bytes: Buffer): Promise<ParsedEmail> {
  const mail = await simpleParser(bytes, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, keepDeliveryStatus: false });
  const top = describe(mail);
  const nested: NestedEmail[] = [];
  const attachments: EmailAttachmentPart[] = [];
  await collect(mail, 0, nested, attachments);

  const contentType = structured(mail.headers.get('content-type'));
  const headers = new Map<string, string>();
  for (const [name, value] of mail.headers) headers.set(name.toLowerCase(), headerText(value));
  const kind = classifyEmailKind({
    headers,
    contentType: contentType?.value ?? '',
    reportType: contentType?.params['report-type'] ?? null,
    fromAddress: top.from?.address ?? null,
    subject: top.subject,
  });

  return {
    messageId: normaliseMessageId(mail.messageId),
    inReplyTo: normaliseMessageId(mail.inReplyTo),
    references: [...new Set(toArray(mail.references).flatMap(splitMessageIds))],
    from: top.from,
    to: top.to,
    cc: addresses(mail.cc),
    subject: top.subject,
    date: top.date,
    body: top.body,
    bodyFormat: top.bodyFormat,
    kind,
    nested,
    attachments,
  };
}

function describe(mail: ParsedMail) {
  const from = addresses(mail.from)[0] ?? null;
  let body = '';
  let bodyFormat: ParsedEmail['bodyFormat'] = 'none';
  const text = typeof mail.text === 'string' ? tidyBodyText(mail.text) : '';
  if (text !== '') {
    body = text;
    bodyFormat = 'plain';
  } else if (typeof mail.html === 'string' && mail.html.trim() !== '') {
    body = htmlToPlainText(mail.html);
    bodyFormat = 'html';
  }
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null;
  return { from, to: addresses(mail.to), subject: mail.subject?.trim() || null, date, body, bodyFormat };
}

async function collect(mail: ParsedMail, depth: number, nested: NestedEmail[], attachments: EmailAttachmentPart[]): Promise<void> {
  for (const attachment of mail.attachments) {
    if (isMessage(attachment) && depth < maxNestedMessageDepth) {
      const inner = await simpleParser(attachment.content, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
      const described = describe(inner);
      nested.push({ depth: depth + 1, from: described.from, to: described.to, subject: described.subject, date: described.date, body: described.body });
      await collect(inner, depth + 1, nested, attachments);
      continue;
    }
    attachments.push({
      fileName: attachment.filename ?? defaultFileName(attachment, attachments.length + 1),
      contentType: attachment.contentType.toLowerCase(),
      content: attachment.content,
      inline: attachment.related === true && attachment.contentType.startsWith('image/'),
      depth,
    });
  }
}

function isMessage(attachment: Attachment): boolean {
  return attachment.contentType.toLowerCase() === 'message/rfc822' || /\.eml$/i.test(attachment.filename ?? '');
}

function defaultFileName(attachment: Attachment, index: number): string {
  const subtype = attachment.contentType.split('/')[1]?.replace(/[^a-z0-9.+-]/gi, '') ?? 'bin';
  return `anhang-${index}.${subtype}`;
}

function addresses(value: AddressObject | AddressObject[] | undefined): EmailAddressValue[] {
  const result: EmailAddressValue[] = [];
  for (const object of toArray(value)) {
    for (const entry of object.value) {
      const members = entry.group ?? [entry];
      for (const member of members) {
        const address = member.address?.trim().toLowerCase();
        if (address) result.push({ address, name: member.name.trim() || null });
      }
    }
  }
  return result;
}

function structured(value: HeaderValue | undefined): StructuredHeader | null {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'value' in value && 'params' in value && typeof value.value === 'string') {
    return value as StructuredHeader;
  }
  return null;
}

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((entry) => headerText(entry)).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('value' in value) return headerText(value.value);
  }
  return '';
}

function toArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** `<abc@host>` → `abc@host`: the form stored and compared. */
export function normaliseMessageId(value: string | undefined | null): string | null {
  if (!value) return null;
  const first = splitMessageIds(value)[0];
  return first ?? null;
}

function splitMessageIds(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] ?? '').filter((id) => id !== '');
  if (bracketed.length > 0) return bracketed;
  return value.split(/\s+/).map((id) => id.trim()).filter((id) => id.includes('@'));
}
