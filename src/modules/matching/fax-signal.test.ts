import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { customerCsvColumns, importCustomersCsv } from '../customers/customers.import.ts';
import { createCustomerMatcher, type CustomerMatcher } from './customer.matcher.ts';

// customerNumber,firstName,lastName,company,street,houseNumber,postalCode,city,email,phone,iban,birthDate,contractNumbers
const customers = [
  '5100000001,Renate,Schröder,,Kastanienallee,113a,50667,Köln,,+492215556854,,1962-04-11,',
  // Two colleagues of one firm; the firm's fax machine is the number both gave as phone.
  '5100000002,Markus,Albrecht,Albrecht & Kühn Steuerberatung,Ringstraße,4,90402,Nürnberg,,+499115550285,,,',
  '5100000003,Jana,Kühn,Albrecht & Kühn Steuerberatung,Ringstraße,4,90402,Nürnberg,,+499115550285,,,',
];

describe('fax header number as a matching signal (real PostgreSQL)', () => {
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

  it('the sending number with the full name assigns the customer, and says why', async () => {
    const result = await matcher.match({ tenantId: 'default', fields: { firstName: 'Renate', lastName: 'Schröder' }, faxNumber: '+492215556854' });
    expect(result.status).toBe('auto');
    expect(result.customerNumber).toBe('5100000001');
    expect(result.explanation).toContain('Faxkennung');
  });

  it('the sending number alone is only a suggestion', async () => {
    const result = await matcher.match({ tenantId: 'default', fields: {}, faxNumber: '+492215556854' });
    expect(result.status).not.toBe('auto');
  });

  it('a shared company machine with a surname and initial plus address does not decide between colleagues', async () => {
    const result = await matcher.match({ tenantId: 'default', fields: { lastName: 'Kühn', firstName: 'J.', street: 'Ringstraße 4', postalCode: '90402', city: 'Nürnberg' }, faxNumber: '+499115550285' });
    // The same evidence with a personal phone number would be enough (rule d); a machine's number is not.
    expect(result.status).not.toBe('auto');
    expect(result.candidates[0]?.customerNumber).toBe('5100000003');
  });

  it('weighs less than the same number written as the letter’s phone number', async () => {
    const asFax = await matcher.match({ tenantId: 'default', fields: { lastName: 'Schröder' }, faxNumber: '+492215556854' });
    const asPhone = await matcher.match({ tenantId: 'default', fields: { lastName: 'Schröder', phone: '+492215556854' } });
    expect(asFax.candidates[0]?.score).toBeLessThan(asPhone.candidates[0]?.score ?? 0);
  });

  it('a header number the extractor also took as the phone counts once, as the fax signal', async () => {
    const result = await matcher.match({ tenantId: 'default', fields: { lastName: 'Schröder', phone: '+49 221 5556854' }, faxNumber: '+492215556854' });
    const agreements = result.candidates[0]?.agreements ?? [];
    expect(agreements.some((entry) => entry.includes('Faxkennung'))).toBe(true);
    expect(agreements.some((entry) => entry.startsWith('Telefonnummer'))).toBe(false);
  });
});
