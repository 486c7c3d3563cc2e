import { describe, expect, it } from 'vitest';
import { compactIban, ibanLength, isValidIban, validateIbanWithRepair } from './iban.validator.ts';

describe('validateIbanWithRepair', () => {
  it('accepts valid IBANs of any country, spaced or not, any case', () => {
    expect(validateIbanWithRepair('DE89 3704 0044 0532 0130 00')).toEqual({ iban: 'DE89370400440532013000', repaired: false });
    expect(validateIbanWithRepair('de89370400440532013000')).toEqual({ iban: 'DE89370400440532013000', repaired: false });
    expect(validateIbanWithRepair('AT61 1904 3002 3457 3201')?.iban).toBe('AT611904300234573201');
    expect(validateIbanWithRepair('NL91 ABNA 0417 1643 00')?.iban).toBe('NL91ABNA0417164300');
    expect(validateIbanWithRepair('GB29 NWBK 6016 1331 9268 19')?.iban).toBe('GB29NWBK60161331926819');
  });

  it('repairs OCR letters in numeric positions when mod 97 then validates', () => {
    expect(validateIbanWithRepair('DE75 12O3 OOOO 1O2O 3O4O 5O')).toEqual({ iban: 'DE75120300001020304050', repaired: true });
    expect(validateIbanWithRepair('DE89 37O4 OO44 O532 Ol3O OO')).toEqual({ iban: 'DE89370400440532013000', repaired: true });
    expect(validateIbanWithRepair('DE44 5OO1 O517 54O7 3249 3l')?.iban).toBe('DE44500105175407324931');
  });

  it('repairs digits in letter positions (bank codes of NL/GB)', () => {
    expect(validateIbanWithRepair('NL91 A8NA 0417 1643 00')?.iban).toBe('NL91ABNA0417164300');
    expect(validateIbanWithRepair('GB29 NW8K 6016 1331 9268 19')?.iban).toBe('GB29NWBK60161331926819');
  });

  it('rejects checksum errors that repair cannot explain', () => {
    expect(validateIbanWithRepair('DE89 3704 0044 0532 0130 01')).toBeNull();
    expect(validateIbanWithRepair('DE12 3456 7890 1234 5678 90')).toBeNull();
    expect(validateIbanWithRepair('XX89 3704 0044 0532 0130 00')).toBeNull();
  });

  it('knows country lengths and compacts', () => {
    expect(ibanLength('DE')).toBe(22);
    expect(ibanLength('AT')).toBe(20);
    expect(ibanLength('XX')).toBeUndefined();
    expect(compactIban('de89 3704-0044')).toBe('DE8937040044');
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
  });
});
