/**
 * Interoperability of our age streams with the reference `age` CLI (Debian's /usr/bin/age): files we write
 * must decrypt with `age -d`, files `age` writes must decrypt with our stream, keys must match `age-keygen`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AGE_CHUNK_BYTES } from '../../../src/backups/crypto/age-stream.js';
import { AgeDecryptError } from '../../../src/backups/crypto/age.errors.js';
import {
  createAgeDecryptStream,
  createAgeEncryptStream,
  generateAgeIdentity,
  recipientOf,
  type AgeIdentity,
} from '../../../src/backups/crypto/age.js';

const AGE = '/usr/bin/age';
const AGE_KEYGEN = '/usr/bin/age-keygen';
/** util-linux `script` gives `age` the terminal it insists on reading passphrases from. */
const SCRIPT = '/usr/bin/script';
const MiB = 1024 * 1024;

interface Finished {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs a program with `input` (bytes, or a stream piped in) on its stdin and collects its output. */
async function exec(command: string, args: string[], input?: Buffer | Readable): Promise<Finished> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // A program that fails early closes its stdin: that shows in its status, not as an EPIPE here.
  child.stdin.on('error', () => undefined);
  const feeding =
    input instanceof Readable ? pipeline(input, child.stdin).catch(() => undefined) : child.stdin.end(input);
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  await feeding;
  return { status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString() };
}

async function execOk(command: string, args: string[], input?: Buffer | Readable): Promise<Buffer> {
  const result = await exec(command, args, input);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** Runs a command line inside a pseudo-terminal whose keyboard input is `typed`. */
function execWithTerminal(commandLine: string, typed: string): Promise<Finished> {
  return exec(SCRIPT, ['--quiet', '--return', '--command', commandLine, '/dev/null'], Buffer.from(typed));
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

async function collect(source: Readable, transform: Transform): Promise<Buffer> {
  const output: Buffer[] = [];
  await pipeline(source, transform, async (stream: AsyncIterable<Buffer>) => {
    for await (const chunk of stream) output.push(chunk);
  });
  return Buffer.concat(output);
}

describe('age interoperability with the age CLI', () => {
  let dir: string;
  /** A key pair made by age-keygen, and one made by us. */
  let theirs: AgeIdentity & { file: string };
  let ours: AgeIdentity & { file: string };
  const stranger = generateAgeIdentity();
  let counter = 0;
  const path = (name: string) => join(dir, `${++counter}-${name}`);

  async function encryptToFile(plaintext: Buffer, options: Parameters<typeof createAgeEncryptStream>[0]) {
    const file = path('ours.age');
    await pipeline(Readable.from([plaintext]), createAgeEncryptStream(options), createWriteStream(file));
    return file;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'age-interop-'));
    const keyFile = path('their-key.txt');
    await execOk(AGE_KEYGEN, ['-o', keyFile]);
    const text = readFileSync(keyFile, 'utf8');
    theirs = {
      file: keyFile,
      secretKey: /^(AGE-SECRET-KEY-1\S+)$/m.exec(text)?.[1] ?? '',
      recipient: /^# public key: (age1\S+)$/m.exec(text)?.[1] ?? '',
    };
    const generated = generateAgeIdentity();
    ours = { ...generated, file: path('our-key.txt') };
    writeFileSync(ours.file, `# made by generateAgeIdentity\n${ours.secretKey}\n`);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('derives the same recipients as age-keygen -y, for its keys and ours', async () => {
    expect(theirs.secretKey).toMatch(/^AGE-SECRET-KEY-1/);
    const theirRecipient = (await execOk(AGE_KEYGEN, ['-y', theirs.file])).toString().trim();
    expect(recipientOf(theirs.secretKey)).toBe(theirRecipient);
    expect(theirRecipient).toBe(theirs.recipient);
    expect((await execOk(AGE_KEYGEN, ['-y', ours.file])).toString().trim()).toBe(ours.recipient);
  });

  it.each([
    ['0 B', 0],
    ['1 B', 1],
    ['64 KiB', AGE_CHUNK_BYTES],
    ['64 KiB + 1', AGE_CHUNK_BYTES + 1],
    ['5 MiB', 5 * MiB],
  ])('age decrypts our %s file for each of its recipients', async (_label, size) => {
    const plaintext = randomBytes(size);
    const file = await encryptToFile(plaintext, { recipients: [theirs.recipient, ours.recipient] });
    for (const keyFile of [theirs.file, ours.file]) {
      expect((await execOk(AGE, ['-d', '-i', keyFile, file])).equals(plaintext)).toBe(true);
    }
  });

  it.each([
    ['0 B', 0],
    ['1 B', 1],
    ['64 KiB', AGE_CHUNK_BYTES],
    ['64 KiB + 1', AGE_CHUNK_BYTES + 1],
    ['5 MiB', 5 * MiB],
  ])('we decrypt age’s %s file with each of its identities', async (_label, size) => {
    const plaintext = randomBytes(size);
    const input = path('plain.bin');
    const file = path('theirs.age');
    writeFileSync(input, plaintext);
    await execOk(AGE, ['-r', theirs.recipient, '-r', ours.recipient, '-o', file, input]);
    for (const identity of [theirs, ours]) {
      const opened = await collect(
        createReadStream(file),
        createAgeDecryptStream({ identities: [identity.secretKey] }),
      );
      expect(opened.equals(plaintext)).toBe(true);
    }
  });

  it('streams through pipes both ways: ours into `age -d`, `age -r` into ours (5 MiB)', async () => {
    const plaintext = randomBytes(5 * MiB);
    const encrypt = createAgeEncryptStream({ recipients: [theirs.recipient] });
    const feeding = pipeline(Readable.from([plaintext]), encrypt);
    const toAge = exec(AGE, ['-d', '-i', theirs.file], encrypt);
    await feeding;
    const decrypted = await toAge;
    expect(decrypted.status).toBe(0);
    expect(decrypted.stdout.equals(plaintext)).toBe(true);

    const child = spawn(AGE, ['-r', ours.recipient], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(plaintext);
    const opened = await collect(child.stdout, createAgeDecryptStream({ identities: [ours.secretKey] }));
    expect(opened.equals(plaintext)).toBe(true);
  });

  it('refuses the wrong key in both directions', async () => {
    const input = path('plain.bin');
    writeFileSync(input, 'secret rows');
    const theirFile = path('theirs.age');
    await execOk(AGE, ['-r', theirs.recipient, '-o', theirFile, input]);
    await expect(
      collect(createReadStream(theirFile), createAgeDecryptStream({ identities: [stranger.secretKey] })),
    ).rejects.toMatchObject({ name: 'AgeDecryptError', reason: 'no-identity-matches' });

    const ourFile = await encryptToFile(Buffer.from('secret rows'), { recipients: [ours.recipient] });
    const refused = await exec(AGE, ['-d', '-i', theirs.file, ourFile]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/no identity matched/);
  });

  it('age refuses our files once tampered with or truncated, as we refuse its', async () => {
    const plaintext = randomBytes(3 * AGE_CHUNK_BYTES);
    const ourFile = await encryptToFile(plaintext, { recipients: [theirs.recipient] });
    const bytes = readFileSync(ourFile);
    const tampered = Buffer.from(bytes);
    tampered[bytes.length - 100] ^= 0x80;
    const tamperedFile = path('tampered.age');
    writeFileSync(tamperedFile, tampered);
    expect((await exec(AGE, ['-d', '-i', theirs.file, tamperedFile])).status).not.toBe(0);
    const truncatedFile = path('truncated.age');
    writeFileSync(truncatedFile, bytes.subarray(0, bytes.length - (AGE_CHUNK_BYTES + 16)));
    expect((await exec(AGE, ['-d', '-i', theirs.file, truncatedFile])).status).not.toBe(0);

    const input = path('plain.bin');
    writeFileSync(input, plaintext);
    const theirFile = path('theirs.age');
    await execOk(AGE, ['-r', ours.recipient, '-o', theirFile, input]);
    const theirBytes = readFileSync(theirFile);
    const cut = theirBytes.subarray(0, theirBytes.length - (AGE_CHUNK_BYTES + 16));
    const error: unknown = await collect(
      Readable.from([cut]),
      createAgeDecryptStream({ identities: [ours.secretKey] }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgeDecryptError);
    expect((error as AgeDecryptError).reason).toBe('truncated');
  });

  // age reads passphrases only from a terminal; `script` provides one. Without it, this direction is untestable here.
  const withTerminal = existsSync(SCRIPT) ? it : it.skip;

  // The timeout: two scrypt runs at age's default 2^18 (age's own, then ours) take seconds each on a busy machine.
  withTerminal(
    'passphrase files (scrypt) cross over both ways',
    async () => {
      const passphrase = 'correct horse battery staple';
      const plaintext = randomBytes(200 * 1024);
      const ourFile = await encryptToFile(plaintext, { passphrase, workFactor: 14 });
      const ourOutput = path('from-ours.bin');
      const decrypting = await execWithTerminal(
        `${AGE} -d -o ${shellQuote(ourOutput)} ${shellQuote(ourFile)}`,
        `${passphrase}\n`,
      );
      expect(decrypting.status).toBe(0);
      expect(readFileSync(ourOutput).equals(plaintext)).toBe(true);

      const input = path('plain.bin');
      writeFileSync(input, plaintext);
      const theirFile = path('theirs.age');
      // age -p asks twice (passphrase, then confirmation); it uses its default work factor, 18.
      const encrypting = await execWithTerminal(
        `${AGE} -p -o ${shellQuote(theirFile)} ${shellQuote(input)}`,
        `${passphrase}\n${passphrase}\n`,
      );
      expect(encrypting.status).toBe(0);
      expect(readFileSync(theirFile, 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 18\n/);
      const opened = await collect(createReadStream(theirFile), createAgeDecryptStream({ passphrase }));
      expect(opened.equals(plaintext)).toBe(true);
    },
    90_000,
  );
});
