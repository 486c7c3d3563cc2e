import { describe, expect, it } from 'vitest';
import { canonicalCity, cityKey, isKnownCity, isPostcodeFormat, postcodeCityPlausibility, regionsOfCity } from './postcode.ts';

describe('postcode format', () => {
  it('accepts five digits in existing regions only', () => {
    expect(isPostcodeFormat('50667')).toBe(true);
    expect(isPostcodeFormat('01069')).toBe(true);
    expect(isPostcodeFormat('05123')).toBe(false);
    expect(isPostcodeFormat('11000')).toBe(false);
    expect(isPostcodeFormat('4310')).toBe(false);
    expect(isPostcodeFormat('5O667')).toBe(false);
  });
});

describe('postcodeCityPlausibility', () => {
  it.each([
    ['50667', 'Köln', 1],
    ['51105', 'Köln', 1],
    ['04109', 'Leipzig', 1],
    ['10623', 'Berlin', 1],
    ['14467', 'Potsdam', 1],
    ['80331', 'München', 1],
    ['79098', 'Freiburg im Breisgau', 1],
    ['06108', 'Halle (Saale)', 1],
    ['60311', 'Frankfurt am Main', 1],
    ['15230', 'Frankfurt (Oder)', 1],
    ['53105', 'Bonn', 1],
  ])('%s %s is plausible', (pc, city, score) => {
    expect(postcodeCityPlausibility(pc, city)).toBe(score);
  });

  it('scores a known city in the wrong region low, an unknown town neutral', () => {
    expect(postcodeCityPlausibility('80331', 'Hamburg')).toBe(0.25);
    expect(postcodeCityPlausibility('50667', 'Kleinkleckersdorf')).toBe(0.6);
    expect(postcodeCityPlausibility('05123', 'Köln')).toBe(0.1);
  });

  it('tolerates OCR spellings and missing umlauts', () => {
    expect(postcodeCityPlausibility('50667', 'Koeln')).toBe(1);
    expect(postcodeCityPlausibility('49074', 'Osnabruck')).toBe(1);
    expect(postcodeCityPlausibility('14467', 'Potsdarn')).toBeGreaterThanOrEqual(0.85);
  });
});

describe('canonicalCity', () => {
  it('restores umlauts and repairs one OCR slip within the postcode region', () => {
    expect(canonicalCity('49074', 'Osnabruck')).toBe('Osnabrück');
    expect(canonicalCity('50667', 'Koeln')).toBe('Köln');
    expect(canonicalCity('14467', 'Potsdarn')).toBe('Potsdam');
    expect(canonicalCity('20457', 'Harnburg')).toBe('Hamburg');
  });

  it('keeps cities it does not know, and correct spellings', () => {
    expect(canonicalCity('50667', 'Köln')).toBe('Köln');
    expect(canonicalCity('06108', 'Halle (Saale)')).toBe('Halle (Saale)');
    expect(canonicalCity('53340', 'Meckenheim-Lüftelberg')).toBe('Meckenheim-Lüftelberg');
  });
});

describe('city index', () => {
  it('knows major towns and their regions', () => {
    expect(isKnownCity('Würzburg')).toBe(true);
    expect(isKnownCity('Atlantis')).toBe(false);
    expect([...(regionsOfCity('Berlin') ?? [])].sort()).toEqual(['10', '12', '13', '14']);
    expect(cityKey('St. Ingbert')).toBe('sankt ingbert');
  });
});
