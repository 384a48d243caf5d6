import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../user.entity.js';

const PasskeySchema = defineEntity({
  name: 'Passkey',
  tableName: 'passkey',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    /** The credential's id as the authenticator made it, base64url (up to 1023 bytes, hence text). */
    credentialId: p.text().unique(),
    /** The credential's COSE public key. Not secret, but never returned: nothing outside needs it. */
    publicKey: p.uint8array().hidden().lazy(),
    /**
     * The authenticator's signature counter last seen. A later assertion must show a higher one, unless
     * both are 0 (authenticators that keep no counter, such as synced passkeys): a lower or equal one
     * means the credential may have been cloned.
     */
    counter: p.bigint('number').default(0),
    /** How the browser can reach the authenticator (`internal`, `usb`, `hybrid`, …), as hints for it. */
    transports: p.array().default([]),
    /** The owner's label for it. */
    name: p.string().length(100),
    /** Whether it may sign in on its own, without the password (the owner opted in). */
    passwordless: p.boolean().default(false),
    /** Whether the authenticator says the credential is backed up (synced to other devices). */
    backedUp: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
  },
});

/**
 * A WebAuthn credential (passkey or security key) registered by a user: a second factor after the
 * password, and also a sign-in of its own when the user opted in to password-less sign-in for it.
 */
export class Passkey extends PasskeySchema.class {}
PasskeySchema.setClass(Passkey);
