import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));
  const context = 'storage_provider_config:1:password';

  it('opens what it sealed, for the same context', () => {
    for (const secret of ['', 'hunter2', 'ß€ – 🥃', 'x'.repeat(100_000)]) {
      expect(box.open(box.seal(secret, context), context)).toBe(secret);
    }
  });

  it('seals in the versioned format with a fresh IV each time', () => {
    const first = box.seal('hunter2', context);
    const second = box.seal('hunter2', context);
    expect(first).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(second).not.toBe(first);
    expect(first).not.toContain('hunter2');
  });

  it('refuses a tampered ciphertext, IV or tag with a clear error', () => {
    const sealed = box.seal('a long enough secret value', context);
    const parts = sealed.split('.');
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index], 'base64url');
      bytes[0] ^= 1;
      const tampered = parts.map((part, i) => (i === index ? bytes.toString('base64url') : part)).join('.');
      expect(() => box.open(tampered, context)).toThrow(SecretBoxError);
      expect(() => box.open(tampered, context)).toThrow(/altered|malformed/);
    }
  });

  it('refuses a value sealed for another context or under another key', () => {
    const sealed = box.seal('hunter2', context);
    expect(() => box.open(sealed, 'storage_provider_config:2:password')).toThrow(SecretBoxError);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, context)).toThrow(/another key/);
  });

  it('refuses what is not a sealed value', () => {
    for (const text of ['hunter2', 'v2.a.b.c', 'v1.a.b', 'v1.AAAA.AAAA.AAAA']) {
      expect(() => box.open(text, context)).toThrow(SecretBoxError);
    }
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(RangeError);
  });
});
