import { describe, expect, it } from 'vitest';
import { addressHeader, encodedWord, writeMessage } from '../../../../scripts/fixtures/mime.writer.ts';
import { detectFormat } from '../../imaging/format.sniffer.ts';
import { peekMessageId } from '../mail/mailbox.importer.ts';
import { prepareEmailIntake } from './email.intake.ts';
import { classifyEmailKind } from './email.kind.ts';
import { maxNestedMessageDepth, parseEmail } from './email.parser.ts';

function message(headers: Array<[string, string]>, body: string, charset: 'utf-8' | 'iso-8859-1' | 'iso-8859-15' | 'windows-1252' = 'utf-8'): Buffer {
  return writeMessage(headers, { kind: 'text', subtype: 'plain', text: body, charset, encoding: 'quoted-printable' }, 't');
}

const base: Array<[string, string]> = [
  ['From', addressHeader('Jürgen Weiß', 'juergen.weiss@example.de', 'iso-8859-1')],
  ['To', 'kundenservice@fernmeldewerk.example'],
  ['Date', 'Tue, 24 Nov 2026 10:15:00 +0100'],
  ['Message-ID', '<abc.123@example.de>'],
];

describe('e-mail parsing', () => {
  it('is recognised by content, whatever the file is called', () => {
    expect(detectFormat(message([...base, ['Subject', 'Kündigung']], 'Hallo')).format).toBe('eml');
    expect(detectFormat(Buffer.from('Betreff: Kündigung\nDate: morgen\n\nText')).format).toBe('unknown');
  });

  it('decodes RFC 2047 headers and single-byte charsets, including the euro sign of ISO-8859-15 and Windows-1252', async () => {
    for (const charset of ['iso-8859-1', 'iso-8859-15', 'windows-1252', 'utf-8'] as const) {
      // What each charset can carry beyond Latin-1: € (8859-15), also dashes and „quotes“ (1252, UTF-8).
      const euro = { 'iso-8859-1': '', 'iso-8859-15': ' 49,90 €', 'windows-1252': ' – 49,90 € „netto“', 'utf-8': ' – 49,90 € „netto“' }[charset];
      const parsed = await parseEmail(message([...base, ['Subject', encodedWord(`Änderung der Bankverbindung für Größe${euro}`, charset, 'Q')]], `Grüße aus Köln${euro}`, charset));
      expect(parsed.subject, charset).toBe(`Änderung der Bankverbindung für Größe${euro}`);
      expect(parsed.body, charset).toBe(`Grüße aus Köln${euro}`);
      expect(parsed.from).toEqual({ address: 'juergen.weiss@example.de', name: 'Jürgen Weiß' });
      expect(parsed.messageId).toBe('abc.123@example.de');
      expect(parsed.date?.toISOString()).toBe('2026-11-24T09:15:00.000Z');
    }
  });

  it('reads RFC 2231 and RFC 2047 file names and opens forwarded messages only up to the depth limit', async () => {
    let inner = message([...base, ['Subject', 'Ebene 0']], 'innerste Nachricht');
    for (let level = 1; level <= maxNestedMessageDepth + 1; level += 1) {
      inner = writeMessage(
        [...base, ['Subject', `Ebene ${level}`]],
        {
          kind: 'multipart',
          subtype: 'mixed',
          parts: [
            { kind: 'text', subtype: 'plain', text: `Weiterleitung ${level}`, charset: 'utf-8', encoding: '8bit' },
            { kind: 'raw', contentType: 'message/rfc822', content: inner, disposition: 'attachment; filename="weiter.eml"' },
            { kind: 'file', contentType: 'application/pdf', fileName: `Bestätigung_${level}_Übersicht.pdf`, content: Buffer.from('%PDF-1.4\n%%EOF\n'), fileNameStyle: level % 2 === 0 ? 'rfc2047' : 'rfc2231' },
          ],
        },
        `n${level}`,
      );
    }
    const parsed = await parseEmail(inner);
    expect(parsed.nested.map((nested) => nested.subject)).toEqual(['Ebene 3', 'Ebene 2', 'Ebene 1']);
    const names = parsed.attachments.map((attachment) => attachment.fileName);
    expect(names).toContain('Bestätigung_4_Übersicht.pdf');
    expect(names).toContain('Bestätigung_1_Übersicht.pdf');
    // Beyond the limit the message stays an attachment (kept in the original, listed on the body page).
    expect(parsed.attachments.some((attachment) => attachment.contentType === 'message/rfc822')).toBe(true);
  });

  it('turns HTML into text without scripts, styles or remote images', async () => {
    const html = '<html><head><title>x</title><style>p{color:red}</style></head><body><script>document.write("böse")</script><p>Sehr geehrte Damen und Herren,</p><p>bitte <a href="https://phish.example/">hier</a> kündigen.</p><img src="https://tracker.example/p.gif"></body></html>';
    const parsed = await parseEmail(writeMessage(base, { kind: 'text', subtype: 'html', text: html, charset: 'windows-1252', encoding: 'quoted-printable' }, 'h'));
    expect(parsed.bodyFormat).toBe('html');
    expect(parsed.body).toBe('Sehr geehrte Damen und Herren,\n\nbitte hier kündigen.');
  });

  it('dates the receipt by the Date header, never in the future, unless a date was given', async () => {
    const bytes = message(base, 'Hallo');
    const now = new Date('2026-11-30T12:00:00Z');
    expect((await prepareEmailIntake(bytes, { receivedAt: now, receivedAtGiven: false, now }))?.receivedAt.toISOString()).toBe('2026-11-24T09:15:00.000Z');
    expect((await prepareEmailIntake(bytes, { receivedAt: now, receivedAtGiven: true, now }))?.receivedAt).toBe(now);
    const early = new Date('2026-11-20T00:00:00Z');
    expect((await prepareEmailIntake(bytes, { receivedAt: early, receivedAtGiven: false, now: early }))?.receivedAt).toEqual(early);
  });

  it('finds the Message-ID in folded headers without parsing the message', () => {
    expect(peekMessageId(Buffer.from('From: a@b.de\r\nMessage-ID:\r\n <x.1@host.example>\r\nSubject: s\r\n\r\nMessage-ID: <falsch@body>\r\n'))).toBe('x.1@host.example');
    expect(peekMessageId(Buffer.from('From: a@b.de\r\n\r\nMessage-ID: <body@only>\r\n'))).toBeNull();
  });
});

describe('auto-replies and bounces', () => {
  const classify = (headers: Record<string, string>, subject: string, fromAddress = 'kunde@example.de', contentType = 'text/plain', reportType: string | null = null) =>
    classifyEmailKind({ headers: new Map(Object.entries(headers)), contentType, reportType, fromAddress, subject });

  it('recognises machine-written mail by its headers', () => {
    expect(classify({ 'auto-submitted': 'auto-replied' }, 'Re: Ihre Rechnung')).toBe('auto_reply');
    expect(classify({ 'auto-submitted': 'no' }, 'Re: Ihre Rechnung')).toBe('request');
    expect(classify({ 'x-autoreply': 'yes' }, 'Ihre Nachricht')).toBe('auto_reply');
    expect(classify({ 'x-autorespond': 'Ihre Nachricht' }, 'Ihre Nachricht')).toBe('auto_reply');
    expect(classify({ precedence: 'bulk' }, 'Newsletter Dezember')).toBe('auto_reply');
    expect(classify({ precedence: 'junk' }, 'Gewinnspiel')).toBe('auto_reply');
    expect(classify({}, 'Delivery report', 'kunde@example.de', 'multipart/report', 'delivery-status')).toBe('bounce');
    expect(classify({}, 'Hinweis', 'MAILER-DAEMON@mx.example.de')).toBe('bounce');
    expect(classify({}, 'Hinweis', 'postmaster@example.de')).toBe('bounce');
  });

  it('recognises German and English subjects of auto-replies and delivery failures', () => {
    for (const subject of ['Abwesenheitsnotiz: Kündigung', 'Automatische Antwort: Ihre Anfrage', 'Out of Office: Vertrag', 'AutoReply: Rechnung']) {
      expect(classify({}, subject), subject).toBe('auto_reply');
    }
    for (const subject of ['Unzustellbar: Ihre Rechnung', 'Undeliverable: Vertragsbestätigung', 'Mail delivery failed: returning message to sender']) {
      expect(classify({}, subject), subject).toBe('bounce');
    }
    for (const subject of ['Kündigung zum 31.12.', 'Wie stelle ich eine Abwesenheitsvertretung ein?', 'Re: Rückfrage zur Rechnung']) {
      expect(classify({}, subject), subject).toBe('request');
    }
  });
});
