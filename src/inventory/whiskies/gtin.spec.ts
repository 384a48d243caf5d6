import { isValidGtin, normaliseBarcode } from './gtin.js';

describe('isValidGtin', () => {
  it.each([
    ['EAN-13', '4006381333931'],
    ['EAN-13 (Lagavulin 16)', '5000281005416'],
    ['UPC-A', '036000291452'],
    ['UPC-A', '088076161863'],
    ['EAN-8', '73513537'],
    ['UPC-E (expands to 042100005264)', '04252614'],
    ['UPC-E, number system 1', '14252611'],
  ])('accepts a valid %s code (%s)', (_kind, code) => {
    expect(isValidGtin(code)).toBe(true);
  });

  it.each([
    ['EAN-13', '4006381333932'],
    ['UPC-A', '036000291453'],
    ['EAN-8 / UPC-E', '73513538'],
    ['UPC-E', '04252615'],
  ])('refuses a %s code with a wrong check digit (%s)', (_kind, code) => {
    expect(isValidGtin(code)).toBe(false);
  });

  it.each([
    ['too short', '1234567'],
    ['GTIN-14 (not a retail code)', '10012345678902'],
    ['ITF / 9 digits', '123456789'],
    ['letters', '40063813339A1'],
    ['spaces (not normalised)', '4006381 333931'],
    ['empty', ''],
    ['a sign', '-4006381333931'],
  ])('refuses %s', (_kind, code) => {
    expect(isValidGtin(code)).toBe(false);
  });
});

describe('normaliseBarcode', () => {
  it('strips the spaces between digit groups, so the result can be validated and looked up', () => {
    expect(normaliseBarcode(' 4 006381 333931 ')).toBe('4006381333931');
    expect(isValidGtin(normaliseBarcode('0 36000 29145 2'))).toBe(true);
  });
});
