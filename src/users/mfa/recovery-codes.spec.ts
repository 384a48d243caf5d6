import { hashRecoveryCode, newRecoveryCode, normalizeRecoveryCode } from './recovery-codes.js';

describe('recovery codes', () => {
  it('are 16 base32 characters without I, L, O or U, in groups of four, and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, () => newRecoveryCode());
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // 80 random bits: every character position takes every one of the 32 symbols.
    const firstCharacters = new Set(codes.map((code) => code[0]));
    expect(firstCharacters.size).toBe(32);
  });

  it('match however they are typed: case, spaces, dashes, and letters read as digits', () => {
    expect(normalizeRecoveryCode(' 7K2M Q9XD-4HFA 0NWE ')).toBe('7k2mq9xd4hfa0nwe');
    expect(normalizeRecoveryCode('IL0O')).toBe('1100');
    expect(hashRecoveryCode('7k2m-q9xd-4hfa-0nwe')).toBe(hashRecoveryCode('7K2MQ9XD4HFAONWE'));
    expect(hashRecoveryCode('7k2m-q9xd-4hfa-0nwe')).not.toBe(hashRecoveryCode('7k2m-q9xd-4hfa-0nwf'));
    expect(hashRecoveryCode('7k2m-q9xd-4hfa-0nwe')).toMatch(/^[0-9a-f]{64}$/);
  });
});
