import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Length of an AES-256 key in bytes. */
export const SECRET_KEY_BYTES = 32;

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Format marker of sealed values; a new format gets a new marker and `open` keeps reading the old ones. */
const VERSION = 'v1';

/** A sealed value could not be opened: it is malformed, was altered, or was sealed under another key. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * Encrypts secrets at rest with AES-256-GCM (authenticated: a tampered value is refused, never
 * decrypted to garbage). A sealed value is text, `v1.<iv>.<tag>.<ciphertext>` in base64url, with a
 * random 12-byte IV per value. `context` (e.g. `storage_provider_config:<id>:password`) is bound as
 * associated data, so a sealed value copied to another record or field does not open there.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) {
      throw new RangeError(`A secret box key has ${SECRET_KEY_BYTES} bytes, not ${key.length}`);
    }
  }

  /** Encrypts `plaintext` for `context`. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Decrypts a value sealed for `context`; throws a {@link SecretBoxError} if it cannot. */
  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts[0] !== VERSION || parts.length !== 4) {
      throw new SecretBoxError(`Not a sealed secret of format ${VERSION}`);
    }
    const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretBoxError('The sealed secret is malformed (wrong IV or tag length)');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        'The sealed secret does not authenticate: it was altered, belongs elsewhere, or was sealed under another key',
      );
    }
  }
}
