import { describe, expect, it } from 'vitest';
import { createFieldExtractor } from './field.extractor.ts';
import { ALL_LETTERS } from './testdata/corpus.ts';
import { DEFAULT_RECEIVED_AT } from './testdata/letter-case.ts';

const extractor = createFieldExtractor();
const RECEIVED = new Date(DEFAULT_RECEIVED_AT);

function extract(text: string, receivedAt: Date = RECEIVED) {
  return extractor.extract({ text, receivedAt });
}

describe('test letters: exact fields and flags', () => {
  it.each(ALL_LETTERS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = extractor.extract({ text: c.text, receivedAt: new Date(c.receivedAt ?? DEFAULT_RECEIVED_AT) });
    expect(result.fields).toEqual(c.expected);
    expect([...result.flags].sort()).toEqual([...(c.flags ?? [])].sort());
  });
});

describe('candidates', () => {
  it('returns every candidate with evidence, confidence and offsets into the original text', () => {
    for (const c of ALL_LETTERS) {
      const { candidates } = extract(c.text);
      for (const cand of candidates) {
        expect(cand.confidence).toBeGreaterThan(0);
        expect(cand.confidence).toBeLessThanOrEqual(1);
        expect(cand.evidence.length).toBeGreaterThan(0);
        expect(cand.start).toBeGreaterThanOrEqual(0);
        expect(cand.end).toBeGreaterThanOrEqual(cand.start);
        expect(cand.end).toBeLessThanOrEqual(c.text.length);
      }
    }
  });

  it('points identifiers at the text as written, even with typographic characters before them', () => {
    const text = 'Betreff: K\u00fcndigung \u2013 Kundennummer\u00a0307 768 5297\r\nIBAN: DE89 3704 0044 0532 0130 00\r\n';
    const { candidates } = extract(text);
    const cn = candidates.find((c) => c.field === 'customerNumber');
    const iban = candidates.find((c) => c.field === 'iban');
    expect(cn && text.slice(cn.start, cn.end)).toBe('307 768 5297');
    expect(iban && text.slice(iban.start, iban.end)).toBe('DE89 3704 0044 0532 0130 00');
  });

  it('marks OCR repairs and keeps losing candidates (old IBAN, weaker mentions)', () => {
    const text = 'Kundennumrner: 3O7 768 S297\nNeue IBAN: DE75 12O3 OOOO 1O2O 3O4O 5O\nAlte IBAN: DE89 3704 0044 0532 0130 00';
    const result = extract(text);
    expect(result.fields.customerNumber).toBe('3077685297');
    expect(result.fields.iban).toBe('DE75120300001020304050');
    const ibans = result.candidates.filter((c) => c.field === 'iban');
    expect(ibans.map((c) => c.value)).toEqual(['DE75120300001020304050', 'DE89370400440532013000']);
    expect(ibans[0]?.evidence).toEqual(expect.arrayContaining(['ocr_repaired', 'labelled_new']));
    expect(ibans[1]?.evidence).toContain('labelled_old');
    expect(result.candidates.find((c) => c.field === 'customerNumber')?.evidence).toContain('ocr_repaired');
  });
});

describe('customer and contract numbers', () => {
  it.each([
    ['Kundennummer: 1234567890', '1234567890'],
    ['Kunden-Nr. 123 456 7890', '1234567890'],
    ['Kd.-Nr.: 12345-67890', '1234567890'],
    ['KdNr 1234567890', '1234567890'],
    ['Kundennr 1234567890', '1234567890'],
    ['KNr. 1234567890', '1234567890'],
    ['Kunden Nummer 1234567890', '1234567890'],
    ['meine Nummer bei Ihnen: 1234567890', '1234567890'],
    ['Kundcnnummer 1234567890', '1234567890'],
    ['Kundennurnrner 1234567890', '1234567890'],
  ])('%s', (text, value) => {
    expect(extract(`Sehr geehrte Damen und Herren,\n${text}\nGruß`).fields.customerNumber).toBe(value);
  });

  it('takes a lone unlabelled number of the format with low confidence, but never phone, IBAN, invoice or amounts', () => {
    const lone = extract('Betreff: 1234509876 - Beschwerde\n\nIch bin sauer.');
    expect(lone.fields.customerNumber).toBe('1234509876');
    expect(lone.candidates.find((c) => c.field === 'customerNumber')?.confidence).toBeLessThan(0.5);
    expect(extract('Rechnungsnummer 5566778899 ist falsch.').fields.customerNumber).toBeUndefined();
    expect(extract('Ich bin erreichbar unter 0221555012.').fields.customerNumber).toBeUndefined();
    expect(extract('Sie haben 1234567890 Euro abgebucht?').fields.customerNumber).toBeUndefined();
    expect(extract('Ticket 1234567890 und Ticket 2345678901').fields.customerNumber).toBeUndefined();
  });

  it.each([
    ['Vertragsnummer: V123456789', 'V123456789'],
    ['Vertrags-Nr. VN-88123456', 'VN-88123456'],
    ['Vertrag Nr. 2024-556677', '2024-556677'],
    ['Vertragsnr.: FW-12345678', 'FW-12345678'],
    ['Auftragsnummer A-2026-00417', 'A-2026-00417'],
    ['Es geht um den Vertrag VK-88812345.', 'VK-88812345'],
    ['Vertragsnummer VN 1234 5678', 'VN12345678'],
  ])('contract %s', (text, value) => {
    expect(extract(text).fields.contractNumber).toBe(value);
  });

  it('needs a label for contract numbers', () => {
    expect(extract('Ich habe V123456789 erhalten.').fields.contractNumber).toBeUndefined();
    expect(extract('Der Vertrag vom 12.03.2024 läuft aus.').fields.contractNumber).toBeUndefined();
  });
});

describe('phones', () => {
  it.each([
    ['Tel.: 0221 / 555 01 23', '+492215550123'],
    ['Telefon: +49 (0)221 5550123', '+492215550123'],
    ['Mobil: 0171-1234567', '+491711234567'],
    ['Handy 0151/23456789', '+4915123456789'],
    ['Rufnummer 0176 12345678 portieren', '+4917612345678'],
    ['Rückruf unter 030 12345678 erbeten', '+493012345678'],
    ['Tel. O89 / 55 66 77 88', '+498955667788'],
  ])('%s', (text, e164) => {
    expect(extract(text).fields.phone).toBe(e164);
  });

  it.each([
    [
      'Kündigung mit Mobilnummer in Gruppen',
      'Jürgen Köhler\nAm Mühlbach 7\n97070 Würzburg\nMobil: 0171 234 56 78\n\nSehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag fristgerecht.\n\nMit freundlichen Grüßen\nJürgen Köhler',
      '+491712345678',
    ],
    [
      'Firmenbrief mit Durchwahl nach DIN 5008',
      'Bäckerei Schröder GmbH\nIndustriestraße 12\n10115 Berlin\nTelefon (030) 12 34 56-0\n\nSehr geehrte Damen und Herren,\nbitte stellen Sie unseren Anschluss auf den Geschäftstarif um.',
      '+49301234560',
    ],
    [
      'Rückrufbitte mit Zentrale im Fließtext',
      'Guten Tag,\nich warte seit drei Wochen auf den Techniker. Rufen Sie mich bitte in der Firma an: 030-123456-0, ich bin ab 8 Uhr dort.\nGruß, Ayşe Demir',
      '+49301234560',
    ],
    [
      'Internationale Schreibweise in der Signatur',
      'Sehr geehrte Damen und Herren,\nich bin umgezogen und bitte um Anpassung der Anschrift.\n\nViele Grüße\nKatharina Weiß\nHandy: +49 1523 4567890',
      '+4915234567890',
    ],
    [
      'Schrägstrich und Bindestrich',
      'Hallo,\nmeine neue Nummer lautet 0176/23456789 – bitte in den Kundendaten ändern.\nDanke, Lukas Bauer',
      '+4917623456789',
    ],
    [
      'Ortsnetz mit fünfstelliger Vorwahl',
      'Erika Scholz\nDorfstraße 3\n16866 Kyritz\nTel. 033971 / 512 34\n\nSehr geehrte Damen und Herren,\nich widerspreche der Rechnung vom Oktober.',
      '+493397151234',
    ],
    [
      'Trunk-Null in Klammern mit Durchwahl',
      'Mit freundlichen Grüßen\nSteuerkanzlei Brandt & Partner\ni. A. Melanie Fuchs\nTel.: +49 (0)221 98765-12',
      '+492219876512',
    ],
  ])('reads the sender number in a letter: %s', (_name, text, e164) => {
    expect(extract(text).fields.phone).toBe(e164);
  });

  it('reads a number that the paragraph wrapped after its prefix', () => {
    const wrapped = [
      ['Eine kurze Nachricht, dass alles angekommen ist, wäre nett. Bei Fragen bin ich unter +49 (0)\n941 939 3080 zu erreichen.', '+499419393080'],
      ['Sie erreichen mich tagsüber in der Praxis unter 0049\n221 5550123 oder abends per E-Mail.', '+492215550123'],
      ['Bitte rufen Sie mich zurück, am besten vormittags unter 0761 /\n45 67 89, da bin ich sicher zu Hause.', '+49761456789'],
    ];
    for (const [text, e164] of wrapped) expect(extract(`Sehr geehrte Damen und Herren,\n${text}\nMit freundlichen Grüßen\nGisela Hoffmann`).fields.phone, text).toBe(e164);
  });

  it('does not join a postcode or a date at the end of a line with the numbers of the next', () => {
    const text = 'Sehr geehrte Damen und Herren,\nich wohne seit März in 01067\n12 Monate lang habe ich nichts von Ihnen gehört.\nDie Rechnung vom 03.11.2026 über 0815\n49,99 Euro ist falsch.\nMit freundlichen Grüßen\nUwe Krause';
    expect(extract(text).fields.phone).toBeUndefined();
  });

  it('prefers the labelled sender number over a fax header or an unlabelled one, never ours', () => {
    const text = '25.11.2026 09:14   +49 221 5550123   Muster   S. 1/1\nHans Muster\nTel. 0171 1234567\n\nIhre Hotline 0800 3300 1234 war nicht erreichbar.';
    expect(extract(text).fields.phone).toBe('+491711234567');
    const own = createFieldExtractor({ ownIdentity: { phones: ['0800 3300 1234'] } });
    expect(own.extract({ text: 'Bitte rufen Sie mich an: 0800 3300 1234', receivedAt: RECEIVED }).fields.phone).toBeUndefined();
  });
});

describe('our own identity', () => {
  it('never takes our recipient block, our IBAN or our e-mail for the customer', () => {
    const custom = createFieldExtractor({
      ownIdentity: {
        names: ['Fernmeldewerk AG'],
        addresses: ['Fernmeldewerk AG, Kundenservice, Postfach 10 20 30, 53105 Bonn'],
        ibans: ['DE89 3704 0044 0532 0130 00'],
        emailDomains: ['fernmeldewerk.de'],
      },
    });
    const text = [
      'Fernmeldewerk AG',
      'Kundenservice',
      'Postfach 10 20 30',
      '53105 Bonn',
      '',
      'Sehr geehrte Damen und Herren,',
      'ich habe auf Ihr Konto DE89 3704 0044 0532 0130 00 überwiesen und an service@fernmeldewerk.de geschrieben.',
      'Mit freundlichen Grüßen',
      'Eva Klein',
    ].join('\n');
    const { fields } = custom.extract({ text, receivedAt: RECEIVED });
    expect(fields).toEqual({ firstName: 'Eva', lastName: 'Klein' });
  });

  it('works for another company identity', () => {
    const other = createFieldExtractor({ ownIdentity: { names: ['Kabelstrom AG'], addresses: ['Kabelstrom AG, Postfach 1234, 20095 Hamburg'] } });
    const text = 'Kabelstrom AG\nKundenbetreuung\nPostfach 1234\n20095 Hamburg\n\nSehr geehrte Damen und Herren,\nbitte kündigen.\nGruß\nTim Roth\nRingstraße 3\n20095 Hamburg';
    const { fields } = other.extract({ text, receivedAt: RECEIVED });
    expect(fields).toMatchObject({ firstName: 'Tim', lastName: 'Roth', street: 'Ringstraße 3', postalCode: '20095', city: 'Hamburg' });
  });
});

describe('configuration', () => {
  it('uses a configured customer-number format', () => {
    const eight = createFieldExtractor({ customerNumber: { length: 8 } });
    expect(eight.extract({ text: 'Kundennummer 1234 5678', receivedAt: RECEIVED }).fields.customerNumber).toBe('12345678');
    expect(eight.extract({ text: 'Kundennummer 1234567890', receivedAt: RECEIVED }).fields.customerNumber).toBeUndefined();
    const prefixed = createFieldExtractor({ customerNumber: { pattern: /^K\d{7}$/, minLength: 8, maxLength: 8 } });
    expect(prefixed.extract({ text: 'Kundennummer: K1234567', receivedAt: RECEIVED }).fields.customerNumber).toBe('K1234567');
  });

  it('uses a configured contract-number pattern and confidence threshold', () => {
    const strict = createFieldExtractor({ contractNumber: { pattern: /^V\d{9}$/ } });
    expect(strict.extract({ text: 'Vertragsnummer: 2024-556677', receivedAt: RECEIVED }).fields.contractNumber).toBeUndefined();
    expect(strict.extract({ text: 'Vertragsnummer: V123456789', receivedAt: RECEIVED }).fields.contractNumber).toBe('V123456789');
    const picky = createFieldExtractor({ minConfidence: 0.6 });
    expect(picky.extract({ text: 'Betreff: 1234509876', receivedAt: RECEIVED }).fields.customerNumber).toBeUndefined();
  });
});

describe('desired date', () => {
  it.each([
    ['Ich kündige zum 31.12.2026.', '2026-12-31'],
    ['Bitte ab dem 1. Januar umstellen.', '2027-01-01'],
    ['Kündigung zum Monatsende.', '2026-11-30'],
    ['Umstellung zum nächsten Monat bitte.', '2026-12-01'],
    ['Bitte in zwei Wochen abschalten.', '2026-12-09'],
    ['Kündigung zum 1.2.', '2027-02-01'],
    ['Tarifwechsel ab 01.03.27.', '2027-03-01'],
    ['Kündigung zum Quartalsende.', '2026-12-31'],
    ['Ich ziehe Ende Februar um.', '2027-02-28'],
    ['Kündigung zum 15. Jan. 2027', '2027-01-15'],
    ['per 1.1.2027', '2027-01-01'],
    ['mit Wirkung zum 30.04.2027', '2027-04-30'],
    ['Kündigungstermin: 31.03.2027', '2027-03-31'],
    ['Mein Umzug ist am 15.12.', '2026-12-15'],
    ['Wechsel zum ersten des Folgemonats', '2026-12-01'],
    ['Bitte stellen Sie ab nächsten Montag um.', '2026-11-30'],
  ])('%s → %s', (text, iso) => {
    expect(extract(text).fields.desiredDate).toBe(iso);
  });

  it.each([
    'Kündigung zum nächstmöglichen Termin.',
    'Ich kündige fristgerecht.',
    'Bitte schnellstmöglich umstellen.',
    'Hiermit kündige ich ordentlich und fristgerecht.',
  ])('"%s" sets date_next_possible without a date', (text) => {
    const result = extract(text);
    expect(result.fields.desiredDate).toBeUndefined();
    expect(result.flags).toContain('date_next_possible');
  });

  it('does not take "schnellstmögliche Rückmeldung" (about our answer) for a wish', () => {
    expect(extract('Ich bitte um schnellstmögliche Rückmeldung.').flags).toEqual([]);
    expect(extract('Bitte beheben Sie die Störung schnellstmöglich.').flags).toEqual(['date_next_possible']);
  });

  it.each([
    'Köln, den 20.11.2026',
    'Die Rechnung vom 03.11.2026 ist falsch.',
    'Ihr Schreiben vom 12.11.2026 habe ich erhalten.',
    'geb. am 12.04.1958',
    'Am 3.11. habe ich angerufen.',
    'Bitte antworten Sie bis zum 10.12.2026.',
    'Seit dem 10.11.2026 ist der Router defekt.',
  ])('"%s" has no desired date', (text) => {
    expect(extract(`Hans Muster\n\n${text}`).fields.desiredDate).toBeUndefined();
  });

  it('resolves relative dates against the date of receipt in Germany', () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Berlin.
    expect(extract('Kündigung zum Monatsende.', new Date('2026-12-31T23:30:00Z')).fields.desiredDate).toBe('2027-01-31');
  });

  it('reads birth dates as a signal', () => {
    expect(extract('Geburtsdatum: 14.07.1988').fields.birthDate).toBe('1988-07-14');
    expect(extract('Hildegard Neumann, geboren am 3. März 1941').fields.birthDate).toBe('1941-03-03');
  });
});

describe('robustness', () => {
  it('copes with empty, whitespace-only and huge texts', () => {
    expect(extract('')).toEqual({ fields: {}, candidates: [], flags: [] });
    expect(extract(' \n\n\t ').fields).toEqual({});
    const big = ALL_LETTERS.map((c) => c.text).join('\n\f\n');
    expect(() => extract(big)).not.toThrow();
  });
});
