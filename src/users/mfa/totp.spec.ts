import { matchingStep, newTotpSecret, totpOf } from './totp.js';

/** The SHA-1 seed of RFC 6238's test vectors ("12345678901234567890"), in base32. */
const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('computes the codes of RFC 6238 (the last 6 of the 8 digits of its vectors)', () => {
    const totp = totpOf(RFC_SEED);
    expect(totp.generate({ timestamp: 59_000 })).toBe('287082');
    expect(totp.generate({ timestamp: 1_111_111_109_000 })).toBe('081804');
    expect(totp.generate({ timestamp: 20_000_000_000_000 })).toBe('353130');
  });

  it('finds the step of a code within one step either side, and nothing further', () => {
    const totp = totpOf(RFC_SEED);
    const code = totp.generate({ timestamp: 59_000 }); // step 1
    expect(matchingStep(totp, code, 59_000)).toBe(1);
    expect(matchingStep(totp, code, 59_000 + 30_000)).toBe(1);
    expect(matchingStep(totp, code, 59_000 - 30_000)).toBe(1);
    expect(matchingStep(totp, code, 59_000 + 60_000)).toBeNull();
    expect(matchingStep(totp, '000000', 59_000)).toBeNull();
  });

  it('makes 160-bit secrets and an otpauth URI that authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = totpOf(secret, 'ada@example.org').toString();
    expect(uri).toBe(
      `otpauth://totp/Whiskey%20Tracker:ada%40example.org?issuer=Whiskey%20Tracker&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
  });
});
