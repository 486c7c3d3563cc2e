import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../../../test/test-app.ts';
import { generateEmailSet, type GeneratedEmail } from '../../../../scripts/fixtures/emails.ts';
import { connectDatabase, type DatabaseHandle } from '../../database/database.ts';

/**
 * `poststelle ingest` of generated .eml files (several charsets, PDF, image,
 * TIFF, Office and inline attachments, a forwarded message, a reply, an
 * out-of-office reply and a bounce) in a separate process, as the contract
 * describes it: one JSON line per e-mail, channel "email".
 */
const cliPath = path.resolve('bin/poststelle.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Line = Record<string, unknown> & { id: string; source: string; status: string; channel: string; pages: number; text: string; receivedAt: string };

function fold(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

describe('e-mail through `poststelle ingest`', () => {
  let env: NodeJS.ProcessEnv;
  let workDir: string;
  let dropDatabase: () => Promise<void>;
  let database: DatabaseHandle;
  let emails: GeneratedEmail[];
  let inputDir: string;
  let lines: Line[];

  function run(args: string[]): Promise<CliResult> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cliPath, ...args], { env, cwd: workDir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const parseLines = (stdout: string) =>
    stdout
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Line);

  const lineOf = (email: GeneratedEmail) => {
    const line = lines.find((candidate) => path.basename(candidate.source) === email.fileName);
    if (!line) throw new Error(`no line for ${email.fileName}`);
    return line;
  };

  beforeAll(async () => {
    const test = await createTestConfig();
    workDir = test.workDir;
    dropDatabase = test.dropDatabase;
    database = connectDatabase(test.config.databaseUrl ?? '');
    env = { ...process.env, DATABASE_URL: test.config.databaseUrl ?? '', POSTSTELLE_DATA_DIR: path.join(workDir, 'data'), POSTSTELLE_LOG_LEVEL: 'error' };
    emails = await generateEmailSet({ seed: 42, rounds: 1 });
    inputDir = path.join(workDir, 'mails');
    await fs.mkdir(inputDir, { recursive: true });
    for (const email of emails) await fs.writeFile(path.join(inputDir, email.fileName), email.bytes);

    // Master data: the sender of the reply is a customer known by name and e-mail address only.
    const reply = emails.find((email) => email.scenario === 'reply');
    if (!reply) throw new Error('no reply generated');
    const p = reply.person;
    const csv =
      'customerNumber,firstName,lastName,company,street,houseNumber,postalCode,city,email,phone,iban,birthDate,contractNumbers\n' +
      `4711000815,${p.firstName},${p.lastName},,${p.street},${p.houseNumber},${p.postcode},${p.city},${p.email},,,,\n` +
      '4711000816,Hannelore,Wöhler,,Ahornweg,3,50667,Köln,h.woehler@example.de,,,,\n';
    await fs.writeFile(path.join(workDir, 'customers.csv'), csv);
    const imported = await run(['customers', 'import', path.join(workDir, 'customers.csv')]);
    expect(imported.code, imported.stderr).toBe(0);

    const ingest = await run(['ingest', inputDir, '--wait', '--json']);
    expect(ingest.code, ingest.stderr).toBe(0);
    lines = parseLines(ingest.stdout);
  }, 600_000);

  afterAll(async () => {
    await database?.close();
    await dropDatabase?.();
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it('prints one contract line per e-mail, channel email, dated by the Date header', () => {
    expect(lines).toHaveLength(emails.length);
    for (const email of emails) {
      const line = lineOf(email);
      expect(line.channel).toBe('email');
      expect(['routed', 'needs_review']).toContain(line.status);
      expect(new Date(line.receivedAt).toISOString()).toBe(email.date.toISOString());
      expect(line.error ?? null).toBeNull();
    }
  });

  it('makes body and attachments one document with umlauts intact in every charset', () => {
    const seen = new Set<string>();
    for (const email of emails) {
      const line = lineOf(email);
      seen.add(email.charset);
      const text = fold(line.text);
      for (const word of email.expectedWords) expect(text, `${email.fileName}: ${word}`).toContain(fold(word));
      const rendered = email.attachments.filter((attachment) => ['pdf', 'png', 'jpeg', 'tiff'].includes(attachment.kind));
      expect(line.pages, email.fileName).toBe(1 + rendered.length);
      for (const attachment of rendered) {
        const found = attachment.expectedWords.filter((word) => text.includes(fold(word)));
        // PDF text is exact; OCR of an image may miss one word, never all.
        if (attachment.kind === 'pdf') expect(found, attachment.fileName).toEqual(attachment.expectedWords);
        else expect(found.length, `${attachment.fileName} in ${line.text}`).toBeGreaterThan(0);
      }
      expect(text).not.toContain('\ufffd');
    }
    expect([...seen].sort()).toEqual(['iso-8859-1', 'iso-8859-15', 'utf-8', 'windows-1252']);
  });

  it('renders HTML bodies as text without scripts or remote content and keeps Office files unrendered but listed', async () => {
    const html = emails.find((email) => email.scenario === 'html_request');
    if (!html) throw new Error('no html e-mail');
    const line = lineOf(html);
    expect(line.text).not.toMatch(/alert|tracking\.example|<p>|cid:/);
    const envelope = await database.db.selectFrom('email_messages').selectAll().where('document_id', '=', line.id).executeTakeFirstOrThrow();
    const docx = envelope.attachments.find((attachment) => attachment.fileName.endsWith('.docx'));
    expect(docx).toMatchObject({ disposition: 'not_rendered', reason: 'office_not_converted' });
    expect(envelope.attachments.find((attachment) => attachment.fileName === 'logo.png')).toMatchObject({ disposition: 'not_rendered', reason: 'inline_image' });
    expect(line.text).toContain('Vollmacht_Änderung.docx');
    // Body pages take the text path, attachment images are OCR'd.
    const pages = await database.db.selectFrom('document_pages').select(['page_no', 'text_source']).where('document_id', '=', line.id).orderBy('page_no').execute();
    expect(pages.map((page) => page.text_source)).toEqual(['text_layer', 'ocr']);
    const document = await database.db.selectFrom('documents').select(['original_key', 'sha256', 'format', 'pdf_key']).where('id', '=', line.id).executeTakeFirstOrThrow();
    expect(document.format).toBe('eml');
    expect(document.pdf_key).toBeTruthy();
    expect(document.sha256).toBe((await import('node:crypto')).createHash('sha256').update(html.bytes).digest('hex'));
  });

  it('stores the envelope and links a reply to the case it answers', async () => {
    const reply = emails.find((email) => email.scenario === 'reply');
    const original = emails.find((email) => email.scenario === 'request');
    if (!reply || !original) throw new Error('fixtures missing');
    const replyLine = lineOf(reply);
    const originalLine = lineOf(original);
    const envelope = await database.db.selectFrom('email_messages').selectAll().where('document_id', '=', replyLine.id).executeTakeFirstOrThrow();
    expect(envelope).toMatchObject({
      message_id: reply.messageId,
      from_address: reply.from.address,
      from_name: reply.from.name,
      subject: reply.subject,
      kind: 'request',
      reply_to_document_id: originalLine.id,
      thread_document_id: originalLine.id,
    });
    expect(envelope.references).toContain(original.messageId);
    expect(envelope.to_addresses).toEqual(['kundenservice@fernmeldewerk.example']);
    // The sender address plus the signed name identify the customer without any number in the text.
    expect(replyLine.customerNumber).toBe('4711000815');
    expect(replyLine.matchStatus).toBe('auto');
  });

  it('routes auto-replies and bounces to no-action instead of a request queue', async () => {
    for (const scenario of ['auto_reply', 'bounce'] as const) {
      const email = emails.find((candidate) => candidate.scenario === scenario);
      if (!email) throw new Error(`no ${scenario}`);
      const line = lineOf(email);
      expect(line).toMatchObject({ status: 'routed', requestType: 'other', queue: 'no-action' });
      const envelope = await database.db.selectFrom('email_messages').select('kind').where('document_id', '=', line.id).executeTakeFirstOrThrow();
      expect(envelope.kind).toBe(scenario);
      const document = await database.db.selectFrom('documents').select('recognition').where('id', '=', line.id).executeTakeFirstOrThrow();
      expect(document.recognition?.flags).toContain(scenario);
    }
    const requests = emails.filter((email) => email.kind === 'request').map(lineOf);
    for (const line of requests) expect(line.queue).not.toBe('no-action');
  });

  it('takes the same message again (other bytes, same Message-ID) as a duplicate, and honours --received-at', async () => {
    const original = emails.find((email) => email.scenario === 'request');
    if (!original) throw new Error('fixtures missing');
    const redelivered = Buffer.concat([Buffer.from('Delivered-To: kundenservice@fernmeldewerk.example\r\n', 'latin1'), original.bytes]);
    const file = path.join(workDir, 'redelivered.eml');
    await fs.writeFile(file, redelivered);
    const result = await run(['ingest', file, '--json', '--received-at', '2026-11-30T10:00:00Z']);
    expect(result.code, result.stderr).toBe(0);
    const [line] = parseLines(result.stdout);
    expect(line).toMatchObject({ status: 'duplicate', channel: 'email' });
    expect(line?.receivedAt).toBe('2026-11-30T10:00:00.000Z');
    const row = await database.db.selectFrom('documents').select('duplicate_of').where('id', '=', line?.id ?? '').executeTakeFirstOrThrow();
    expect(row.duplicate_of).toBe(lineOf(original).id);
  });
});
