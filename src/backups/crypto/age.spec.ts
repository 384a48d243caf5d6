import { randomBytes } from 'node:crypto';
import { Readable, type Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { AGE_CHUNK_BYTES } from './age-stream.js';
import {
  AgeDecryptError,
  AgeOptionsError,
  InvalidAgeKeyError,
  type AgeDecryptFailure,
} from './age.errors.js';
import {
  createAgeDecryptStream,
  createAgeEncryptStream,
  generateAgeIdentity,
  isAgeRecipient,
  recipientOf,
  type AgeDecryptOptions,
  type AgeEncryptOptions,
} from './age.js';
import { bech32Decode, bech32Encode, Bech32Error } from './bech32.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const SEALED_CHUNK_BYTES = AGE_CHUNK_BYTES + 16;

/** A key pair and a file from age's own test data (cmd/age/testdata/armor.txt), dearmored: it holds "test\n". */
const REFERENCE = {
  secretKey: 'AGE-SECRET-KEY-18J6FVYJE2AFSJ0RPH6M29GMUU62UVRSCNWUJZSGETH6R38Q5AZ3S2DHAZ9',
  recipient: 'age15w9kgvgggmfra4sz6vk39kz4mveuq2sfv5vmcu090y0k2sluepaqv7z2fv',
  file: Buffer.from(
    'YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSA5ODhFNHR6RVg0SGVHZFBMclBEclEzZ3NvOGhqVE9tcFZnbTc2c3R5a0Q4ClZj' +
      'VzBLNjdxRElZV3E0Z3ZpZ255T3JWTFBHRFA2cytpWWtkeU45dDRadmcKLS0tIHV3L3hOVmJjL0hMRXBQa05lMlRsZW45TndPeE9GcmRN' +
      'eWFkR3YxeHg0YzQKJBp6KRlFFUE8jbAQUBlcAwaaQcPAflJDpWGoOjYP33gTxJHNPg==',
    'base64',
  ),
};

/** Deterministic piece sizes (1 B … 100 kB), so that a failure with a given split reproduces. */
function* pieces(input: Buffer, seed: number): Generator<Buffer> {
  let state = seed;
  for (let offset = 0; offset < input.length;) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const size = 1 + (state % 100_000);
    yield input.subarray(offset, offset + size);
    offset += size;
  }
}

/** Runs `input` through `transform`, written in irregular pieces, and returns everything it emitted. */
async function run(transform: Transform, input: Buffer, seed = 1): Promise<Buffer> {
  const output: Buffer[] = [];
  await pipeline(Readable.from(pieces(input, seed)), transform, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) output.push(chunk);
  });
  return Buffer.concat(output);
}

const encrypt = (plaintext: Buffer, options: AgeEncryptOptions, seed?: number) =>
  run(createAgeEncryptStream(options), plaintext, seed);
const decrypt = (ciphertext: Buffer, options: AgeDecryptOptions, seed?: number) =>
  run(createAgeDecryptStream(options), ciphertext, seed);

async function decryptFailure(ciphertext: Buffer, options: AgeDecryptOptions): Promise<AgeDecryptError> {
  try {
    await decrypt(ciphertext, options);
  } catch (error) {
    expect(error).toBeInstanceOf(AgeDecryptError);
    return error as AgeDecryptError;
  }
  throw new Error('decryption succeeded but should have failed');
}

async function expectRefused(ciphertext: Buffer, options: AgeDecryptOptions, reason: AgeDecryptFailure) {
  const error = await decryptFailure(ciphertext, options);
  expect(error.name).toBe('AgeDecryptError');
  expect(error.reason).toBe(reason);
  return error;
}

/** Length of the header (through the MAC line); the 16-byte payload nonce follows. */
function headerLength(file: Buffer): number {
  const footer = file.indexOf('\n---', 0, 'latin1') + 1;
  return file.indexOf(0x0a, footer) + 1;
}

function flipByte(file: Buffer, offset: number): Buffer {
  const copy = Buffer.from(file);
  copy[offset] ^= 0x01;
  return copy;
}

/** Replaces one base64 character of the header by another valid one, so that only the value changes. */
function alterBase64(file: Buffer, offset: number): Buffer {
  const copy = Buffer.from(file);
  copy[offset] = copy[offset] === 0x41 ? 0x42 : 0x41;
  return copy;
}

describe('bech32', () => {
  // BIP 173's vectors as age's own bech32 tests use them (no 90-character limit).
  const valid = [
    'A12UEL5L',
    'a12uel5l',
    'an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs',
    'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw',
    '11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j',
    'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w',
    'an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx',
  ];
  const invalid = [
    'split1checkupstagehandshakeupstreamerranterredcaperred2y9e2w', // checksum
    's lit1checkupstagehandshakeupstreamerranterredcaperredp8hs2p', // space in the HRP
    'split1cheo2y9e2w', // "o" in the data part
    'split1a2y9w', // data part too short
    '1checkupstagehandshakeupstreamerranterredcaperred2y9e3w', // empty HRP
    `spl${String.fromCharCode(127)}t1checkupstagehandshakeupstreamerranterredcaperred2y9e3w`, // DEL in the HRP
    'pzry9x0s0muk', // no separator
    '1pzry9x0s0muk', // empty HRP
    'x1b4n0q5v', // "b" in the data part
    'li1dgmt3', // checksum too short
    'de1lg7wt\u00ff', // non-ASCII
    'A1G7SGD8', // checksum computed over the upper-case HRP
    '10a06t8', // empty HRP
    '1qzzfhee', // empty HRP
    'A12uEL5L', // mixed case
  ];

  it.each(valid)('decodes and re-encodes %s, and catches a flipped character', (text) => {
    const { hrp, data } = bech32Decode(text);
    expect(bech32Encode(hrp, data)).toBe(text);
    const position = text.lastIndexOf('1') + 1;
    const flipped =
      text.slice(0, position) + String.fromCharCode(text.charCodeAt(position) ^ 1) + text.slice(position + 1);
    expect(() => bech32Decode(flipped)).toThrow(Bech32Error);
  });

  it.each(invalid)('refuses %j', (text) => {
    expect(() => bech32Decode(text)).toThrow(Bech32Error);
  });

  it('decodes the BIP 173 payload to the expected bytes', () => {
    expect(bech32Decode('abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw')).toEqual({
      hrp: 'abcdef',
      data: Buffer.from('00443214c74254b635cf84653a56d7c675be77df', 'hex'),
    });
  });

  it('round-trips payloads longer than the 90-character limit, in the case of the HRP', () => {
    const data = randomBytes(1200);
    const lower = bech32Encode('long', data);
    const upper = bech32Encode('LONG', data);
    expect(upper).toBe(lower.toUpperCase());
    expect(bech32Decode(lower)).toEqual({ hrp: 'long', data });
    expect(bech32Decode(upper)).toEqual({ hrp: 'LONG', data });
  });
});

describe('age keys', () => {
  it('derives the recipient of age’s reference key', () => {
    expect(recipientOf(REFERENCE.secretKey)).toBe(REFERENCE.recipient);
  });

  it('generates identities in age-keygen’s text forms, whose recipient matches', () => {
    const identity = generateAgeIdentity();
    expect(identity.secretKey).toMatch(/^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/);
    expect(identity.recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(recipientOf(identity.secretKey)).toBe(identity.recipient);
    expect(generateAgeIdentity().secretKey).not.toBe(identity.secretKey);
  });

  it('recognises recipients and nothing else', () => {
    expect(isAgeRecipient(REFERENCE.recipient)).toBe(true);
    for (const text of [
      '',
      REFERENCE.secretKey,
      REFERENCE.recipient.toUpperCase(),
      `${REFERENCE.recipient.slice(0, -1)}q`, // checksum
      bech32Encode('age', randomBytes(31)),
      bech32Encode('age', randomBytes(33)),
      bech32Encode('age1pq', randomBytes(32)),
    ]) {
      expect(isAgeRecipient(text)).toBe(false);
    }
  });

  it('refuses invalid secret keys without echoing them', () => {
    const typo = REFERENCE.secretKey.slice(0, -1) + 'X';
    for (const text of [typo, REFERENCE.secretKey.toLowerCase(), REFERENCE.recipient, '']) {
      expect(() => recipientOf(text)).toThrow(InvalidAgeKeyError);
      try {
        recipientOf(text);
      } catch (error) {
        expect((error as Error).name).toBe('InvalidAgeKeyError');
        if (text) expect((error as Error).message).not.toContain(text.slice(16));
      }
    }
  });
});

describe('age streams', () => {
  const alice = generateAgeIdentity();
  const bob = generateAgeIdentity();
  const mallory = generateAgeIdentity();

  it('decrypts a file written by age itself', async () => {
    const plaintext = await decrypt(REFERENCE.file, { identities: [REFERENCE.secretKey] });
    expect(plaintext.toString()).toBe('test\n');
  });

  it.each([
    ['0 B', 0],
    ['1 B', 1],
    ['64 KiB − 1', AGE_CHUNK_BYTES - 1],
    ['64 KiB exactly (one full final chunk)', AGE_CHUNK_BYTES],
    ['64 KiB + 1', AGE_CHUNK_BYTES + 1],
    ['128 KiB exactly', 2 * AGE_CHUNK_BYTES],
    ['1 MiB random', MiB],
  ])('round-trips %s, whatever the write sizes', async (_label, size) => {
    const plaintext = randomBytes(size);
    const chunks = Math.max(1, Math.ceil(size / AGE_CHUNK_BYTES));
    for (const seed of [1, 2]) {
      const file = await encrypt(plaintext, { recipients: [alice.recipient] }, seed);
      expect(file.length).toBe(headerLength(file) + 16 + size + 16 * chunks);
      expect((await decrypt(file, { identities: [alice.secretKey] }, seed + 10)).equals(plaintext)).toBe(
        true,
      );
    }
  });

  it('keeps no reference to a written buffer once the write is done (writers may reuse it)', async () => {
    const encryptStream = createAgeEncryptStream({ recipients: [alice.recipient] });
    const output: Buffer[] = [];
    encryptStream.on('data', (chunk: Buffer) => output.push(chunk));
    const reused = Buffer.alloc(3 * AGE_CHUNK_BYTES);
    const written: Buffer[] = [];
    for (const [fill, size] of [
      [1, AGE_CHUNK_BYTES],
      [2, 3 * AGE_CHUNK_BYTES],
      [3, 100],
      [4, AGE_CHUNK_BYTES],
    ]) {
      const view = reused.subarray(0, size).fill(fill);
      written.push(Buffer.from(view));
      await new Promise<void>((resolve, reject) =>
        encryptStream.write(view, (error) => (error ? reject(error) : resolve())),
      );
    }
    encryptStream.end();
    await finished(encryptStream);
    const opened = await decrypt(Buffer.concat(output), { identities: [alice.secretKey] });
    expect(opened.equals(Buffer.concat(written))).toBe(true);
  });

  it('writes the age v1 header: one X25519 stanza per recipient, then the MAC', async () => {
    const file = await encrypt(Buffer.from('hello'), { recipients: [alice.recipient, bob.recipient] });
    const header = file.toString('latin1', 0, headerLength(file));
    expect(header).toMatch(
      /^age-encryption\.org\/v1\n(-> X25519 [A-Za-z0-9+/]{43}\n[A-Za-z0-9+/]{43}\n){2}--- [A-Za-z0-9+/]{43}\n$/,
    );
  });

  it('opens a multi-recipient file with any one of the identities, or several', async () => {
    const plaintext = randomBytes(200 * KiB);
    const file = await encrypt(plaintext, { recipients: [alice.recipient, bob.recipient] });
    for (const identities of [[alice.secretKey], [bob.secretKey], [mallory.secretKey, bob.secretKey]]) {
      expect((await decrypt(file, { identities })).equals(plaintext)).toBe(true);
    }
  });

  it('refuses the wrong identity', async () => {
    const file = await encrypt(randomBytes(1000), { recipients: [alice.recipient, bob.recipient] });
    const error = await expectRefused(file, { identities: [mallory.secretKey] }, 'no-identity-matches');
    expect(error.message).toMatch(/no identity matches/i);
    await expectRefused(file, { passphrase: 'not this kind of file' }, 'no-identity-matches');
  });

  it('refuses a tampered payload byte, nonce, header MAC or wrapped key', async () => {
    const file = await encrypt(randomBytes(3 * AGE_CHUNK_BYTES), { recipients: [alice.recipient] });
    const identities = { identities: [alice.secretKey] };
    const payloadStart = headerLength(file) + 16;
    await expectRefused(flipByte(file, payloadStart + SEALED_CHUNK_BYTES + 5), identities, 'damaged');
    await expectRefused(flipByte(file, file.length - 1), identities, 'damaged');
    await expectRefused(flipByte(file, payloadStart - 3), identities, 'damaged');
    await expectRefused(alterBase64(file, headerLength(file) - 3), identities, 'header-mac-mismatch');
    const wrappedKey = file.indexOf('\n', file.indexOf('-> X25519')) + 5;
    await expectRefused(alterBase64(file, wrappedKey), identities, 'no-identity-matches');
  });

  it('refuses a header whose text was altered, before trying any key', async () => {
    const file = await encrypt(Buffer.from('x'), { recipients: [alice.recipient] });
    const identities = { identities: [alice.secretKey] };
    const text = (from: string, to: string) =>
      Buffer.from(file.toString('latin1').replace(from, to), 'latin1');
    await expectRefused(text('-> X25519 ', '-> X25519  '), identities, 'malformed-header');
    await expectRefused(text('-> X25519 ', '->X25519 '), identities, 'malformed-header');
    await expectRefused(text('\n--- ', '\n---  '), identities, 'malformed-header');
    // A stanza body line that is not canonical base64 (padding), as age refuses it.
    const body = file.indexOf('\n', file.indexOf('-> X25519')) + 1;
    const padded = Buffer.concat([file.subarray(0, body + 43), Buffer.from('='), file.subarray(body + 43)]);
    await expectRefused(padded, identities, 'malformed-header');
  });

  it('refuses a scrypt stanza next to another stanza', async () => {
    const file = await encrypt(Buffer.from('x'), { recipients: [alice.recipient] });
    const header = file.toString('latin1', 0, headerLength(file));
    const mixed = header.replace(
      '\n-> X25519',
      '\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-> X25519',
    );
    const forged = Buffer.concat([Buffer.from(mixed, 'latin1'), file.subarray(header.length)]);
    await expectRefused(forged, { identities: [alice.secretKey] }, 'malformed-header');
    await expectRefused(forged, { passphrase: 'secret' }, 'malformed-header');
  });

  it('refuses truncated files: at a chunk boundary, inside a chunk, inside the header or nonce, or empty', async () => {
    const file = await encrypt(randomBytes(2 * AGE_CHUNK_BYTES + 10), { recipients: [alice.recipient] });
    const identities = { identities: [alice.secretKey] };
    const payloadStart = headerLength(file) + 16;
    const truncated = (length: number) => file.subarray(0, length);
    const boundary = await expectRefused(
      truncated(payloadStart + 2 * SEALED_CHUNK_BYTES),
      identities,
      'truncated',
    );
    expect(boundary.message).toMatch(/truncated/);
    await expectRefused(truncated(payloadStart + SEALED_CHUNK_BYTES), identities, 'truncated');
    await expectRefused(truncated(payloadStart), identities, 'truncated');
    await expectRefused(truncated(payloadStart + 8), identities, 'truncated');
    await expectRefused(truncated(payloadStart - 4), identities, 'truncated');
    await expectRefused(truncated(headerLength(file) - 10), identities, 'truncated');
    await expectRefused(truncated(file.length - 1), identities, 'damaged');
    await expectRefused(truncated(payloadStart + SEALED_CHUNK_BYTES + 100), identities, 'damaged');
    await expectRefused(Buffer.alloc(0), identities, 'not-age-file');
  });

  it('refuses data after the final chunk', async () => {
    const identities = { identities: [alice.secretKey] };
    const full = await encrypt(randomBytes(AGE_CHUNK_BYTES), { recipients: [alice.recipient] });
    await expectRefused(Buffer.concat([full, Buffer.from('x')]), identities, 'trailing-data');
    const fullPlusChunk = Buffer.concat([full, randomBytes(SEALED_CHUNK_BYTES)]);
    await expectRefused(fullPlusChunk, identities, 'trailing-data');
    const short = await encrypt(randomBytes(10), { recipients: [alice.recipient] });
    await expectRefused(Buffer.concat([short, Buffer.from('junk')]), identities, 'damaged');
  });

  it('refuses what is not a binary age file', async () => {
    const identities = { identities: [alice.secretKey] };
    await expectRefused(Buffer.from('hello world, this is not age\n'), identities, 'not-age-file');
    const armored = await expectRefused(
      Buffer.from(`-----BEGIN AGE ENCRYPTED FILE-----\n${REFERENCE.file.toString('base64')}\n`),
      identities,
      'not-age-file',
    );
    expect(armored.message).toMatch(/armored/);
    await expectRefused(
      Buffer.from('age-encryption.org/v1\n'.padEnd(2 * MiB, 'A')),
      identities,
      'malformed-header',
    );
  });

  it('round-trips with a passphrase (scrypt) and refuses a wrong one', async () => {
    const plaintext = randomBytes(100 * KiB);
    const file = await encrypt(plaintext, { passphrase: 'correct horse battery staple', workFactor: 10 });
    expect(file.toString('latin1', 0, headerLength(file))).toMatch(
      /^age-encryption\.org\/v1\n-> scrypt [A-Za-z0-9+/]{22} 10\n[A-Za-z0-9+/]{43}\n--- [A-Za-z0-9+/]{43}\n$/,
    );
    const opened = await decrypt(file, { passphrase: 'correct horse battery staple' });
    expect(opened.equals(plaintext)).toBe(true);
    const wrong = await expectRefused(file, { passphrase: 'wrong horse' }, 'no-identity-matches');
    expect(wrong.message).not.toContain('wrong horse');
    await expectRefused(
      file,
      { passphrase: 'correct horse battery staple', maxWorkFactor: 9 },
      'work-factor-too-large',
    );
    await expectRefused(file, { identities: [alice.secretKey] }, 'no-identity-matches');
  });

  it('validates options before any data flows', () => {
    expect(() => createAgeEncryptStream({ recipients: [] })).toThrow(AgeOptionsError);
    expect(() => createAgeEncryptStream({ recipients: [alice.recipient, 'age1nope'] })).toThrow(
      /Recipient 2 is not a valid/,
    );
    expect(() => createAgeEncryptStream({ recipients: [alice.secretKey] })).toThrow(InvalidAgeKeyError);
    expect(() => createAgeEncryptStream({ passphrase: '' })).toThrow(AgeOptionsError);
    for (const workFactor of [0, 31, 1.5]) {
      expect(() => createAgeEncryptStream({ passphrase: 'p', workFactor })).toThrow(AgeOptionsError);
    }
    const both = { passphrase: 'p', recipients: [alice.recipient] } as unknown as AgeEncryptOptions;
    expect(() => createAgeEncryptStream(both)).toThrow(AgeOptionsError);
    expect(() => createAgeDecryptStream({ identities: [] })).toThrow(AgeOptionsError);
    expect(() => createAgeDecryptStream({ identities: [alice.recipient] })).toThrow(InvalidAgeKeyError);
    expect(() => createAgeDecryptStream({ passphrase: 'p', maxWorkFactor: 40 })).toThrow(AgeOptionsError);
  });

  it('reads no further ahead than its buffers while the output is not consumed', async () => {
    const total = 64 * MiB;
    let produced = 0;
    const source = new Readable({
      highWaterMark: 64 * KiB,
      read() {
        if (produced >= total) {
          this.push(null);
          return;
        }
        produced += 64 * KiB;
        this.push(Buffer.alloc(64 * KiB, produced & 0xff));
      },
    });
    const encryptStream = createAgeEncryptStream({ recipients: [alice.recipient] });
    source.pipe(encryptStream);
    // Nothing reads the encrypted side yet: let the streams fill their buffers and stop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(produced).toBeLessThan(2 * MiB);

    let received = 0;
    for await (const chunk of encryptStream as AsyncIterable<Buffer>) received += chunk.length;
    expect(produced).toBe(total);
    expect(received).toBeGreaterThan(total);
  });
});
