import { describe, expect, it } from 'vitest';
import { compareCustomerNumbers, compactIban, compactPhone, customerNumberVariants, isE164Phone, isValidIban } from './identifier.normaliser.ts';
import { cityKey, compareHouseNumbers, firstNameParts, foldText, houseNumberKey, nameKey, splitStreet, streetKey } from './name.normaliser.ts';

describe('name and address normaliser', () => {
  it('folds umlauts, their two-letter spellings, ß and accents alike', () => {
    expect(foldText('Müller')).toBe(foldText('Mueller'));
    expect(foldText('Müller')).toBe('muller');
    expect(foldText('Weiß')).toBe(foldText('Weiss'));
    expect(foldText('Öztürk')).toBe(foldText('Oeztuerk'));
    expect(foldText('José Désirée')).toBe('jose desiree');
    expect(nameKey('Müller-Lüdenscheidt')).toBe('muller ludenscheidt');
  });

  it('drops titles and salutations', () => {
    expect(nameKey('Herrn Dr. Hans Müller')).toBe('hans muller');
    expect(nameKey('Frau Prof. Dr. med. Köhler')).toBe('kohler');
    expect(nameKey('Dipl.-Ing. Jörg Groß')).toBe('jorg gross');
    expect(nameKey('Herr')).toBe('herr');
  });

  it('recognises initials', () => {
    expect(firstNameParts('H.')).toMatchObject({ initialsOnly: true, initials: 'h' });
    expect(firstNameParts('H.-P.')).toMatchObject({ initialsOnly: true, initials: 'hp' });
    expect(firstNameParts('Hans-Peter')).toMatchObject({ initialsOnly: false, initials: 'hp', key: 'hans peter' });
  });

  it('normalises Str. / Straße / Strasse and spacing in street names', () => {
    const forms = ['Hauptstraße', 'Hauptstrasse', 'Hauptstr.', 'Hauptstr', 'HAUPTSTRASSE'];
    for (const form of forms) expect(streetKey(form)).toBe('hauptstr');
    expect(streetKey('Konrad-Adenauer-Str.')).toBe(streetKey('Konrad Adenauer Straße'));
    expect(streetKey('Kölner Straße')).toBe(streetKey('Koelner Str.'));
    expect(streetKey('Schloßstraße')).toBe(streetKey('Schlossstr.'));
    expect(streetKey('Strandweg')).toBe('strandweg');
    expect(streetKey('Marktpl.')).toBe(streetKey('Marktplatz'));
  });

  it('splits street and house number', () => {
    expect(splitStreet('Hauptstr. 5a')).toEqual({ street: 'Hauptstr.', houseNumber: '5a' });
    expect(splitStreet('Hauptstraße 5 A')).toEqual({ street: 'Hauptstraße', houseNumber: '5a' });
    expect(splitStreet('Gartenweg 12 - 14')).toEqual({ street: 'Gartenweg', houseNumber: '12-14' });
    expect(splitStreet('Straße des 17. Juni 112')).toEqual({ street: 'Straße des 17. Juni', houseNumber: '112' });
    expect(splitStreet('Am Mühlbach')).toEqual({ street: 'Am Mühlbach', houseNumber: '' });
    expect(splitStreet('Hauptstr.5')).toEqual({ street: 'Hauptstr.', houseNumber: '5' });
  });

  it('compares house numbers with letters and ranges', () => {
    expect(houseNumberKey('5 A')).toBe('5a');
    expect(compareHouseNumbers('5a', '5 A')).toBe('exact');
    expect(compareHouseNumbers('5', '5a')).toBe('partial');
    expect(compareHouseNumbers('13', '12-14')).toBe('partial');
    expect(compareHouseNumbers('12–14', '12-14')).toBe('exact');
    expect(compareHouseNumbers('5', '7')).toBe('different');
  });

  it('folds cities', () => {
    expect(cityKey('Köln')).toBe(cityKey('Koeln'));
    expect(cityKey('Frankfurt am Main')).toBe('frankfurtammain');
  });
});

describe('identifier normaliser', () => {
  it('validates IBAN and E.164 phone numbers', () => {
    expect(compactIban('de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isE164Phone('+492215551234')).toBe(true);
    expect(isE164Phone('0221 5551234')).toBe(false);
    expect(compactPhone('0221 / 555 12 34')).toBe('+492215551234');
  });

  it('generates OCR and typo variants of a customer number', () => {
    const { exact, variants } = customerNumberVariants('47 11O8 15OO');
    expect(exact).toBe('4711081500');
    expect(variants).toContain('4711081501'); // one digit
    expect(variants).toContain('7411081500'); // transposition
    expect(variants).not.toContain(exact);
    expect(customerNumberVariants('47110815000').variants).toContain('4711081500'); // one digit too many
    expect(customerNumberVariants('471108150').variants).toContain('4711081500'); // one digit missing
    expect(compareCustomerNumbers('4711081501', '4711081500')).toBe('near');
    expect(compareCustomerNumbers('4711801500', '4711081500')).toBe('near');
    expect(compareCustomerNumbers('4711081599', '4711081500')).toBe('different');
  });
});
