import { hash as argon2Hash } from '@node-rs/argon2';
import { ARGON2_PARAMS, DUMMY_HASH, PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();
  const password = 'Peat smoke & sea spray 16';
  let ownHash: string;

  beforeAll(async () => {
    ownHash = await hasher.hash(password);
  });

  it('hashes with argon2id v1.3 and the OWASP parameters', () => {
    expect(ownHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(ARGON2_PARAMS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(Object.isFrozen(ARGON2_PARAMS)).toBe(true);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash(password)).not.toBe(ownHash);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    expect(await hasher.verify(ownHash, password)).toBe(true);
    expect(await hasher.verify(ownHash, 'Peat smoke & sea spray 17')).toBe(false);
    expect(await hasher.verify(ownHash, '')).toBe(false);
  });

  it('matches a password however its accented characters were composed', async () => {
    const composed = 'Caol Ila Distillerie é'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await hasher.verify(await hasher.hash(composed), decomposed)).toBe(true);
  });

  it.each<[string, (ownHash: string) => string]>([
    ['an empty string', () => ''],
    ['garbage', () => 'not a hash'],
    ['a truncated argon2 hash', (own) => own.slice(0, 40)],
    ['a bcrypt hash', () => '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5FEXIBAjFKqpI2dd1ZRw8XbWmQpvIeW'],
  ])('answers false for %s instead of throwing', async (_, malformed) => {
    await expect(hasher.verify(malformed(ownHash), password)).resolves.toBe(false);
  });

  it('does not ask to rehash its own hashes', () => {
    expect(hasher.needsRehash(ownHash)).toBe(false);
  });

  it('asks to rehash hashes made with other parameters or another variant', async () => {
    const weaker = await argon2Hash(password, { memoryCost: 4096, timeCost: 2, parallelism: 1 });
    const moreLanes = await argon2Hash(password, { ...ARGON2_PARAMS, parallelism: 2 });
    const argon2i = await argon2Hash(password, { ...ARGON2_PARAMS, algorithm: 1 });
    for (const encoded of [weaker, moreLanes, argon2i]) {
      expect(hasher.needsRehash(encoded)).toBe(true);
      expect(await hasher.verify(encoded, password)).toBe(true);
    }
  });

  it('asks to rehash what it cannot parse', () => {
    expect(hasher.needsRehash('not a hash')).toBe(true);
  });

  it('keeps the dummy hash on the current parameters, so dummy and real verifications cost the same', () => {
    expect(hasher.needsRehash(DUMMY_HASH)).toBe(false);
  });

  it('spends a verification on unknown accounts and always refuses', async () => {
    await expect(hasher.verifyDummy(password)).resolves.toBe(false);
    await expect(hasher.verifyDummy('')).resolves.toBe(false);
  });
});
