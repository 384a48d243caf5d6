/**
 * The age v1 file format (https://age-encryption.org/v1) as two node:stream Transforms, on node:crypto only.
 *
 * A file is a text header (intro line, one stanza per recipient wrapping the 16-byte file key, and an
 * HMAC-SHA256 of the header under a key derived from the file key), a 16-byte nonce, then the STREAM payload:
 * 64 KiB plaintext chunks, each sealed with ChaCha20-Poly1305 under HKDF(file key, nonce, "payload"), with a
 * 12-byte nonce made of an 11-byte big-endian chunk counter and a final-chunk flag byte.
 *
 * Memory stays flat: each stream keeps at most one 64 KiB chunk (plus the pending header) whatever the file
 * size, and full chunks inside large writes are sealed or opened straight from the caller's buffers. The
 * Transform machinery gives backpressure: a write is acknowledged only once its output fits the readable side.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  diffieHellman,
  hkdfSync,
  randomBytes,
  scrypt,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AgeDecryptError, AgeEncryptError } from './age.errors.js';

const INTRO = 'age-encryption.org/v1\n';
const INTRO_BYTES = Buffer.from(INTRO, 'latin1');
const ARMOR_BEGIN = Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----', 'latin1');
const FOOTER = '---';
const X25519_LABEL = 'age-encryption.org/v1/X25519';
const SCRYPT_LABEL = Buffer.from('age-encryption.org/v1/scrypt', 'latin1');

const FILE_KEY_BYTES = 16;
const KEY_BYTES = 32;
const TAG_BYTES = 16;
const PAYLOAD_NONCE_BYTES = 16;
const SCRYPT_SALT_BYTES = 16;
/** Plaintext bytes per STREAM chunk. */
export const AGE_CHUNK_BYTES = 64 * 1024;
const SEALED_CHUNK_BYTES = AGE_CHUNK_BYTES + TAG_BYTES;
/** Decoded bytes on a full stanza body line (64 base64 columns). */
const BODY_BYTES_PER_LINE = 48;
const BODY_COLUMNS = 64;
/** The footer line is `--- ` and 43 base64 characters; anything much longer has no newline where it should. */
const MAX_FOOTER_LINE = 64;
/**
 * Refuse headers beyond this: age sets no limit, but a header is ~100 bytes per recipient, and without a cap a
 * stream that never shows a footer would be buffered whole.
 */
const MAX_HEADER_BYTES = 1024 * 1024;
/** The 11-byte counter is written from its low 6 bytes: 2^48 chunks are 16 EiB, far beyond any backup. */
const MAX_CHUNK_COUNTER = 2 ** 48 - 1;
/** age's own bounds for the scrypt work factor (log2 of N). */
export const AGE_MIN_WORK_FACTOR = 1;
export const AGE_MAX_WORK_FACTOR = 30;

const EMPTY = Buffer.alloc(0);
const ZERO_NONCE = Buffer.alloc(12);
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

/** How the file key is wrapped when encrypting: to X25519 public keys (raw 32 bytes each), or to one passphrase. */
export type AgeKeyWrapping =
  { recipients: readonly Buffer[] } | { passphrase: string; /** log2 of scrypt's N. */ workFactor: number };

/** How the file key is found when decrypting: with X25519 secret keys (raw 32 bytes each), or with a passphrase. */
export type AgeKeyUnwrapping =
  | { identities: readonly Buffer[] }
  | { passphrase: string; /** Highest accepted log2 of scrypt's N. */ maxWorkFactor: number };

interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

// ---------------------------------------------------------------------------------------------------------
// Primitives

function hkdf(ikm: Buffer, salt: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, KEY_BYTES));
}

/** ChaCha20-Poly1305 under a single-use key, hence the all-zero nonce (as age does for wrapped file keys). */
function sealOnce(key: Buffer, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: TAG_BYTES });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function openOnce(key: Buffer, sealed: Buffer): Buffer | undefined {
  const decipher = createDecipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  try {
    decipher.final();
  } catch {
    return undefined;
  }
  return plaintext;
}

/** Unpadded standard base64, the only encoding the age header uses. */
function encodeBase64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

const BASE64_CHARACTERS = /^[A-Za-z0-9+/]*$/;

/** Strict decoding: Buffer.from(…, 'base64') skips junk and accepts padding, age accepts only canonical text. */
function decodeBase64(text: string): Buffer | undefined {
  if (!BASE64_CHARACTERS.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return encodeBase64(bytes) === text ? bytes : undefined;
}

function scryptKey(passphrase: string, salt: Buffer, workFactor: number): Promise<Buffer> {
  const cost = 2 ** workFactor;
  // scrypt needs 128·N·r bytes; node refuses more than 32 MiB unless maxmem says otherwise.
  const maxmem = 128 * cost * 8 + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(
      Buffer.from(passphrase, 'utf8'),
      Buffer.concat([SCRYPT_LABEL, salt]),
      KEY_BYTES,
      { N: cost, r: 8, p: 1, maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------
// X25519 with raw 32-byte keys (node:crypto only takes them wrapped in DER)

function x25519PrivateKey(secret: Buffer): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_X25519_PREFIX, secret]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** The raw public key (u-coordinate) of a raw X25519 secret key. */
export function x25519PublicKey(secret: Buffer): Buffer {
  const spki = createPublicKey(x25519PrivateKey(secret)).export({ format: 'der', type: 'spki' });
  return spki.subarray(SPKI_X25519_PREFIX.length);
}

/** The shared secret, or undefined when `point` has low order (OpenSSL refuses the all-zero result). */
function x25519(privateKey: KeyObject, point: Buffer): Buffer | undefined {
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_X25519_PREFIX, point]),
    format: 'der',
    type: 'spki',
  });
  try {
    return diffieHellman({ privateKey, publicKey });
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Header: writing

function x25519Stanza(fileKey: Buffer, recipient: Buffer): Stanza {
  const ephemeralSecret = randomBytes(KEY_BYTES);
  const share = x25519PublicKey(ephemeralSecret);
  const shared = x25519(x25519PrivateKey(ephemeralSecret), recipient);
  if (!shared) throw new AgeEncryptError('A recipient is not a usable X25519 public key');
  const wrapKey = hkdf(shared, Buffer.concat([share, recipient]), X25519_LABEL);
  return { type: 'X25519', args: [encodeBase64(share)], body: sealOnce(wrapKey, fileKey) };
}

async function scryptStanza(fileKey: Buffer, passphrase: string, workFactor: number): Promise<Stanza> {
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const wrapKey = await scryptKey(passphrase, salt, workFactor);
  return { type: 'scrypt', args: [encodeBase64(salt), String(workFactor)], body: sealOnce(wrapKey, fileKey) };
}

/** A stanza's text: its argument line, then its body wrapped at 64 columns, always ending with a short line. */
function formatStanza(stanza: Stanza): string {
  const body = encodeBase64(stanza.body);
  let text = `-> ${[stanza.type, ...stanza.args].join(' ')}\n`;
  let column = 0;
  for (; column + BODY_COLUMNS <= body.length; column += BODY_COLUMNS) {
    text += `${body.slice(column, column + BODY_COLUMNS)}\n`;
  }
  return `${text}${body.slice(column)}\n`;
}

function headerMac(fileKey: Buffer, headerThroughFooter: Buffer): Buffer {
  return createHmac('sha256', hkdf(fileKey, EMPTY, 'header'))
    .update(headerThroughFooter)
    .digest();
}

/**
 * The STREAM key, as a KeyObject: createCipheriv with a KeyObject skips re-importing a raw key for every chunk,
 * which doubles the throughput on 64 KiB chunks.
 */
function payloadKey(fileKey: Buffer, nonce: Buffer): KeyObject {
  return createSecretKey(hkdf(fileKey, nonce, 'payload'));
}

/** Makes a fresh file key, wraps it, and returns the header plus payload nonce, and the payload key. */
async function createPreamble(
  wrapping: AgeKeyWrapping,
): Promise<{ preamble: Buffer; payloadKey: KeyObject }> {
  const fileKey = randomBytes(FILE_KEY_BYTES);
  const stanzas =
    'recipients' in wrapping
      ? wrapping.recipients.map((recipient) => x25519Stanza(fileKey, recipient))
      : [await scryptStanza(fileKey, wrapping.passphrase, wrapping.workFactor)];
  const throughFooter = Buffer.from(`${INTRO}${stanzas.map(formatStanza).join('')}${FOOTER}`, 'latin1');
  const macLine = Buffer.from(` ${encodeBase64(headerMac(fileKey, throughFooter))}\n`, 'latin1');
  const nonce = randomBytes(PAYLOAD_NONCE_BYTES);
  return {
    preamble: Buffer.concat([throughFooter, macLine, nonce]),
    payloadKey: payloadKey(fileKey, nonce),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Header: reading

function malformed(detail: string): AgeDecryptError {
  return new AgeDecryptError('malformed-header', `The age header is malformed: ${detail}`);
}

/** An argument is non-empty printable ASCII without spaces. */
function isValidArgument(text: string): boolean {
  return /^[\x21-\x7e]+$/.test(text);
}

interface ParsedHeader {
  stanzas: Stanza[];
  mac: Buffer;
}

/**
 * Parses a header, given its bytes through the footer line's newline and the offset of that line. As strict as
 * age's own parser, so that the bytes the MAC covers are exactly the canonical header age would re-encode.
 */
function parseHeader(header: Buffer, footerStart: number): ParsedHeader {
  const lines = header.toString('latin1', INTRO.length, footerStart).split('\n');
  lines.pop(); // the text before the footer ends with a newline
  const stanzas: Stanza[] = [];
  for (let index = 0; index < lines.length;) {
    const opening = lines[index++];
    const parts = opening.split(' ');
    const [prefix, type, ...args] = parts;
    if (prefix !== '->' || type === undefined || !parts.slice(1).every(isValidArgument)) {
      throw malformed('a stanza line is invalid');
    }
    const body: Buffer[] = [];
    for (;;) {
      if (index >= lines.length) {
        throw malformed(`the body of a ${type} stanza does not end with a short line`);
      }
      const decoded = decodeBase64(lines[index++]);
      if (!decoded || decoded.length > BODY_BYTES_PER_LINE) {
        throw malformed(`a ${type} stanza has an invalid body`);
      }
      body.push(decoded);
      if (decoded.length < BODY_BYTES_PER_LINE) break;
    }
    stanzas.push({ type, args, body: Buffer.concat(body) });
  }
  const footer = header.toString('latin1', footerStart, header.length - 1).split(' ');
  const mac = footer.length === 2 && footer[0] === FOOTER ? decodeBase64(footer[1]) : undefined;
  if (!mac || mac.length !== 32) throw malformed('the closing line is invalid');
  return { stanzas, mac };
}

interface Identity {
  privateKey: KeyObject;
  publicKey: Buffer;
}

function unwrapX25519(stanza: Stanza, identities: readonly Identity[]): Buffer | undefined {
  const share = stanza.args.length === 1 ? decodeBase64(stanza.args[0]) : undefined;
  if (!share || share.length !== KEY_BYTES) throw malformed('an X25519 stanza has an invalid share');
  if (stanza.body.length !== FILE_KEY_BYTES + TAG_BYTES) {
    throw malformed('an X25519 stanza has a wrong body size');
  }
  for (const identity of identities) {
    const shared = x25519(identity.privateKey, share);
    if (!shared) throw malformed('an X25519 stanza has an invalid share');
    const wrapKey = hkdf(shared, Buffer.concat([share, identity.publicKey]), X25519_LABEL);
    const fileKey = openOnce(wrapKey, stanza.body);
    if (fileKey) return fileKey;
  }
  return undefined;
}

async function unwrapScrypt(stanza: Stanza, passphrase: string, maxWorkFactor: number): Promise<Buffer> {
  const [saltText, workFactorText] = stanza.args;
  const salt = stanza.args.length === 2 ? decodeBase64(saltText) : undefined;
  if (!salt || salt.length !== SCRYPT_SALT_BYTES || !/^[1-9][0-9]*$/.test(workFactorText)) {
    throw malformed('the scrypt stanza is invalid');
  }
  if (stanza.body.length !== FILE_KEY_BYTES + TAG_BYTES) {
    throw malformed('the scrypt stanza has a wrong body size');
  }
  const workFactor = Number(workFactorText);
  if (workFactor > maxWorkFactor) {
    throw new AgeDecryptError(
      'work-factor-too-large',
      `The file's scrypt work factor ${workFactor} exceeds the allowed maximum ${maxWorkFactor}`,
    );
  }
  const fileKey = openOnce(await scryptKey(passphrase, salt, workFactor), stanza.body);
  if (!fileKey) {
    throw new AgeDecryptError('no-identity-matches', 'No identity matches: the passphrase is wrong');
  }
  return fileKey;
}

async function unwrapFileKey(stanzas: readonly Stanza[], unwrapping: Unwrapping): Promise<Buffer> {
  const scryptStanza = stanzas.find((stanza) => stanza.type === 'scrypt');
  if (scryptStanza && stanzas.length !== 1) throw malformed('a scrypt stanza must be the only stanza');
  if ('passphrase' in unwrapping) {
    if (!scryptStanza) {
      throw new AgeDecryptError(
        'no-identity-matches',
        'No identity matches: the file is encrypted to recipients, not with a passphrase',
      );
    }
    return unwrapScrypt(scryptStanza, unwrapping.passphrase, unwrapping.maxWorkFactor);
  }
  if (scryptStanza) {
    throw new AgeDecryptError(
      'no-identity-matches',
      'No identity matches: the file is encrypted with a passphrase, not to recipients',
    );
  }
  for (const stanza of stanzas) {
    // Other stanza types (other recipient kinds, or the random "grease" stanzas age may add) are not ours.
    if (stanza.type !== 'X25519') continue;
    const fileKey = unwrapX25519(stanza, unwrapping.identities);
    if (fileKey) return fileKey;
  }
  throw new AgeDecryptError('no-identity-matches', "No identity matches any of the file's recipients");
}

type Unwrapping = { identities: readonly Identity[] } | { passphrase: string; maxWorkFactor: number };

// ---------------------------------------------------------------------------------------------------------
// Payload

/**
 * Cuts a byte stream into fixed-size chunks and tells each apart as final or not. A full chunk is kept until more
 * input shows it is not the last one (age allows a full final chunk). Whole chunks followed by more bytes of the
 * same input buffer are passed on as views of it, without copying; the rest is copied into the stage, so that no
 * reference to a caller's buffer outlives the write that brought it (a writer may reuse its buffer afterwards).
 */
class Chunker {
  private readonly stage: Buffer;
  private staged = 0;

  constructor(
    private readonly size: number,
    private readonly onChunk: (chunk: Buffer, last: boolean) => void,
  ) {
    this.stage = Buffer.allocUnsafe(size);
  }

  write(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      if (this.staged === this.size) {
        this.onChunk(this.stage, false);
        this.staged = 0;
      }
      const available = data.length - offset;
      if (this.staged === 0 && available > this.size) {
        this.onChunk(data.subarray(offset, offset + this.size), false);
        offset += this.size;
      } else {
        const count = Math.min(this.size - this.staged, available);
        data.copy(this.stage, this.staged, offset, offset + count);
        this.staged += count;
        offset += count;
      }
    }
  }

  end(): void {
    this.onChunk(this.stage.subarray(0, this.staged), true);
  }
}

/** The STREAM nonce of a chunk: 11-byte big-endian counter, then 1 for the final chunk, else 0. */
function chunkNonce(nonce: Buffer, counter: number, last: boolean): Buffer {
  if (counter > MAX_CHUNK_COUNTER) throw new RangeError('age chunk counter overflow');
  nonce.writeUIntBE(counter, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/**
 * Encrypts its input into an age v1 file. The header is computed when the stream is constructed (for a
 * passphrase this runs scrypt off the main thread first) and emitted before any payload.
 */
export class AgeEncryptStream extends Transform {
  private readonly nonce = Buffer.alloc(12);
  /** Set by _construct, which Node runs before any write. */
  private payloadKey: KeyObject;
  private counter = 0;
  private readonly chunker = new Chunker(AGE_CHUNK_BYTES, (chunk, last) => this.sealChunk(chunk, last));

  constructor(private readonly wrapping: AgeKeyWrapping) {
    super();
  }

  override _construct(callback: (error?: Error | null) => void): void {
    createPreamble(this.wrapping).then(
      ({ preamble, payloadKey }) => {
        this.payloadKey = payloadKey;
        this.push(preamble);
        callback();
      },
      (error: unknown) =>
        callback(
          error instanceof AgeEncryptError
            ? error
            : new AgeEncryptError('Could not derive the file key wrapping', { cause: error }),
        ),
    );
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.chunker.write(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.chunker.end();
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  private sealChunk(chunk: Buffer, last: boolean): void {
    const nonce = chunkNonce(this.nonce, this.counter++, last);
    const cipher = createCipheriv('chacha20-poly1305', this.payloadKey, nonce, { authTagLength: TAG_BYTES });
    const sealed = cipher.update(chunk);
    cipher.final();
    if (sealed.length > 0) this.push(sealed);
    this.push(cipher.getAuthTag());
  }
}

/**
 * Decrypts an age v1 file. Plaintext is emitted chunk by chunk, each only after it authenticated; any failure
 * (wrong key, altered header, damaged, truncated or extended payload) destroys the stream with an
 * {@link AgeDecryptError}, and a consumer must then discard what it already received.
 */
export class AgeDecryptStream extends Transform {
  private readonly unwrapping: Unwrapping;
  /** Input received before the payload starts: header and payload nonce. */
  private prefix: Buffer = EMPTY;
  /** Where the search for the footer resumes in `prefix`. */
  private searchFrom = 0;
  private footer: { start: number; end: number } | undefined;
  private chunker: Chunker | undefined;
  /** Set once the header is open, before the chunker that uses it exists. */
  private payloadKey: KeyObject;
  private readonly nonce = Buffer.alloc(12);
  private counter = 0;

  constructor(unwrapping: AgeKeyUnwrapping) {
    super();
    this.unwrapping =
      'identities' in unwrapping
        ? {
            identities: unwrapping.identities.map((secret) => ({
              privateKey: x25519PrivateKey(secret),
              publicKey: x25519PublicKey(secret),
            })),
          }
        : unwrapping;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.chunker) {
      this.readPrefix(chunk).then(() => callback(), callback);
      return;
    }
    try {
      this.chunker.write(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.chunker) {
      callback(
        this.prefix.length === 0
          ? new AgeDecryptError('not-age-file', 'The input is empty, not an age file')
          : new AgeDecryptError('truncated', 'The age file ends before its payload begins'),
      );
      return;
    }
    try {
      this.chunker.end();
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  /** Collects the header and payload nonce, opens the header, then hands the rest to the payload. */
  private async readPrefix(chunk: Buffer): Promise<void> {
    this.prefix = this.prefix.length === 0 ? chunk : Buffer.concat([this.prefix, chunk]);
    const prefix = this.prefix;
    const introLength = Math.min(prefix.length, INTRO_BYTES.length);
    if (!prefix.subarray(0, introLength).equals(INTRO_BYTES.subarray(0, introLength))) {
      const armored = prefix.subarray(0, ARMOR_BEGIN.length).equals(ARMOR_BEGIN.subarray(0, prefix.length));
      throw new AgeDecryptError(
        'not-age-file',
        armored
          ? 'The input is an ASCII-armored age file; only the binary format is supported'
          : 'The input is not an age v1 file',
      );
    }
    this.footer ??= this.findFooter(prefix);
    if (!this.footer || prefix.length < this.footer.end + PAYLOAD_NONCE_BYTES) return;

    const { start, end } = this.footer;
    const { stanzas, mac } = parseHeader(prefix.subarray(0, end), start);
    const fileKey = await unwrapFileKey(stanzas, this.unwrapping);
    if (!timingSafeEqual(headerMac(fileKey, prefix.subarray(0, start + FOOTER.length)), mac)) {
      throw new AgeDecryptError('header-mac-mismatch', 'The age header was altered (its MAC does not match)');
    }
    this.payloadKey = payloadKey(fileKey, prefix.subarray(end, end + PAYLOAD_NONCE_BYTES));
    this.chunker = new Chunker(SEALED_CHUNK_BYTES, (sealed, last) => this.openChunk(sealed, last));
    this.prefix = EMPTY;
    this.chunker.write(prefix.subarray(end + PAYLOAD_NONCE_BYTES));
  }

  /** Finds the footer line (`--- <mac>\n`); a line starting with `---` can only be the footer. */
  private findFooter(prefix: Buffer): { start: number; end: number } | undefined {
    const marker = prefix.indexOf('\n---', this.searchFrom, 'latin1');
    if (marker < 0 || marker >= MAX_HEADER_BYTES) {
      if (prefix.length > MAX_HEADER_BYTES) throw malformed('it is larger than 1 MiB or has no closing line');
      this.searchFrom = Math.max(0, prefix.length - 3);
      return undefined;
    }
    const start = marker + 1;
    const newline = prefix.indexOf(0x0a, start);
    if (newline < 0) {
      if (prefix.length - start > MAX_FOOTER_LINE) throw malformed('the closing line is invalid');
      this.searchFrom = marker;
      return undefined;
    }
    return { start, end: newline + 1 };
  }

  private open(sealed: Buffer, counter: number, last: boolean): Buffer | undefined {
    const nonce = chunkNonce(this.nonce, counter, last);
    const decipher = createDecipheriv('chacha20-poly1305', this.payloadKey, nonce, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    try {
      decipher.final();
    } catch {
      return undefined;
    }
    return plaintext;
  }

  private openChunk(sealed: Buffer, last: boolean): void {
    const counter = this.counter;
    let plaintext: Buffer | undefined;
    if (last) {
      if (sealed.length < TAG_BYTES) {
        throw new AgeDecryptError('truncated', 'The age file is truncated: its final chunk is missing');
      }
      if (sealed.length === TAG_BYTES && counter > 0) {
        throw new AgeDecryptError('damaged', 'The age file ends with an empty chunk, which age never writes');
      }
      plaintext = this.open(sealed, counter, true);
      if (!plaintext && sealed.length === SEALED_CHUNK_BYTES && this.open(sealed, counter, false)) {
        throw new AgeDecryptError('truncated', `The age file is truncated after chunk ${counter}`);
      }
    } else {
      plaintext = this.open(sealed, counter, false);
      if (!plaintext && this.open(sealed, counter, true)) {
        throw new AgeDecryptError('trailing-data', 'The age file has data after its final chunk');
      }
    }
    if (!plaintext) {
      throw new AgeDecryptError(
        'damaged',
        `Chunk ${counter} of the age file failed authentication: it is damaged, truncated or was tampered with`,
      );
    }
    this.counter = counter + 1;
    if (plaintext.length > 0) this.push(plaintext);
  }
}
