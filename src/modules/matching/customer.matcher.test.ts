import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { customerCsvColumns, importCustomersCsv } from '../customers/customers.import.ts';
import type { ExtractedFields } from '../extraction/extraction.types.ts';
import { createCustomerMatcher, type CustomerMatcher, type MatchInput } from './customer.matcher.ts';
import { sameCompanyName } from './match.comparators.ts';

// customerNumber,firstName,lastName,company,street,houseNumber,postalCode,city,email,phone,iban,birthDate,contractNumbers
const customers = [
  '4711081500,Hans,Müller,,Hauptstraße,5,50667,Köln,hans.mueller@example.de,+492215551234,DE89370400440532013000,1970-03-01,V-4711',
  // household member: same address, different first name
  '4711081501,Maria,Müller,,Hauptstraße,5,50667,Köln,,,,1972-07-19,',
  // same name, different cities
  '1000000100,Thomas,Schmidt,,Bahnhofstraße,12,20095,Hamburg,,,,,',
  '1000000200,Thomas,Schmidt,,Goethestraße,3,80331,München,,,,,',
  '1000000300,Jürgen,Weiß,,Schloßstraße,12,40210,Düsseldorf,,,,,',
  '1000000400,Sabine,Köhler,,Gartenweg,7,04109,Leipzig,,,,,',
  '1000000500,Petra,Schulze,,Lindenallee,9,01067,Dresden,,,DE02120300000000202051,,K-500',
  '1000000501,Klaus,Becker,,Mozartweg,2,30159,Hannover,,,,,',
  '1000000600,Günther,Krüger,,Am Mühlbach,3,37073,Göttingen,,,,,',
  '1000000700,Frank,Lehmann,,Rosenstraße,8,28195,Bremen,,,,,',
  '1000000800,,,"Bäckerei Weiß & Söhne GmbH",Marktplatz,1,72070,Tübingen,,,,,',
  // business customer: contact person and company
  '3000000900,Matthias,Schröter,Vogt Versicherungsbüro,Hafenstraße,58,78471,Konstanz,buero@vogt.example,+49753120100,,,FW-7743',
  // moved (unreported) to a relative: Jana's master data has her old address, Ute lives at the new one
  '2000003000,Jana,Günther,,Deichstraße,86a,19065,Schwerin,,,,,',
  '2000070000,Ute,Günther,,Ahornweg,11,69125,Heidelberg,,,,,',
];

const letter = (fields: ExtractedFields, extra: Partial<MatchInput> = {}): MatchInput => ({ tenantId: 'default', fields, ...extra });

describe('customer matcher (real PostgreSQL)', () => {
  let app: TestApp;
  let matcher: CustomerMatcher;

  beforeAll(async () => {
    app = await createTestApp();
    const result = await importCustomersCsv({ db: app.db, tenantId: 'default', csv: [customerCsvColumns.join(','), ...customers].join('\n') });
    expect(result.rejected).toEqual([]);
    matcher = createCustomerMatcher({ db: app.db });
  });

  afterAll(async () => {
    await app?.cleanup();
  });

  it('customer number + name → auto, with a readable explanation', async () => {
    const result = await matcher.match(letter({ customerNumber: '4711 0815 00', firstName: 'Hans', lastName: 'Mueller' }));
    expect(result.status).toBe('auto');
    expect(result.customerNumber).toBe('4711081500');
    expect(result.confidence).toBeGreaterThan(0.99);
    expect(result.explanation).toContain('Kundennummer stimmt überein');
    expect(result.explanation).toContain('Nachname stimmt überein (Mueller/Müller)');
    expect(result.candidates[0]).toMatchObject({ customerNumber: '4711081500' });
    expect(result.candidates[0]?.agreements).toContain('Vorname stimmt überein');
  });

  it('customer number read with OCR look-alikes (O for 0) still finds the customer', async () => {
    const result = await matcher.match(letter({ customerNumber: '1OOOOOO3OO', lastName: 'Weiss' }));
    expect(result).toMatchObject({ status: 'auto', customerNumber: '1000000300' });
  });

  it('contract number or IBAN + name → auto', async () => {
    expect(await matcher.match(letter({ contractNumber: 'V 4711', lastName: 'Müller', firstName: 'Hans' }))).toMatchObject({ status: 'auto', customerNumber: '4711081500' });
    expect(await matcher.match(letter({ iban: 'DE02120300000000202051', lastName: 'Schulze' }))).toMatchObject({ status: 'auto', customerNumber: '1000000500' });
  });

  it('customer number with nothing else → suggested, not auto', async () => {
    const result = await matcher.match(letter({ customerNumber: '1000000200' }));
    expect(result.status).toBe('suggested');
    expect(result.customerNumber).toBeNull();
    expect(result.candidates[0]?.customerNumber).toBe('1000000200');
  });

  it('customer number of A + name and address of B → suggested with both', async () => {
    const result = await matcher.match(
      letter({ customerNumber: '4711081500', firstName: 'Thomas', lastName: 'Schmidt', street: 'Bahnhofstr. 12', postalCode: '20095', city: 'Hamburg' }),
    );
    expect(result.status).toBe('suggested');
    expect(result.customerNumber).toBeNull();
    expect(result.candidates.map((candidate) => candidate.customerNumber).sort()).toEqual(['1000000100', '4711081500']);
    const numberHolder = result.candidates.find((candidate) => candidate.customerNumber === '4711081500');
    expect(numberHolder?.conflicts).toContain('Nachname weicht ab (Schmidt/Müller)');
    expect(result.explanation).toMatch(/Kundennummer gehört zu Kunde 4711081500|Name und Anschrift passen besser/);
  });

  it('customer number + a different name (no other candidate) → suggested', async () => {
    const result = await matcher.match(letter({ customerNumber: '1000000400', firstName: 'Peter', lastName: 'Wagner' }));
    expect(result.status).toBe('suggested');
    expect(result.candidates[0]?.customerNumber).toBe('1000000400');
    expect(result.explanation).toContain('Nachname widerspricht');
  });

  it('umlaut/ae spelling and Str./Straße still match on full name + address → auto', async () => {
    const result = await matcher.match(
      letter({ firstName: 'Juergen', lastName: 'Weiss', street: 'Schlossstr. 12', postalCode: '40210', city: 'Duesseldorf' }),
    );
    expect(result).toMatchObject({ status: 'auto', customerNumber: '1000000300' });
    expect(result.explanation).toContain('vollständiger Name und vollständige Anschrift');
    expect(result.explanation).toContain('Nachname stimmt überein (Weiss/Weiß)');
    expect(result.explanation).toContain('Straße stimmt überein (Schlossstr./Schloßstraße)');
  });

  it('a typo in the customer number that points to nobody + matching name and address → auto via name and address', async () => {
    // 1000000401 is one digit off 1000000400 and belongs to no customer: the name
    // and full address decide (rule b), the near-miss number only supports it.
    const result = await matcher.match(
      letter({ customerNumber: '1000000401', firstName: 'Sabine', lastName: 'Köhler', street: 'Gartenweg 7', postalCode: '04109', city: 'Leipzig' }),
    );
    expect(result).toMatchObject({ status: 'auto', customerNumber: '1000000400' });
    expect(result.explanation).toContain('Kundennummer weicht um eine Ziffer ab (1000000401/1000000400)');
  });

  it('a typo in the customer number + name only → suggested', async () => {
    const result = await matcher.match(letter({ customerNumber: '1000000401', firstName: 'Sabine', lastName: 'Köhler' }));
    expect(result.status).toBe('suggested');
    expect(result.candidates[0]?.customerNumber).toBe('1000000400');
  });

  it('a typo that lands on another customer’s number + name/address of the real one → suggested with both', async () => {
    // 1000000501 (Klaus Becker) is one digit off Petra Schulze's 1000000500: number says Becker,
    // name and address say Schulze. Could be a slip, could be Becker writing — ask.
    const result = await matcher.match(
      letter({ customerNumber: '1000000501', firstName: 'Petra', lastName: 'Schulze', street: 'Lindenallee 9', postalCode: '01067', city: 'Dresden' }),
    );
    expect(result.status).toBe('suggested');
    expect(result.candidates.map((candidate) => candidate.customerNumber)).toEqual(['1000000500', '1000000501']);
  });

  it('a one-digit-off number that does not agree with name or address is never assigned', async () => {
    const result = await matcher.match(letter({ customerNumber: '1000000401', firstName: 'Otto', lastName: 'Normal', postalCode: '12345', city: 'Irgendwo' }));
    expect(result.status).not.toBe('auto');
    expect(result.customerNumber).toBeNull();
  });

  it('household: the member whose first name matches is assigned; an unknown member or no first name is not', async () => {
    const maria = await matcher.match(letter({ firstName: 'Maria', lastName: 'Müller', street: 'Hauptstr. 5', postalCode: '50667', city: 'Köln' }));
    expect(maria).toMatchObject({ status: 'auto', customerNumber: '4711081501' });

    const family = await matcher.match(letter({ lastName: 'Müller', street: 'Hauptstraße 5', postalCode: '50667', city: 'Köln' }));
    expect(family.status).toBe('suggested');
    expect(family.candidates.map((candidate) => candidate.customerNumber).sort()).toEqual(['4711081500', '4711081501']);

    const anna = await matcher.match(letter({ firstName: 'Anna', lastName: 'Müller', street: 'Hauptstraße 5', postalCode: '50667', city: 'Köln' }));
    expect(anna.status).not.toBe('auto');
    expect(anna.customerNumber).toBeNull();
  });

  it('a household member writing with the other member’s customer number → suggested', async () => {
    const result = await matcher.match(letter({ customerNumber: '4711081500', firstName: 'Maria', lastName: 'Müller', street: 'Hauptstraße 5', postalCode: '50667' }));
    expect(result.status).toBe('suggested');
    expect(result.candidates.map((candidate) => candidate.customerNumber).sort()).toEqual(['4711081500', '4711081501']);
  });

  it('two customers with the same name in different cities: the address decides; without one it is ambiguous', async () => {
    const hamburg = await matcher.match(letter({ firstName: 'Thomas', lastName: 'Schmidt', street: 'Bahnhofstr. 12', postalCode: '20095', city: 'Hamburg' }));
    expect(hamburg).toMatchObject({ status: 'auto', customerNumber: '1000000100' });

    const munich = await matcher.match(letter({ firstName: 'Thomas', lastName: 'Schmidt', street: 'Goethestr. 3', city: 'München' }));
    expect(munich).toMatchObject({ status: 'auto', customerNumber: '1000000200' });

    const nowhere = await matcher.match(letter({ firstName: 'Thomas', lastName: 'Schmidt' }));
    expect(nowhere.status).toBe('suggested');
    expect(nowhere.candidates.map((candidate) => candidate.customerNumber).sort()).toEqual(['1000000100', '1000000200']);
    expect(nowhere.candidates[0]?.probability).toBeLessThan(0.6);
  });

  it('a non-customer → none', async () => {
    const neighbour = await matcher.match(letter({ firstName: 'Jana', lastName: 'Lehmann', street: 'Rosenstraße 4', postalCode: '28195', city: 'Bremen' }));
    expect(neighbour).toMatchObject({ status: 'none', customerNumber: null, candidates: [] });
    expect(neighbour.confidence).toBeGreaterThan(0.9);

    const stranger = await matcher.match(letter({ firstName: 'Erika', lastName: 'Mustermann', street: 'Heidestraße 17', postalCode: '51147', city: 'Köln' }));
    expect(stranger.status).toBe('none');
    expect(stranger.explanation).toMatch(/Kein passender Kunde/);
  });

  it('lawyer writing for a client: the client’s number and name count, the law firm’s address, e-mail and letterhead do not', async () => {
    const onBehalf = { flags: ['written_on_behalf'], senderEmail: 'kanzlei@hartmann-recht.example' };
    const fields: ExtractedFields = {
      customerNumber: '1000000600',
      firstName: 'Günther',
      lastName: 'Krüger',
      company: 'Kanzlei Dr. Hartmann & Partner',
      street: 'Weender Landstraße 21',
      postalCode: '37075',
      city: 'Göttingen',
      email: 'kanzlei@hartmann-recht.example',
    };
    const result = await matcher.match(letter(fields, onBehalf));
    expect(result).toMatchObject({ status: 'auto', customerNumber: '1000000600' });
    expect(result.candidates[0]?.conflicts).toEqual([]);
    expect(result.explanation).toContain('Vertreter');

    // Without the client's number, a name with the firm's address is only a suggestion.
    const withoutNumber = await matcher.match(letter({ ...fields, customerNumber: undefined }, onBehalf));
    expect(withoutNumber.status).toBe('suggested');
    expect(withoutNumber.candidates[0]?.customerNumber).toBe('1000000600');
  });

  it('change of address: the old address in the letter still matches', async () => {
    const result = await matcher.match(
      letter({ firstName: 'Jürgen', lastName: 'Weiß', street: 'Am Rhein 1', postalCode: '53111', city: 'Bonn', newStreet: 'Schloßstraße 12', newPostalCode: '40210', newCity: 'Düsseldorf' }),
    );
    expect(result).toMatchObject({ status: 'auto', customerNumber: '1000000300' });
  });

  it('business customer: company name + full address → auto; a bare legal form is no company match', async () => {
    const result = await matcher.match(letter({ company: 'Bäckerei Weiss & Söhne', street: 'Marktpl. 1', postalCode: '72070', city: 'Tübingen' }));
    expect(result).toMatchObject({ status: 'auto', customerNumber: '1000000800' });
    const bare = await matcher.match(letter({ company: 'GmbH', street: 'Marktplatz 1', postalCode: '72070', city: 'Tübingen' }));
    expect(bare.status).not.toBe('auto');
  });

  it('only looks at the letter’s tenant', async () => {
    await app.db.insertInto('tenants').values({ id: 'acme', name: 'Acme' }).execute();
    const other = [customerCsvColumns.join(','), '9000000001,Jürgen,Weiß,,Schloßstraße,12,40210,Düsseldorf,,,,,'].join('\n');
    expect((await importCustomersCsv({ db: app.db, tenantId: 'acme', csv: other })).inserted).toBe(1);
    const fields = { firstName: 'Jürgen', lastName: 'Weiß', street: 'Schloßstraße 12', postalCode: '40210' };
    expect(await matcher.match(letter(fields))).toMatchObject({ status: 'auto', customerNumber: '1000000300' });
    expect(await matcher.match({ tenantId: 'acme', fields })).toMatchObject({ status: 'auto', customerNumber: '9000000001' });
  });

  it('e-mail or phone + full name → auto; + surname only, or a household member’s name → not auto', async () => {
    const byMail = await matcher.match(letter({ firstName: 'Hans', lastName: 'Müller', email: 'Hans.Mueller@example.de' }));
    expect(byMail).toMatchObject({ status: 'auto', customerNumber: '4711081500' });
    expect(byMail.explanation).toContain('E-Mail-Adresse mit vollständigem Namen');
    expect(await matcher.match(letter({ firstName: 'Hans', lastName: 'Müller', phone: '+492215551234' }))).toMatchObject({ status: 'auto', customerNumber: '4711081500' });

    const surnameOnly = await matcher.match(letter({ lastName: 'Müller', email: 'hans.mueller@example.de' }));
    expect(surnameOnly.status).toBe('suggested');
    // Maria writes from the family e-mail address that is on Hans's record.
    const household = await matcher.match(letter({ firstName: 'Maria', lastName: 'Müller', email: 'hans.mueller@example.de' }));
    expect(household.status).toBe('suggested');
    expect(household.customerNumber).toBeNull();
  });

  it('two identifiers of one customer (one of them strong) → auto; contact data alone or identifiers of two customers → not auto', async () => {
    expect(await matcher.match(letter({ customerNumber: '4711081500', email: 'hans.mueller@example.de' }))).toMatchObject({ status: 'auto', customerNumber: '4711081500' });
    expect(await matcher.match(letter({ customerNumber: '4711081500', contractNumber: 'V-4711' }))).toMatchObject({ status: 'auto', customerNumber: '4711081500' });
    expect(await matcher.match(letter({ contractNumber: 'FW-7743', phone: '+49 7531 20100' }))).toMatchObject({ status: 'auto', customerNumber: '3000000900' });

    // Phone and e-mail without a name, number or address: a household shares both.
    expect((await matcher.match(letter({ phone: '+492215551234', email: 'hans.mueller@example.de' }))).status).toBe('suggested');
    // Customer number of one customer, e-mail of another.
    const mixed = await matcher.match(letter({ customerNumber: '1000000500', email: 'hans.mueller@example.de' }));
    expect(mixed.status).toBe('suggested');
    // The identifiers agree, the name does not (someone else writing about Hans's contract).
    const otherName = await matcher.match(letter({ customerNumber: '4711081500', email: 'hans.mueller@example.de', firstName: 'Peter', lastName: 'Wagner' }));
    expect(otherName.status).toBe('suggested');
  });

  it('surname + matching initial + full address + phone → auto; without the phone, or with another member’s initial → not auto', async () => {
    const address = { street: 'Hauptstr. 5', postalCode: '50667', city: 'Köln' };
    const hans = await matcher.match(letter({ firstName: 'H.', lastName: 'Müller', phone: '+492215551234', ...address }));
    expect(hans).toMatchObject({ status: 'auto', customerNumber: '4711081500' });
    expect(hans.explanation).toContain('Nachname, Initiale und vollständiger Anschrift');

    expect((await matcher.match(letter({ firstName: 'H.', lastName: 'Müller', ...address }))).status).toBe('suggested');
    // Maria signs "M. Müller" and gives the household's phone, which is on Hans's record.
    const maria = await matcher.match(letter({ firstName: 'M.', lastName: 'Müller', phone: '+492215551234', ...address }));
    expect(maria.status).toBe('suggested');
    // Surname, phone and address without any first name: could be anyone in the household.
    expect((await matcher.match(letter({ lastName: 'Müller', phone: '+492215551234', ...address }))).status).toBe('suggested');
    // The extractor gives an initial apart from the first name (it is none for the contract): it counts the same.
    const initialApart = await matcher.match(letter({ firstNameInitial: 'H.', lastName: 'Müller', phone: '+492215551234', ...address }));
    expect(initialApart).toMatchObject({ status: 'auto', customerNumber: '4711081500' });
    expect((await matcher.match(letter({ firstNameInitial: 'M.', lastName: 'Müller', phone: '+492215551234', ...address }))).status).toBe('suggested');
  });

  it('a company signature read as a person name ("Vogt Versicherungsbüro") counts as the company, not as a name conflict', async () => {
    const result = await matcher.match(
      letter({ firstName: 'Vogt', lastName: 'Versicherungsbüro', contractNumber: 'FW-7743', street: 'Hafenstraße 58', postalCode: '78471', city: 'Konstanz' }),
    );
    expect(result).toMatchObject({ status: 'auto', customerNumber: '3000000900' });
    expect(result.candidates[0]?.agreements).toContain('Firma stimmt überein');
    expect(result.candidates[0]?.conflicts).toEqual([]);
    // A real other person with the contract number still conflicts.
    const other = await matcher.match(letter({ firstName: 'Anna', lastName: 'Vogt', contractNumber: 'FW-7743' }));
    expect(other.status).toBe('suggested');
  });

  it('moved to a relative: number + full name win over a household member who fits only the new address', async () => {
    const fields: ExtractedFields = { firstName: 'Jana', lastName: 'Günther', street: 'Ahornweg 11', postalCode: '69125', city: 'Heidelberg' };
    expect(await matcher.match(letter({ ...fields, customerNumber: '2000003000' }))).toMatchObject({ status: 'auto', customerNumber: '2000003000' });
    // Without the number it stays a question …
    expect((await matcher.match(letter(fields))).status).toBe('suggested');
    // … and the relative quoting Jana's number is not assigned to Jana.
    const ute = await matcher.match(letter({ ...fields, firstName: 'Ute', customerNumber: '2000003000' }));
    expect(ute.status).toBe('suggested');
    expect(ute.customerNumber).toBeNull();
  });

  it('an empty letter → none', async () => {
    expect(await matcher.match(letter({}))).toMatchObject({ status: 'none', customerNumber: null, candidates: [] });
  });
});

describe('sameCompanyName (strict, for person names that are really a company)', () => {
  it('equal company names (legal forms ignored, one slip) agree; a person sharing one word does not', () => {
    expect(sameCompanyName('vogt versicherungsburo', 'vogt versicherungsburo')).toBe(true);
    expect(sameCompanyName('muller malerbetrieb', 'muller malerbetrieb gmbh')).toBe(true);
    expect(sameCompanyName('muler malerbetrieb', 'muller malerbetrieb')).toBe(true);
    expect(sameCompanyName('anna fischer', 'fischer gmbh')).toBe(false);
    expect(sameCompanyName('hans muller', 'muller malerbetrieb')).toBe(false);
    expect(sameCompanyName('gmbh', 'gmbh')).toBe(false);
  });
});
